import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** The error codes of the public contract (the README's "Conventions" section). */
export type HubErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'INTERNAL_SERVER_ERROR'
  | 'SERVICE_UNAVAILABLE';

export function hubError(code: HubErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export const badUserInput = (message: string, extensions?: Record<string, unknown>) =>
  hubError('BAD_USER_INPUT', message, extensions);
export const notFound = (message: string) => hubError('NOT_FOUND', message);
export const forbidden = (message: string) => hubError('FORBIDDEN', message);
export const unauthenticated = (message: string) => hubError('UNAUTHENTICATED', message);
/** A bad token on the request itself (not on one field): the whole request is refused with HTTP 401. */
export const invalidCredentials = (message: string) =>
  hubError('UNAUTHENTICATED', message, { http: { status: 401, headers: new Map([['www-authenticate', 'Bearer']]) } });
export const conflict = (message: string, extensions?: Record<string, unknown>) => hubError('CONFLICT', message, extensions);

/** Codes whose messages were written for clients and may be shown as they are. */
const CLIENT_FACING_CODES = new Set<string>([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_NOT_IN_LIST',
  'OPERATION_RESOLUTION_FAILURE',
  'SERVICE_UNAVAILABLE',
  'DOWNSTREAM_SERVICE_ERROR',
]);

/**
 * How soon a client may retry after SERVICE_UNAVAILABLE: `npm start` has a killed PostgreSQL or
 * subgraph back within a second or two (extensions.retryAfterSeconds; HTTP Retry-After when the
 * whole request failed).
 */
export const RETRY_AFTER_SECONDS = 2;

/** Node's network errors and PostgreSQL's "connection exception" (08…) and "operator intervention" (57P0…) states. */
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01', // admin_shutdown: the server is stopping
  '57P02', // crash_shutdown: another backend crashed, the server is restarting
  '57P03', // cannot_connect_now: the server is starting up or shutting down
  '53300', // too_many_connections
]);
/**
 * What pg and knex say when a connection is gone or none can be had; knex's "already complete" is
 * what a transaction whose connection died answers to its next statement.
 */
const CONNECTION_ERROR_MESSAGES =
  /Connection terminated|connection error and is not queryable|Client was closed and is not queryable|Timeout acquiring a connection|connect ECONNREFUSED|Transaction query already complete/i;
/** graphql-js turns a thrown non-Error (a driver error copied into a plain object) into "Unexpected error value: { …, code: "ECONNREFUSED", … }". */
const QUOTED_CODE = /\bcode: "([0-9A-Z_]+)"/;

/**
 * True when `error` (or what it wraps: GraphQL's originalError, a cause, MikroORM's copy of the
 * driver's error, an AggregateError's errors) says that the database could not be reached or went
 * away: a condition of the moment, answered SERVICE_UNAVAILABLE, never INTERNAL_SERVER_ERROR.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 6) return false;
  const candidate = error as { code?: unknown; name?: unknown; message?: unknown; originalError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof candidate.code === 'string' && CONNECTION_ERROR_CODES.has(candidate.code)) return true;
  if (candidate.name === 'KnexTimeoutError' || candidate.name === 'ConnectionException') return true;
  if (typeof candidate.message === 'string') {
    if (CONNECTION_ERROR_MESSAGES.test(candidate.message)) return true;
    const quoted = QUOTED_CODE.exec(candidate.message)?.[1];
    if (quoted && candidate.message.startsWith('Unexpected error value') && CONNECTION_ERROR_CODES.has(quoted)) return true;
  }
  if (Array.isArray(candidate.errors) && candidate.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(candidate.originalError, depth + 1) || isDatabaseUnavailable(candidate.cause, depth + 1);
}

/** What a client sees while the database is away: a coded error with a retry hint, and no detail of the connection. */
export function databaseUnavailableError(path?: GraphQLFormattedError['path'], locations?: GraphQLFormattedError['locations']): GraphQLFormattedError {
  return {
    message: `The database is unavailable right now; retry in ${RETRY_AFTER_SECONDS} s`,
    ...(locations ? { locations } : {}),
    ...(path ? { path } : {}),
    extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'DATABASE_UNAVAILABLE', retryAfterSeconds: RETRY_AFTER_SECONDS },
  };
}

/**
 * Apollo's formatError: keeps coded client errors, masks everything else so that SQL, URLs
 * and stack traces never leave the service outside development. An error that says the
 * database is away becomes SERVICE_UNAVAILABLE with a retry hint, in every environment.
 */
export function createErrorFormatter(exposeInternals: boolean) {
  return (formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError => {
    if (formatted.extensions?.code === undefined || formatted.extensions.code === 'INTERNAL_SERVER_ERROR') {
      if (isDatabaseUnavailable(error)) return databaseUnavailableError(formatted.path, formatted.locations);
    }
    const code = typeof formatted.extensions?.code === 'string' ? formatted.extensions.code : 'INTERNAL_SERVER_ERROR';
    const { stacktrace: _stacktrace, exception: _exception, ...withoutTrace } = formatted.extensions ?? {};
    // A coded client error (no token, bad input…) says all there is to say: its stack trace, even in
    // development, is only the gateway's plumbing printed in front of the message (the playground shows all).
    if (exposeInternals) return { ...formatted, extensions: CLIENT_FACING_CODES.has(code) ? { ...withoutTrace, code } : { ...formatted.extensions, code } };
    // `response` is where a failed subgraph fetch would carry the subgraph's URL and raw body.
    const { response: _response, ...extensions } = withoutTrace;
    if (CLIENT_FACING_CODES.has(code)) return { ...formatted, extensions: { ...extensions, code } };
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
