import type http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createErrorFormatter } from './errors';
import { closeServer, createHttpServer, isDraining, listen, type RouteHandler, sendJson } from './http';
import type { Logger } from './logger';

/**
 * What the gateway and every subgraph have in common: the Apollo Server settings that follow
 * from the environment, the health routes, and a plain HTTP server that drains on stop.
 */

/** Apollo Server settings shared by the gateway and the subgraphs. */
export function sharedApolloOptions(isProduction: boolean, logger: Logger) {
  return {
    formatError: createErrorFormatter(!isProduction),
    includeStacktraceInErrorResponses: !isProduction,
    // Introspection and "did you mean" suggestions help developers and attackers alike.
    introspection: !isProduction,
    hideSchemaDetailsFromClientErrors: isProduction,
    // One operation per request keeps every limit (cost, rate) meaningful.
    allowBatchedHttpRequests: false,
    // bin/serve.ts drains on SIGTERM; Apollo must not stop itself under the in-flight requests.
    stopOnTerminationSignals: false,
    // Apollo's own messages (unexpected errors included) as structured lines, not console output.
    logger,
  };
}

/** What a readiness probe found: ready or not, and what to say about it. */
export interface Readiness {
  ready: boolean;
  details?: Record<string, unknown>;
}

/** How long a readiness answer is reused: probes from several balancers (or a flood) cost one round of checks a second. */
export const READINESS_CACHE_MS = 1000;

/**
 * `probe`, its answer reused for `ttlMs` after it settles; concurrent callers share the one in
 * flight. The gateway's probe asks every subgraph, each of which asks its database: without this,
 * every probe (or every request of a flood) fans out to them all.
 */
export function cachedProbe(probe: () => Promise<Readiness>, ttlMs = READINESS_CACHE_MS, now: () => number = Date.now): () => Promise<Readiness> {
  let cached: { answer: Promise<Readiness>; settledAt: number | undefined } | undefined;
  return () => {
    if (cached && (cached.settledAt === undefined || now() - cached.settledAt < ttlMs)) return cached.answer;
    const entry: { answer: Promise<Readiness>; settledAt: number | undefined } = { answer: Promise.resolve({ ready: false }), settledAt: undefined };
    entry.answer = probe()
      .catch((): Readiness => ({ ready: false }))
      .finally(() => {
        entry.settledAt = now();
      });
    cached = entry;
    return entry.answer;
  };
}

/**
 * `GET /health/live` (the process answers) and `GET /health/ready` (it can serve: 503 while
 * draining, so that balancers move on, or when `probe` says its dependencies do not answer; the
 * probe's answer is reused for a second). `identity` is added to every answer (e.g. the subgraph's name).
 */
export function healthRoutes(
  draining: () => boolean,
  probe: () => Promise<Readiness>,
  identity: Record<string, unknown> = {},
): Record<string, RouteHandler> {
  const readiness = cachedProbe(probe);
  return {
    'GET /health/live': (_req, res) => sendJson(res, 200, { status: 'live', ...identity }),
    'GET /health/ready': async (_req, res) => {
      if (draining()) return sendJson(res, 503, { status: 'draining', ...identity });
      const { ready, details } = await readiness();
      sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', ...identity, ...details });
    },
  };
}

export interface HttpServiceOptions {
  /** The routes, given a way to know whether the server is draining (for readiness). */
  routes(draining: () => boolean): Record<string, RouteHandler>;
  port: number;
  host?: string;
  logger: Logger;
  shutdownTimeoutMs?: number;
  /** Runs before routing (e.g. CORS); returns true when it answered the request itself. */
  beforeRoutes?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

export interface HttpService {
  port: number;
  /** This service's /graphql on the loopback interface. */
  url: string;
  /** No new connection; in-flight requests finish (cut after the shutdown timeout). */
  close(): Promise<void>;
}

/** Serves the routes on `port` (0: any free port) until `close()`. */
export async function serveHttp(options: HttpServiceOptions): Promise<HttpService> {
  const { logger } = options;
  let server: http.Server | undefined;
  server = createHttpServer(
    options.routes(() => isDraining(server)),
    (error, requestId) => logger.error({ err: error, requestId }, 'request failed'),
    { logger, beforeRoutes: options.beforeRoutes },
  );
  const port = await listen(server, options.port, options.host);
  return {
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    async close() {
      if (server) await closeServer(server, options.shutdownTimeoutMs);
      server = undefined;
    },
  };
}
