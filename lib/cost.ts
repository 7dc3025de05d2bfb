import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { getNamedType, getNullableType, GraphQLError, isLeafType, isListType, type DocumentNode, type GraphQLSchema } from 'graphql';
import { type ComplexityEstimator, type ComplexityEstimatorArgs, getComplexity } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from './connection';

/**
 * What an operation costs, computed on the operation as it will run: variables and their defaults,
 * fragments, aliases (each counted), `@include`/`@skip`, and on a subgraph the `_entities` fan-out.
 * graphql-armor's cost rule read literals only (`first: $n` counted as no `first` at all).
 *
 * The weights count what the hub resolves, roughly one row each:
 * - every field costs 1 (a scalar is read from a row already fetched; an object field is a lookup);
 * - a field with a `first` argument (a connection) multiplies its selection by `first`, or by the
 *   default page size when absent (what the resolver then answers); its `edges` list is that page;
 * - `_entities` multiplies its selection by the number of representations (a subgraph fetch of the
 *   gateway: one entity resolved per representation);
 * - any other list of objects multiplies its selection by UNPAGED_LIST_ESTIMATE: the hub's unpaged
 *   lists are reference lists (6 members, 10 domains, a few deployments per application a year), so
 *   10 is their order of size; lists of scalars cost 1. The few longer ones have their own estimate
 *   (UNPAGED_LIST_ESTIMATES): what hangs below them is fetched from another subgraph once per item
 *   (`_entities`), so underestimating them would let a fan-out through that the subgraphs refuse.
 */
export const UNPAGED_LIST_ESTIMATE = 10;

/** Unpaged lists well over 10 items, by `Type.field`: about 60 applications, one row per application deployed. */
export const UNPAGED_LIST_ESTIMATES: Readonly<Record<string, number>> = {
  'Query.applications': 100,
  'Query.deploymentsByApplication': 100,
  'Domain.applications': 30,
  'Council.delegates': 30,
};

/** How many representations an `_entities` field asks for (0 when they are not a list). */
function representationsOf(args: Record<string, unknown>): number {
  return Array.isArray(args.representations) ? args.representations.length : 0;
}

/** How many times a field's selection is resolved for one parent. */
function multiplierOf({ type: parentType, field, args }: ComplexityEstimatorArgs): number {
  if (field.name === '_entities') return representationsOf(args);
  if (field.args.some((arg) => arg.name === 'first')) {
    const first = args.first;
    // A negative or non-integer `first` is refused by the resolver; count it as the default page.
    return typeof first === 'number' && Number.isInteger(first) && first >= 0 ? first : DEFAULT_PAGE_SIZE;
  }
  const returned = getNullableType(field.type);
  if (!isListType(returned) || isLeafType(getNamedType(returned))) return 1;
  // A connection's page was counted on the connection field.
  if (field.name === 'edges') return 1;
  return UNPAGED_LIST_ESTIMATES[`${parentType.name}.${field.name}`] ?? UNPAGED_LIST_ESTIMATE;
}

/** The hub's estimator: 1 per field, its selection multiplied as multiplierOf says. */
export const hubCostEstimator: ComplexityEstimator = (options) => 1 + multiplierOf(options) * options.childComplexity;

export interface OperationCost {
  cost: number;
  /** Representations asked of `_entities` in the operation, all aliases together. */
  entities: number;
}

/** Fields (not fragments) visited at most; beyond, the operation is refused as too costly (fragments reused many times). */
const MAX_QUERY_NODES = 50_000;

/**
 * The cost of the operation `operationName` of `document` with `variables` (and the representations it
 * asks of `_entities`). Infinity when the document expands to more than MAX_QUERY_NODES fields.
 */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> = {}, operationName?: string): OperationCost {
  let entities = 0;
  const countingEntities: ComplexityEstimator = (options) => {
    if (options.field.name === '_entities') entities += representationsOf(options.args);
    return undefined;
  };
  try {
    const cost = getComplexity({
      schema,
      query: document,
      variables,
      operationName: operationName ?? undefined,
      estimators: [countingEntities, hubCostEstimator],
      maxQueryNodes: MAX_QUERY_NODES,
    });
    return { cost, entities };
  } catch (error) {
    if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) return { cost: Infinity, entities };
    throw error;
  }
}

/** A limit's refusal, in the shape of the other limits: 400 GRAPHQL_VALIDATION_FAILED with the limit named. */
export function limitError(limit: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit, http: { status: 400 } } });
}

export interface CostLimits {
  maxCost: number;
  /** Representations of `_entities` per request at most (subgraphs); unset: not checked. */
  maxEntities?: number;
}

/** Variables longer than this (as JSON) are measured every time: they are not worth a place. */
const REMEMBERED_VARIABLES_MAX_CHARS = 2_000;
/** Costs remembered per document at most (distinct variables). */
const REMEMBERED_PER_DOCUMENT = 256;

/**
 * The cost of an operation with given variables is the same every time: remembered per parsed
 * document (Apollo hands the same document object to every request of the same text, and drops it
 * from its own cache when it is no longer used), by operation name and variables. Walking the
 * document was about a twentieth of the gateway's CPU under a dashboard's load.
 */
function rememberedCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName: string | undefined, remembered: WeakMap<DocumentNode, Map<string, OperationCost>>): OperationCost {
  // A subgraph's `_entities` representations are never asked twice alike: not even serialised for a key.
  if (variables.representations !== undefined) return operationCost(schema, document, variables, operationName);
  const variablesKey = JSON.stringify(variables);
  if (variablesKey.length > REMEMBERED_VARIABLES_MAX_CHARS) return operationCost(schema, document, variables, operationName);
  const key = `${operationName ?? ''}\n${variablesKey}`;
  let costs = remembered.get(document);
  const known = costs?.get(key);
  if (known) return known;
  const measured = operationCost(schema, document, variables, operationName);
  if (!costs) {
    costs = new Map();
    remembered.set(document, costs);
  }
  if (costs.size >= REMEMBERED_PER_DOCUMENT) costs.clear();
  costs.set(key, measured);
  return measured;
}

/**
 * Refuses an operation over the cost limit (or, on a subgraph, asking `_entities` for more
 * representations than maxEntities) once its variables are known, before anything runs.
 */
export function costLimitPlugin<TContext extends BaseContext>(limits: CostLimits): ApolloServerPlugin<TContext> {
  // Per schema too: a gateway whose supergraph changed measures again.
  const remembered = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, OperationCost>>>();
  const rememberedFor = (schema: GraphQLSchema) => {
    let costs = remembered.get(schema);
    if (!costs) {
      costs = new WeakMap();
      remembered.set(schema, costs);
    }
    return costs;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operation, operationName }) {
          if (!operation) return; // operationGuardPlugin (gateway) or Apollo itself refuses it
          let measured: OperationCost;
          try {
            measured = rememberedCost(schema, document, request.variables ?? {}, operationName ?? undefined, rememberedFor(schema));
          } catch (error) {
            // Variables that do not fit their types: Apollo refuses them as BAD_USER_INPUT at execution.
            if (error instanceof GraphQLError) return;
            throw error;
          }
          if (limits.maxEntities !== undefined && measured.entities > limits.maxEntities) {
            throw limitError('entities', `_entities limit of ${limits.maxEntities} representations exceeded, found ${measured.entities}.`);
          }
          if (measured.cost > limits.maxCost) {
            const found = Number.isFinite(measured.cost) ? String(measured.cost) : `more than ${MAX_QUERY_NODES} fields once fragments are expanded`;
            throw limitError('cost', `Query Cost limit of ${limits.maxCost} exceeded, found ${found}.`);
          }
        },
      };
    },
  };
}
