import { hubError, invalidCredentials } from '../errors';
import { HttpError } from '../http';

/** The credentials sent are not acceptable (bad signature, expired, wrong issuer, unknown key…): 401 UNAUTHENTICATED. */
export class AuthenticationError extends Error {}

/**
 * The credentials could not be checked right now (the identity provider's keys, or the API key
 * store, are out of reach): 503 SERVICE_UNAVAILABLE with Retry-After. Never a reason to let the
 * request through, nor to treat it as anonymous.
 */
export class IdentityUnavailableError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** The GraphQL error a refused or uncheckable credential becomes (Apollo uses its HTTP status and headers). */
export function credentialError(error: unknown): unknown {
  if (error instanceof AuthenticationError) return invalidCredentials(error.message);
  if (error instanceof IdentityUnavailableError) {
    return hubError('SERVICE_UNAVAILABLE', error.message, {
      http: { status: 503, headers: new Map([['retry-after', String(error.retryAfterSeconds)]]) },
    });
  }
  return error;
}

/** The same, for routes outside GraphQL (exports). */
export function credentialHttpError(error: unknown): unknown {
  if (error instanceof AuthenticationError) return new HttpError(401, 'UNAUTHENTICATED', error.message, { 'www-authenticate': 'Bearer' });
  if (error instanceof IdentityUnavailableError) {
    return new HttpError(503, 'SERVICE_UNAVAILABLE', error.message, { 'retry-after': String(error.retryAfterSeconds) });
  }
  return error;
}
