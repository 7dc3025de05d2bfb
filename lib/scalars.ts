import { GraphQLError, GraphQLScalarType, type ValueNode } from 'graphql';
import { DateTimeResolver as DateTimeOfGraphQLScalars, LocalDateResolver as LocalDateOfGraphQLScalars } from 'graphql-scalars';

/**
 * graphql-scalars' DateTime and LocalDate, refusing years outside 0001–9999 (PostgreSQL has no
 * year 0 and ISO 8601 strings no fifth digit): such a value is a BAD_USER_INPUT of the argument it
 * was given to, not a PostgreSQL error. Same names, descriptions and SDL: every subgraph uses
 * these instead of graphql-scalars' own (two scalars of one name cannot share a schema).
 */
function withYearsOneToNineThousand(scalar: GraphQLScalarType, yearOf: (value: unknown) => number | undefined): GraphQLScalarType {
  const config = scalar.toConfig();
  const checked = <T>(value: T): T => {
    const year = yearOf(value);
    if (year !== undefined && (Number.isNaN(year) || year < 1 || year > 9999)) {
      throw new GraphQLError(`${scalar.name} must be in the years 0001 to 9999`);
    }
    return value;
  };
  return new GraphQLScalarType({
    ...config,
    parseValue: (value: unknown) => checked(config.parseValue!(value)),
    parseLiteral: (node: ValueNode, variables?: Record<string, unknown> | null) => checked(config.parseLiteral!(node, variables)),
  });
}

export const DateTimeResolver = withYearsOneToNineThousand(DateTimeOfGraphQLScalars, (value) => (value instanceof Date ? value.getUTCFullYear() : undefined));

export const LocalDateResolver = withYearsOneToNineThousand(LocalDateOfGraphQLScalars, (value) =>
  typeof value === 'string' && /^\d{4}-/.test(value) ? Number(value.slice(0, 4)) : undefined,
);

export { JSONObjectResolver } from 'graphql-scalars';
