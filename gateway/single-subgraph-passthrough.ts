import type { ApolloServerPlugin, HTTPGraphQLResponse } from '@apollo/server';
import type { Experimental_DidResolveQueryPlanCallback } from '@apollo/gateway';
import { type OperationDefinitionNode, parse, print } from 'graphql';
import type { AnswerShortcut, KeptAnswer } from '../lib/http';
import type { GatewayContext } from './context';
import type { Prefetched } from './data-source';
import type { BufferedAnswer } from './deduplication';

/**
 * Single-subgraph pass-through (HUB_SINGLE_SUBGRAPH_PASSTHROUGH, on by default). Most of what a
 * dashboard asks lives in one subgraph (members, ticketVolume, the indicators): the query plan is
 * one fetch, and the gateway's answer is that fetch's answer, unchanged. Apollo's pipeline around
 * it (document hash and store, plugins, plan lookup, result shaping, serialisation) cost about a
 * millisecond of CPU per request, as much as the subgraph's own work.
 *
 * So once Apollo has answered a request, byte for byte (method, query string, `Accept`, body: the
 * key of lib/http.ts's shortcuts), with exactly that, the request is remembered as the one fetch it
 * takes; the next time those bytes come, from any viewer, the gateway sends that fetch for the new
 * viewer (their own vouch, their own request id, through the same deduplicated transport) and
 * answers with what the subgraph says. What Apollo checked the first time (parse, validation,
 * depth, aliases, cost with the variables, the NUL guard, persisted-only mode) depends only on
 * those bytes, never on the viewer, so its verdict stands for them; the credential is still checked
 * and the rate limit still spent on every request (before any shortcut), and the subgraph applies
 * its own rules to the viewer.
 *
 * Remembered only when every one of these held: the operation is a query; its plan is a single
 * fetch with nothing required, rewritten or deferred; that fetch selects exactly what the client
 * selected (same printed selection set: no `__typename` added, no fragments to resolve); the
 * subgraph answered 200 and Apollo's whole answer was the subgraph's text, byte for byte, with
 * `Cache-Control: no-store`; and, when the response cache is on, the answer was not cacheable
 * (cacheable ones are the response cache's). Given again only when the subgraph answers 200 with
 * `data` alone: an answer with errors, or a fetch that fails, goes through Apollo's pipeline,
 * which reads that same outcome instead of fetching again (gateway/data-source.ts's `prefetched`),
 * so the errors come back exactly as without this shortcut, and a failing subgraph is asked once.
 */

/** Requests remembered at most (the memory is emptied beyond). */
const REMEMBERED_MAX = 5_000;
/** A request longer than this (characters of key and fetch body) is not remembered. */
const REMEMBERED_CHARS_MAX = 64 * 1024;

/** Sends a remembered fetch body to a subgraph for this request's viewer. */
export type PassThroughSend = (serviceName: string, body: string, context: GatewayContext) => Promise<BufferedAnswer>;

/** What one request whose plan is a single plain fetch showed while Apollo answered it (other requests are not watched). */
interface Observed {
  /** The subgraph of the plan's only fetch (one that selects exactly what the client did). */
  singleFetch: string;
  /** Every subgraph exchange of the request (only a plan with one is remembered). */
  exchanges: { serviceName: string; sent: string; status: number; received: string }[];
  query: boolean;
  cacheable: boolean;
}

interface Remembered {
  serviceName: string;
  /** The fetch's body, exactly as Apollo sent it (document, variables, operation name). */
  body: string;
  /** Apollo's answer headers (media type, Cache-Control), given again with each answer. */
  headers: [string, string][];
}

export class SingleSubgraphPassThrough {
  private readonly remembered = new Map<string, Remembered>();
  private readonly observed = new WeakMap<object, Observed>();
  /** Fetches sent by the pass-through whose answer Apollo's pipeline must give (errors, failures), per request. */
  private readonly handedOver = new WeakMap<object, { serviceName: string; prefetched: Prefetched }>();
  /** Per plan fetch: whether it selects exactly what the client's operation does. */
  private readonly sameSelection = new WeakMap<object, boolean>();
  /** Requests answered by a remembered fetch (for tests and the benchmark). */
  answered = 0;

  constructor(
    private readonly send: PassThroughSend,
    /** With the response cache on, cacheable answers are left to it. */
    private readonly responseCacheOn: boolean,
  ) {}

  /** For ApolloGateway's `experimental_didResolveQueryPlan`: notes a plan that is one plain fetch selecting what the client selected. */
  readonly didResolveQueryPlan: Experimental_DidResolveQueryPlanCallback = ({ queryPlan, requestContext, operationContext }) => {
    const node = queryPlan.node;
    if (node?.kind !== 'Fetch' || node.operationKind !== 'query' || node.hasDefers || node.requires?.length) return;
    if (node.inputRewrites?.length || node.outputRewrites?.length || node.contextRewrites?.length) return;
    let same = this.sameSelection.get(node);
    if (same === undefined) {
      same = selectsTheSame(node.operation, operationContext.operation);
      this.sameSelection.set(node, same);
    }
    const context = requestContext.context as GatewayContext | undefined;
    if (same && context?.perRequest) this.observed.set(context.perRequest, { singleFetch: node.serviceName, exchanges: [], query: false, cacheable: false });
  };

  /** What a subgraph answered for this request, when it is watched (gateway/data-source.ts calls it for each fetch). */
  recordExchange(context: GatewayContext, serviceName: string, exchange: { sent: string; status: number; received: string }): void {
    this.observed.get(context.perRequest)?.exchanges.push({ serviceName, ...exchange });
  }

  /** Notes the operation's kind and whether its answer was cacheable, once Apollo has answered. */
  plugin(): ApolloServerPlugin<GatewayContext> {
    return {
      requestDidStart: async () => ({
        willSendResponse: async (requestContext) => {
          const observed = this.observed.get(requestContext.contextValue.perRequest);
          if (!observed) return;
          observed.query = requestContext.operation?.operation === 'query';
          observed.cacheable = requestContext.overallCachePolicy.policyIfCacheable() !== null;
        },
      }),
    };
  }

  /** The shortcut lib/http.ts consults before Apollo (after the response cache's hot answers). */
  shortcut(): AnswerShortcut<GatewayContext> {
    return {
      lookup: (key, context) => this.lookup(key, context),
      remember: (key, context, response) => this.remember(key, context, response),
    };
  }

  private async lookup(key: string, context: GatewayContext): Promise<KeptAnswer | undefined> {
    const remembered = this.remembered.get(key);
    if (!remembered) return undefined;
    const outcome = this.send(remembered.serviceName, remembered.body, context);
    const answer = await outcome.catch(() => undefined);
    if (answer?.status === 200 && isDataAlone(answer.body)) {
      this.answered += 1;
      return { status: 200, headers: remembered.headers, body: answer.body };
    }
    // Errors or a failure: Apollo's pipeline answers, reading this outcome instead of fetching again.
    this.handedOver.set(context.perRequest, { serviceName: remembered.serviceName, prefetched: { body: remembered.body, outcome } });
    return undefined;
  }

  /** For the data sources: the outcome of the fetch this request already sent to `serviceName`, once. */
  prefetched(context: GatewayContext, serviceName: string): Prefetched | undefined {
    const handed = context.perRequest ? this.handedOver.get(context.perRequest) : undefined;
    if (handed?.serviceName !== serviceName) return undefined;
    this.handedOver.delete(context.perRequest);
    return handed.prefetched;
  }

  private remember(key: string, context: GatewayContext, response: HTTPGraphQLResponse): void {
    const observed = this.observed.get(context.perRequest);
    if (!observed?.query || observed.exchanges.length !== 1) return;
    if (this.responseCacheOn && observed.cacheable) return;
    const [exchange] = observed.exchanges;
    if (exchange.serviceName !== observed.singleFetch || exchange.status !== 200) return;
    if ((response.status ?? 200) !== 200 || response.body.kind !== 'complete' || response.body.string !== exchange.received) return;
    if (response.headers.get('cache-control') !== 'no-store' || !isDataAlone(exchange.received)) return;
    if (key.length + exchange.sent.length > REMEMBERED_CHARS_MAX) return;
    if (this.remembered.size >= REMEMBERED_MAX) this.remembered.clear();
    const headers = [...response.headers].filter(([name]) => name !== 'content-length' && name !== 'age');
    this.remembered.set(key, { serviceName: exchange.serviceName, body: exchange.sent, headers });
  }
}

/** Whether a fetch's document selects exactly the client's operation's selection (printed alike). */
function selectsTheSame(fetchOperation: string, clientOperation: OperationDefinitionNode): boolean {
  try {
    const fetched = parse(fetchOperation, { noLocation: true }).definitions;
    if (fetched.length !== 1 || fetched[0].kind !== 'OperationDefinition') return false;
    return print(fetched[0].selectionSet) === print(clientOperation.selectionSet);
  } catch {
    return false;
  }
}

/** Whether a subgraph's answer is `{"data": {…}}` and nothing else (no errors, no extensions). */
function isDataAlone(text: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return false;
  const keys = Object.keys(parsed);
  const { data } = parsed as { data?: unknown };
  return keys.length === 1 && keys[0] === 'data' && data !== null && typeof data === 'object';
}
