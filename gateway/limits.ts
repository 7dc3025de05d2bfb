import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, type ParseOptions, type ValidationContext, type ValidationRule } from 'graphql';

/**
 * Operation limits, tuned for the hub's schema (graphql-armor's rules, graphql-js' own token cap).
 *
 * - depth 10: the deepest useful path is about 8 fields
 *   (`tickets.edges.node.member.delegates.substitute.member.code`); the schema has cycles
 *   (Member → Delegate → Member, Domain → Application → Domain) that only an abuser walks further.
 * - cost 5000 (armor's weights: object 2, scalar 1, ×1.5 per level): a full council with every
 *   delegate, member and substitute costs well under 1000; ten nested cycles do not fit.
 * - aliases 15: a dashboard may ask the same field for a few years side by side, not hundreds.
 * - directives 20 (`@include`/`@skip` per optional field), tokens 2000 (a large hand-written
 *   query is a few hundred).
 */
export const OPERATION_LIMITS = {
  maxDepth: 10,
  maxCost: 5000,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 2000,
} as const;

export type OperationLimits = { [K in keyof typeof OPERATION_LIMITS]: number };

/** Validation rules the gateway adds to GraphQL's own; a breach is a 400 GRAPHQL_VALIDATION_FAILED. */
export function limitRules(limits: OperationLimits = OPERATION_LIMITS): ValidationRule[] {
  // armor's rules throw by default (envelop catches that); Apollo wants the error reported to the
  // validation context instead, which makes it a 400 GRAPHQL_VALIDATION_FAILED like any other.
  const report = (limit: string) => ({
    propagateOnRejection: false,
    // Limits are public knowledge (they are in the docs): naming them helps clients fix their query.
    exposeLimits: true,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) =>
        context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { limit } })),
    ],
  });
  return [
    maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, ...report('depth') }),
    costLimitRule({ maxCost: limits.maxCost, ignoreIntrospection: true, ...report('cost') }),
    maxAliasesRule({ n: limits.maxAliases, ...report('aliases') }),
    maxDirectivesRule({ n: limits.maxDirectives, ...report('directives') }),
  ] as ValidationRule[];
}

/** graphql-js stops parsing past this many tokens: a 400 GRAPHQL_PARSE_FAILED before any work is done. */
export function limitParseOptions(limits: OperationLimits = OPERATION_LIMITS): ParseOptions {
  return { maxTokens: limits.maxTokens };
}
