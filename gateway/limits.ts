import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
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
 * - cost 100000 (armor's weights on the document: object 2, scalar 1, ×1.5 per level of depth, and
 *   a list field's cost multiplied by its `first`): a full page of 100 tickets with member,
 *   application and 10 history entries each costs about 96500, the 2018 deployments page about
 *   6500; a page of 100 tickets each with 100 history entries (~890000) or hundreds of fields piled
 *   up inside a cycle do not fit.
 * - aliases 15: a dashboard may ask the same field for a few years side by side, not hundreds.
 * - directives 20 (`@include`/`@skip` per optional field), tokens 2000 (a large hand-written
 *   query is a few hundred).
 */
export const OPERATION_LIMITS = {
  maxDepth: 10,
  maxCost: 100_000,
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

/**
 * Refuses, as a 400 BAD_REQUEST, what the query planner would otherwise turn into a 500:
 * an operationName absent from the document (or several operations and none named), and
 * subscriptions (the hub has none).
 */
export function operationGuardPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  const refuse = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (!operation) {
            throw refuse(
              request.operationName
                ? `No operation named "${request.operationName}" in the document`
                : 'The document has several operations: name the one to run in operationName',
            );
          }
          if (operation.operation === 'subscription') throw refuse('Subscriptions are not supported by the hub');
        },
      };
    },
  };
}
