import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { hubError, RETRY_AFTER_SECONDS } from '../lib/errors';
import { REQUEST_ID_HEADER } from '../lib/http';
import { VIEWER_HEADER } from '../lib/identity/vouch';
import type { Logger } from '../lib/logger';
import type { GatewayContext } from './context';

/** make-fetch-happen (the gateway's own default fetcher) ships no typings; this is the part used here. */
type FetchWithDefaults = ((url: string, init?: Record<string, unknown>) => Promise<unknown>) & {
  defaults(options: Record<string, unknown>): FetchWithDefaults;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const makeFetchHappen = require('make-fetch-happen') as FetchWithDefaults;

export interface HubDataSourceOptions {
  name: string;
  url: string;
  /** A fetch that has not answered after this long is aborted. */
  timeoutMs: number;
  /** Keep-alive sockets open to this subgraph at most (requests beyond wait for one). */
  maxSockets: number;
  /** false: a new connection per fetch, closed after it (only to measure what keep-alive saves: npm run bench). */
  keepAlive?: boolean;
  logger: Logger;
}

/**
 * Calls one subgraph: sends the gateway's vouch for the viewer and the request id, over a keep-alive agent
 * with a socket cap, aborting after `timeoutMs`. A subgraph that is down, slow or answers
 * garbage becomes one SERVICE_UNAVAILABLE error naming it (never its URL); the gateway still
 * returns what the other subgraphs answered.
 */
export class HubDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly options: HubDataSourceOptions;

  constructor(options: HubDataSourceOptions) {
    super({ url: options.url });
    this.options = options;
    // Keep-alive agent with a per-host socket cap; no retries (a mutation must not run twice).
    const pooled = makeFetchHappen.defaults({
      maxSockets: options.maxSockets,
      retry: false,
      cache: 'no-store',
      ...(options.keepAlive === false ? { agent: false } : {}),
    });
    this.fetcher = ((url: string, init: Record<string, unknown>) =>
      pooled(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) })) as unknown as typeof this.fetcher;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!context || !('requestId' in context)) return;
    if (context.vouch) request.http?.headers.set(VIEWER_HEADER, context.vouch);
    request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
  }

  override didEncounterError(error: Error, _fetchRequest: unknown, fetchResponse: { status?: number } | undefined, context: GatewayContext | undefined, _request: unknown): never {
    const { name, timeoutMs, logger } = this.options;
    const requestId = context && 'requestId' in context ? context.requestId : undefined;
    const code = error instanceof GraphQLError ? error.extensions?.code : undefined;
    if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') {
      throw hubError(code, error.message.replace(/^\d+: /, '') || String(code), { service: name });
    }
    const timedOut = error.name === 'AbortError' || error.name === 'TimeoutError' || /aborted|timeout/i.test(error.message);
    logger.warn({ err: error, service: name, requestId, status: fetchResponse?.status, timedOut }, `subgraph ${name} failed`);
    throw hubError(
      'SERVICE_UNAVAILABLE',
      timedOut ? `The ${name} service did not answer within ${timeoutMs} ms` : `The ${name} service is unavailable`,
      { service: name, reason: timedOut ? 'TIMEOUT' : 'UNREACHABLE', retryAfterSeconds: RETRY_AFTER_SECONDS },
    );
  }
}
