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
 * Apollo's formatError: keeps coded client errors, masks everything else so that SQL, URLs
 * and stack traces never leave the service outside development.
 */
export function createErrorFormatter(exposeInternals: boolean) {
  return (formatted: GraphQLFormattedError): GraphQLFormattedError => {
    const code = typeof formatted.extensions?.code === 'string' ? formatted.extensions.code : 'INTERNAL_SERVER_ERROR';
    if (exposeInternals) return { ...formatted, extensions: { ...formatted.extensions, code } };
    // `response` is where a failed subgraph fetch would carry the subgraph's URL and raw body.
    const { stacktrace: _stacktrace, exception: _exception, response: _response, ...extensions } = formatted.extensions ?? {};
    if (CLIENT_FACING_CODES.has(code)) return { ...formatted, extensions: { ...extensions, code } };
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
