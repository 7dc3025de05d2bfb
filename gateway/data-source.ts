import { randomUUID } from 'node:crypto';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { hubError, RETRY_AFTER_SECONDS } from '../lib/errors';
import { REQUEST_ID_HEADER } from '../lib/http';
import { VIEWER_HEADER } from '../lib/identity/vouch';
import type { Logger } from '../lib/logger';
import type { GatewayContext } from './context';
import { type BufferedAnswer, type InflightFetches, SHARE_KEY_HEADER, viewerShareKey } from './deduplication';
import { exchangeOf, subgraphFetcher, type SubgraphSend, type SubgraphTransport, subgraphTransport } from './subgraph-transport';
import { distinctRepresentations, expandEntities } from './representations';
import { SiblingFetches } from './sibling-fetches';

export interface HubDataSourceOptions {
  name: string;
  url: string;
  /** A fetch that has not answered after this long is aborted. */
  timeoutMs: number;
  /** Keep-alive sockets open to this subgraph at most (requests beyond wait for one). */
  maxSockets: number;
  /** false: a new connection per fetch, closed after it (only to measure what keep-alive saves: npm run bench). */
  keepAlive?: boolean;
  /**
   * Identical query fetches in flight at the same time, for the same viewer, are sent once and
   * their answer shared (gateway/deduplication.ts); absent: every fetch is sent.
   */
  inflight?: InflightFetches;
  /** false: each `_entities` fetch of a plan is sent as planned, siblings included (gateway/sibling-fetches.ts); on by default. */
  mergeSiblingFetches?: boolean;
  /** Told of each answered fetch of a request: what was sent, what came back (gateway/single-subgraph-passthrough.ts). */
  onExchange?: (context: GatewayContext, serviceName: string, exchange: { sent: string; status: number; received: string }) => void;
  /**
   * The outcome of a fetch this request already sent to this subgraph (the pass-through's, when it
   * could not give the answer itself): Apollo's pipeline then reads it instead of sending it again.
   */
  prefetched?: (context: GatewayContext, serviceName: string) => Prefetched | undefined;
  logger: Logger;
}

/** A fetch already sent for the request: its exact body, and its answer or failure. */
export interface Prefetched {
  body: string;
  outcome: Promise<BufferedAnswer>;
}

/** Marks a fetch whose outcome is already known (willSendRequest sets it, the fetcher takes it off; never sent). */
const PREFETCHED_HEADER = 'x-hub-prefetched';

/** What the gateway's client asked: query or mutation (none for the gateway's own health checks). */
function incomingOperationOf(options: GraphQLDataSourceProcessOptions<GatewayContext>): string | undefined {
  return 'incomingRequestContext' in options ? options.incomingRequestContext.operation?.operation : undefined;
}

/** What a subgraph fetch's own document is, from the plan's text: `query …` or a shorthand `{ … }`, or `mutation …`. */
function fetchOperationOf(query: unknown): 'query' | 'mutation' | undefined {
  if (typeof query !== 'string') return undefined;
  if (/^\s*mutation\b/.test(query)) return 'mutation';
  return /^\s*(query\b|\{)/.test(query) ? 'query' : undefined;
}

/** Whether the request is a read: a query sent for an incoming query (never any fetch of a mutation). */
function isRead(options: GraphQLDataSourceProcessOptions<GatewayContext>): boolean {
  return incomingOperationOf(options) === 'query' && fetchOperationOf(options.request.query) === 'query';
}

/**
 * Calls one subgraph: sends the gateway's vouch for the viewer and the request id, over a keep-alive pool
 * with a connection cap (gateway/subgraph-transport.ts), aborting after `timeoutMs`. A subgraph that is down, slow or answers
 * garbage becomes one SERVICE_UNAVAILABLE error naming it (never its URL); the gateway still
 * returns what the other subgraphs answered.
 */
export class HubDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly options: HubDataSourceOptions;
  private readonly transport: SubgraphTransport;
  private readonly siblings: SiblingFetches<Awaited<ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']>>> | undefined;
  private readonly send: SubgraphSend;
  /** Outcomes handed from willSendRequest to the fetcher, by a token of the gateway's own. */
  private readonly handedOver = new Map<string, Prefetched>();

  constructor(options: HubDataSourceOptions) {
    super({ url: options.url });
    this.options = options;
    const transport = subgraphTransport(options);
    this.transport = transport;
    this.siblings = options.mergeSiblingFetches === false ? undefined : new SiblingFetches();
    const { inflight, name } = options;
    const send: SubgraphSend = inflight
      ? (body, headers) => {
          const { [SHARE_KEY_HEADER]: viewerKey, ...sent } = headers;
          if (viewerKey === undefined) return transport.send(body, headers);
          // Keyed by subgraph, viewer and the exact body (document, variables, operation name).
          return inflight.run(`${name}\n${viewerKey}\n${body}`, () => transport.send(body, sent));
        }
      : transport.send;
    this.send = send;
    this.fetcher = subgraphFetcher(
      (body, headers) => {
        const { [PREFETCHED_HEADER]: token, ...sent } = headers;
        if (token === undefined) return send(body, headers);
        const prefetched = this.handedOver.get(token);
        this.handedOver.delete(token);
        return prefetched && prefetched.body === body ? prefetched.outcome : send(body, sent);
      },
      { recordExchanges: options.onExchange !== undefined },
    );
  }

  /**
   * Sends a query fetch's body, as Apollo sent it before, for this request's viewer: the same
   * headers as willSendRequest sets, through the same (deduplicated) transport (the single-subgraph
   * pass-through). Failures are thrown as they are: the caller then lets Apollo's pipeline answer.
   */
  passThrough(body: string, context: GatewayContext): Promise<BufferedAnswer> {
    return this.send(body, { 'content-type': 'application/json', ...this.viewerHeaders(context, true) });
  }

  /** What every fetch for this request's viewer carries: the vouch, the request id and, for a read that may be shared, the share mark. */
  private viewerHeaders(context: GatewayContext, read: boolean): Record<string, string> {
    const headers: Record<string, string> = { [REQUEST_ID_HEADER]: context.requestId };
    if (context.vouch) headers[VIEWER_HEADER] = context.vouch;
    // Marks a fetch that may join an identical one, with who it is for (the fetcher takes the mark off).
    if (this.options.inflight && read) headers[SHARE_KEY_HEADER] = viewerShareKey(context.viewer);
    return headers;
  }

  override didReceiveResponse: RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse'] = async ({ response, context }) => {
    const exchange = exchangeOf(response.http);
    if (exchange && context && 'requestId' in context) this.options.onExchange?.(context, this.options.name, exchange);
    return response;
  };

  /** Closes the connections to the subgraph. */
  close(): Promise<void> {
    return this.transport.close();
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const { request, context } = options;
    if (!context || !('requestId' in context)) return;
    const gatewayContext = context as GatewayContext;
    for (const [name, value] of Object.entries(this.viewerHeaders(gatewayContext, isRead(options)))) request.http?.headers.set(name, value);
    const prefetched = this.options.prefetched?.(gatewayContext, this.options.name);
    if (prefetched) {
      const token = randomUUID();
      this.handedOver.set(token, prefetched);
      request.http?.headers.set(PREFETCHED_HEADER, token);
    }
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']> {
    const { representations, ...others } = options.request.variables ?? {};
    if (!this.siblings || !Array.isArray(representations) || !isRead(options) || !('incomingRequestContext' in options)) return this.processDistinct(options);
    // Sibling fetches of the same operation (gateway/sibling-fetches.ts): same document, same other variables.
    const key = `${options.request.query}\n${JSON.stringify(others)}`;
    return this.siblings.join(options.incomingRequestContext, key, representations, (merged) =>
      this.processDistinct({ ...options, request: { ...options.request, variables: { ...options.request.variables, representations: merged } } }),
    );
  }

  private async processDistinct(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']> {
    // Each distinct `_entities` representation is sent once (gateway/representations.ts).
    const repeated = distinctRepresentations(options.request.variables?.representations);
    if (!repeated) return this.processOnce(options);
    const request = { ...options.request, variables: { ...options.request.variables, representations: repeated.distinct } };
    return expandEntities(await this.processOnce({ ...options, request }), repeated);
  }

  private async processOnce(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']> {
    const { inflight } = this.options;
    if (!inflight || incomingOperationOf(options) !== 'mutation') return super.process(options);
    try {
      return await super.process(options);
    } finally {
      // A read sent after this write has been answered starts a fetch of its own.
      inflight.forgetAll();
    }
  }

  override didEncounterError(error: Error, _fetchRequest: unknown, fetchResponse: { status?: number } | undefined, context: GatewayContext | undefined, request: unknown): never {
    const { name, timeoutMs, logger } = this.options;
    const requestId = context && 'requestId' in context ? context.requestId : undefined;
    const code = error instanceof GraphQLError ? error.extensions?.code : undefined;
    if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') {
      throw hubError(code, error.message.replace(/^\d+: /, '') || String(code), { service: name });
    }
    const refusal = subgraphRefusal(error, fetchResponse?.status, name);
    if (refusal) throw refusal;
    const timedOut = error.name === 'AbortError' || error.name === 'TimeoutError' || /aborted|timeout/i.test(error.message);
    logger.warn({ err: error, service: name, requestId, status: fetchResponse?.status, timedOut }, `subgraph ${name} failed`);
    if (timedOut && isMutation(request)) {
      // The subgraph got the write and may commit it when it resumes: the client must not take the
      // timeout for "nothing happened", and a blind retry must not write twice.
      throw hubError(
        'SERVICE_UNAVAILABLE',
        `The ${name} service did not answer within ${timeoutMs} ms: the mutation may have been applied. Retry with the same idempotencyKey (it is then applied at most once), or read the data back before writing again`,
        { service: name, reason: 'TIMEOUT', mayHaveBeenApplied: true, retryAfterSeconds: RETRY_AFTER_SECONDS },
      );
    }
    throw hubError(
      'SERVICE_UNAVAILABLE',
      timedOut ? `The ${name} service did not answer within ${timeoutMs} ms` : `The ${name} service is unavailable`,
      { service: name, reason: timedOut ? 'TIMEOUT' : 'UNREACHABLE', retryAfterSeconds: RETRY_AFTER_SECONDS },
    );
  }
}

/** True when the subgraph fetch is a mutation. */
function isMutation(request: unknown): boolean {
  const query = request !== null && typeof request === 'object' && 'query' in request ? (request as { query?: unknown }).query : undefined;
  return fetchOperationOf(query) === 'mutation';
}

/** Codes a subgraph answers with a 4xx for a request it refuses (its limits, its input checks): the client's to fix, not an outage. */
const REFUSAL_CODES = new Set(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST', 'PAYLOAD_TOO_LARGE']);

/**
 * A subgraph's refusal (HTTP 4xx with a coded GraphQL error: a variable its own scalar refuses, one
 * of its limits) passed on as what it is, naming the field when the message does, instead of
 * SERVICE_UNAVAILABLE.
 */
function subgraphRefusal(error: Error, status: number | undefined, service: string): GraphQLError | undefined {
  if (status === undefined || status < 400 || status >= 500 || !(error instanceof GraphQLError)) return undefined;
  const response = error.extensions?.response as { body?: unknown } | undefined;
  const body = response?.body as { errors?: { message?: unknown; extensions?: Record<string, unknown> }[] } | undefined;
  const first = Array.isArray(body?.errors) ? body.errors[0] : undefined;
  const code = first?.extensions?.code;
  if (typeof code !== 'string' || !REFUSAL_CODES.has(code) || typeof first?.message !== 'string') return undefined;
  const { limit, field } = first.extensions ?? {};
  // graphql-js names the input at fault: `Variable "$filter" got invalid value … at "filter.openedFrom"`.
  const named = typeof field === 'string' ? field : (/ at "([^"]+)"/.exec(first.message)?.[1] ?? /^Variable "\$(\w+)"/.exec(first.message)?.[1]);
  // The gateway validated the document against the same types: what a subgraph still finds invalid,
  // other than its limits, is a value its scalars refuse (a literal DateTime in year 10000).
  const passedOn = code === 'GRAPHQL_VALIDATION_FAILED' && !limit ? 'BAD_USER_INPUT' : code;
  return hubError(passedOn as 'BAD_USER_INPUT', first.message, { service, ...(limit ? { limit } : {}), ...(named ? { field: named } : {}) });
}
