import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLResponse } from '@apollo/server';
import type { Logger } from './logger';

export const MAX_BODY_BYTES = 1_000_000;
export const REQUEST_ID_HEADER = 'x-request-id';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

/** Errors outside GraphQL execution (size, media type, routing) are still answered as GraphQL-shaped JSON. */
export function sendHttpError(res: ServerResponse, error: HttpError): void {
  sendJson(res, error.status, { errors: [{ message: error.message, extensions: { code: error.code } }] }, error.headers);
}

/** Reads the body up to `limit` bytes; beyond, a 413 that also closes the connection (the rest is never read). */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `Request body larger than ${limit} bytes`, { connection: 'close' });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `Request body larger than ${limit} bytes`, { connection: 'close' });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
}

function headerMapOf(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/** A POST's body: one JSON object, within the size limit. */
async function readGraphQLBody(req: IncomingMessage, contentType: string, maxBodyBytes?: number): Promise<{ raw: string; body: unknown }> {
  if (!/^application\/(graphql-response\+)?json\b/i.test(contentType)) {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'POST requests must have Content-Type: application/json');
  }
  const raw = await readBody(req, maxBodyBytes);
  let body: unknown;
  try {
    body = raw === '' ? {} : JSON.parse(raw);
  } catch {
    throw new HttpError(400, 'BAD_REQUEST', 'The request body is not valid JSON');
  }
  // Batching is off: one operation per request keeps every limit (cost, rate) meaningful.
  if (Array.isArray(body)) throw new HttpError(400, 'BATCHING_NOT_SUPPORTED', 'Batched requests are not supported: send one operation per request');
  if (body === null || typeof body !== 'object') throw new HttpError(400, 'BAD_REQUEST', 'The request body must be a JSON object');
  return { raw, body };
}

/** Writes Apollo's answer; its plain-text refusals become JSON errors like every other. */
async function sendApolloResponse(res: ServerResponse, response: HTTPGraphQLResponse): Promise<void> {
  const status = response.status ?? 200;
  const responseType = response.headers.get('content-type') ?? '';
  if (status >= 400 && response.body.kind === 'complete' && !/json/i.test(responseType)) {
    // Apollo answers some HTTP-level refusals (CSRF, missing query, bad method) as plain text.
    const message = response.body.string.trim() || 'Bad request';
    const allow = response.headers.get('allow');
    throw new HttpError(status, status === 405 ? 'METHOD_NOT_ALLOWED' : 'BAD_REQUEST', message, allow ? { allow } : {});
  }
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = status;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/**
 * Whole answers kept outside Apollo's pipeline (the gateway's hot answers, gateway/response-cache.ts):
 * consulted once the request is read and its context known, before Apollo parses anything.
 */
export interface AnswerShortcut<TContext> {
  /** The kept answer to exactly this request (`key`) for this context, or undefined: Apollo answers. */
  lookup(key: string, context: TContext): Promise<KeptAnswer | undefined>;
  /** Apollo's answer to the request, for the shortcut to keep if it may be given again. */
  remember(key: string, context: TContext, response: HTTPGraphQLResponse): void;
}

/**
 * Identical requests in flight answered once (the gateway's, gateway/request-collapsing.ts): runs
 * `execute` for this request, or gives the answer of the identical request in flight.
 */
export interface RequestCollapsing<TContext> {
  run(request: { key: string; method: string; search: string; body: unknown }, context: TContext, execute: () => Promise<HTTPGraphQLResponse>): Promise<HTTPGraphQLResponse>;
}

export interface KeptAnswer {
  status: number;
  headers: [string, string][];
  body: string;
}

/**
 * Whether Apollo's CSRF prevention lets the request through: a POST here always has a JSON
 * content type; a GET must carry a header a browser's simple request cannot (or a non-simple
 * content type). A shortcut answers only those, so it never serves what Apollo would refuse.
 */
function preflighted(method: string, headers: HeaderMap): boolean {
  if (method === 'POST') return true;
  if (headers.get('apollo-require-preflight') || headers.get('x-apollo-operation-name')) return true;
  const contentType = headers.get('content-type');
  return contentType !== undefined && !/^\s*(text\/plain|multipart\/form-data|application\/x-www-form-urlencoded)\b/i.test(contentType);
}

/** Hands one HTTP request to Apollo Server (the part that @as-integrations packages do), or to the shortcut when it holds the answer. */
export async function handleGraphQLRequest<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  req: IncomingMessage,
  res: ServerResponse,
  context: () => Promise<TContext>,
  options: { maxBodyBytes?: number; shortcut?: AnswerShortcut<TContext>; collapse?: RequestCollapsing<TContext> } = {},
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers = headerMapOf(req);
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'POST') {
    throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not supported: use GET or POST`, { allow: 'GET, POST' });
  }
  const read = method === 'POST' ? await readGraphQLBody(req, headers.get('content-type') ?? '', options.maxBodyBytes) : undefined;
  const { shortcut, collapse } = options;
  // The request as the shortcut keys it: everything an answer depends on but the viewer, which its context gives.
  const key = `${method}\n${url.search}\n${headers.get('accept') ?? ''}\n${read?.raw ?? ''}`;
  // A context that fails (a bad credential) is Apollo's to refuse.
  const known = (shortcut || collapse) && preflighted(method, headers) ? await context().catch(() => undefined) : undefined;
  if (shortcut && known) {
    const kept = await shortcut.lookup(key, known);
    if (kept) {
      res.statusCode = kept.status;
      for (const [name, value] of kept.headers) res.setHeader(name, value);
      res.end(kept.body);
      return;
    }
  }
  const execute = () => server.executeHTTPGraphQLRequest({ httpGraphQLRequest: { method, headers, search: url.search, body: read?.body }, context });
  const response = collapse && known ? await collapse.run({ key, method, search: url.search, body: read?.body }, known, execute) : await execute();
  if (shortcut && known) shortcut.remember(key, known, response);
  await sendApolloResponse(res, response);
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, requestId: string) => Promise<void> | void;

/** Sends an error thrown by a route: a coded HttpError as it is, anything else as a logged 500. */
function answerError(res: ServerResponse, error: unknown, requestId: string, onError: (error: unknown, requestId: string) => void): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof HttpError) {
    sendHttpError(res, error);
    return;
  }
  onError(error, requestId);
  sendHttpError(res, new HttpError(500, 'INTERNAL_SERVER_ERROR', 'Internal server error'));
}

function pathnameOf(req: IncomingMessage): string {
  try {
    return new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    return '/'; // an unparsable URL finds no route
  }
}

/** One structured line per request, carrying the id the gateway passed on to the subgraphs. */
function logWhenFinished(req: IncomingMessage, res: ServerResponse, requestId: string, pathname: string, logger: Logger | undefined, onFinish: () => void): void {
  const startedAt = process.hrtime.bigint();
  res.once('finish', () => {
    const line = { requestId, method: req.method, path: pathname, status: res.statusCode, durationMs: Number(process.hrtime.bigint() - startedAt) / 1e6 };
    if (pathname.startsWith('/health/')) logger?.debug(line, 'request');
    else logger?.info(line, 'request');
    onFinish();
  });
}

/**
 * A plain node:http server: `routes` maps "METHOD /path" (or "/path" for any method) to a handler.
 * Errors become JSON; nothing else is needed, so no web framework is pulled in.
 */
export function createHttpServer(
  routes: Record<string, RouteHandler>,
  onError: (error: unknown, requestId: string) => void,
  options: {
    logger?: Logger;
    /** Runs before routing (e.g. CORS); returns true when it answered the request itself. */
    beforeRoutes?: (req: IncomingMessage, res: ServerResponse) => boolean;
  } = {},
): http.Server {
  const server = http.createServer(async (req, res) => {
    const requestId = requestIdOf(req);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    if (isDraining(server)) res.setHeader('connection', 'close');
    const pathname = pathnameOf(req);
    logWhenFinished(req, res, requestId, pathname, options.logger, () => isDraining(server) && server.closeIdleConnections());
    if (options.beforeRoutes?.(req, res)) return;
    const handler = routes[`${req.method} ${pathname}`] ?? routes[pathname];
    try {
      if (!handler) throw new HttpError(404, 'NOT_FOUND', `No route for ${req.method} ${pathname}`);
      await handler(req, res, requestId);
    } catch (error) {
      answerError(res, error, requestId, onError);
    }
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

export async function listen(server: http.Server, port: number, host = '127.0.0.1'): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

const draining = new WeakSet<http.Server>();

/** True once closeServer was called: readiness probes then answer 503 so that balancers move on. */
export function isDraining(server: http.Server | undefined): boolean {
  return server !== undefined && draining.has(server);
}

/**
 * Stops accepting connections and lets in-flight requests finish (their responses close the
 * connection); after `timeoutMs` the remaining connections are cut.
 */
export async function closeServer(server: http.Server, timeoutMs = 10_000): Promise<void> {
  draining.add(server);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
