import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendHttpError, HttpError } from '../lib/http';

/** `*` or the exact origins allowed (HUB_CORS_ORIGINS). */
export type CorsOrigins = '*' | readonly string[];

/** What a browser may send cross-origin: the token, JSON, Apollo's CSRF header, the request id. */
const ALLOWED_HEADERS = 'authorization, content-type, apollo-require-preflight, x-apollo-operation-name, x-request-id, x-api-key';
/** What a page may read of the answer besides the simple headers. */
const EXPOSED_HEADERS = 'x-request-id, retry-after';
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS for the gateway's routes, as Apollo Router does it: an allowed origin gets
 * Access-Control-Allow-Origin on every answer (no credentials: tokens are headers, not cookies),
 * and the gateway answers preflights itself (204, before rate limiting). A preflight from an origin
 * that is not allowed gets 403 FORBIDDEN saying why; a plain OPTIONS without Origin is still 405.
 * Returns true when the request was answered here.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowed: CorsOrigins): boolean {
  const origin = req.headers.origin;
  const isPreflight = req.method === 'OPTIONS' && origin !== undefined && req.headers['access-control-request-method'] !== undefined;
  if (allowed !== '*') res.setHeader('vary', 'Origin');
  if (origin === undefined) return false;
  const isAllowed = allowed === '*' || allowed.includes(origin);
  if (isAllowed) {
    res.setHeader('access-control-allow-origin', allowed === '*' ? '*' : origin);
    res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
  }
  if (!isPreflight) return false;
  if (!isAllowed) {
    sendHttpError(res, new HttpError(403, 'FORBIDDEN', `Origin ${origin} is not allowed to call this gateway (HUB_CORS_ORIGINS)`));
    return true;
  }
  res.writeHead(204, {
    'access-control-allow-methods': 'GET, POST',
    'access-control-allow-headers': ALLOWED_HEADERS,
    'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
    'content-length': '0',
  });
  res.end();
  return true;
}
