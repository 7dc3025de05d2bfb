import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, type ParseOptions, type ValidationContext, type ValidationRule } from 'graphql';
import { costLimitPlugin } from './cost';

/**
 * Operation limits, tuned for the hub's schema, on the gateway and on every subgraph
 * (graphql-armor's depth, alias and directive rules, graphql-js' token cap, lib/cost.ts' cost).
 *
 * - depth 10: the deepest useful path is about 8 fields
 *   (`tickets.edges.node.member.delegates.substitute.member.code`); the schema has cycles
 *   (Member → Delegate → Member, Domain → Application → Domain) that only an abuser walks further.
 * - cost 60000 (lib/cost.ts: 1 per field, a connection's selection × its `first` (20 when absent),
 *   `_entities`' × its representations, other lists × 10, `applications` × 100), computed with the
 *   variables. The
 *   largest legitimate operations are the bench's (scripts/bench/queries.ts): its cross-subgraph
 *   query (6 members × 2 pages of tickets, each with its application and deployments) costs 45401
 *   at its largest size (1008 parent tickets) and 54041 with pages of 100. Every SDK operation,
 *   playground tab and export with its page variables at 100 costs 3701 at most (Deployments), a
 *   documented example 4701 (docs/data.md, applications with their provenance); 100 tickets with
 *   member, application and 10 history entries each, 7901.
 *   Pages nested in pages do not fit: 100 tickets × 100 history entries costs 70401, the review's
 *   attack (tickets → application → tickets → history, pages of 100: about 11.8 M with armor's
 *   weights) 7040501, with literals or with variables alike (test/hardening-limits.test.ts
 *   measures all of these).
 * - aliases 15: a dashboard may ask the same field for a few years side by side, not hundreds.
 * - directives 20 (`@include`/`@skip` per optional field), tokens 2000 (a large hand-written
 *   query is a few hundred).
 */
export const OPERATION_LIMITS = {
  maxDepth: 10,
  maxCost: 60_000,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 2000,
} as const;

export type OperationLimits = { [K in keyof typeof OPERATION_LIMITS]: number };

/**
 * A subgraph's limits: the gateway's, with room for what the gateway's query planner adds to a
 * legitimate operation and nothing more. Depth is the same: a subgraph fetch is part of a client's
 * operation, `_entities` standing for the path down to the entity (its inline fragments do not
 * count). The planner inlines fragments (tokens: 20000) and adds key fields, `__typename`, and
 * aliases of its own when two selections clash (aliases: twice the gateway's). Cost: four times the
 * gateway's, because a fetch's `_entities` carries the real number of parents where the gateway
 * estimated an unpaged list at 10 (`applications` has about 60: "every application with its last
 * 100 tickets" is fine at the gateway and six times its estimate here); the largest fetch of the
 * bench's plan costs 27229.
 */
export const SUBGRAPH_OPERATION_LIMITS: OperationLimits = {
  maxDepth: OPERATION_LIMITS.maxDepth,
  maxCost: 4 * OPERATION_LIMITS.maxCost,
  maxAliases: 2 * OPERATION_LIMITS.maxAliases,
  maxDirectives: OPERATION_LIMITS.maxDirectives,
  maxTokens: 20_000,
};

// HUB_SUBGRAPH_MAX_ENTITIES' default lives with the configuration (lib/config.ts reads no GraphQL module).
export { DEFAULT_SUBGRAPH_MAX_ENTITIES } from './config';

/** Depth, alias and directive rules; a breach is a 400 GRAPHQL_VALIDATION_FAILED with `extensions.limit`. */
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
    maxAliasesRule({ n: limits.maxAliases, ...report('aliases') }),
    maxDirectivesRule({ n: limits.maxDirectives, ...report('directives') }),
  ] as ValidationRule[];
}

/** graphql-js stops parsing past this many tokens: a 400 GRAPHQL_PARSE_FAILED before any work is done. */
export function limitParseOptions(limits: OperationLimits = OPERATION_LIMITS): ParseOptions {
  return { maxTokens: limits.maxTokens };
}

/**
 * Everything an ApolloServer needs to enforce `limits`: validation rules, parse options, and the
 * cost plugin (the cost depends on the variables, known once the operation is resolved: after
 * validation, which Apollo caches per document).
 */
export function operationLimits<TContext extends BaseContext>(limits: OperationLimits, maxEntities?: number) {
  return {
    validationRules: limitRules(limits),
    parseOptions: limitParseOptions(limits),
    costPlugin: costLimitPlugin<TContext>({ maxCost: limits.maxCost, maxEntities }) as ApolloServerPlugin<TContext>,
  };
}
