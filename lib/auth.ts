import { forbidden, unauthenticated } from './errors';
import { signHubToken } from './identity/hs256';
import type { Role, Viewer } from './identity/viewer';

export { ANONYMOUS_VIEWER, type Credential, ROLES, type Role, type Viewer } from './identity/viewer';

/**
 * Who sent a request is decided once, by lib/identity/authenticate.ts: at the gateway from the
 * caller's token or API key, at a subgraph from the gateway's vouch (or a token it verifies itself).
 * A credential that does not verify refuses the whole request (401 UNAUTHENTICATED), never falls
 * back to the anonymous reader.
 */
export { createGatewayAuthenticator, createSubgraphAuthenticator } from './identity/authenticate';

/**
 * A hub HS256 token (lib/identity/hs256.ts): `iss` and `aud` the defaults, `iat` now, `exp` after
 * `expiresIn` (seconds, or "12h").
 */
export const signToken = signHubToken;

/**
 * Guards an operation reserved to some roles: no token is UNAUTHENTICATED, another role FORBIDDEN.
 * The rule of the hub: reads of governance and catalogue are open to everyone; their writes
 * (and deployments) are SII_STAFF only.
 */
export function requireRole(viewer: Viewer, ...roles: Role[]): void {
  const wording = roles.length === 1 ? `role ${roles[0]}` : `one of the roles ${roles.join(', ')}`;
  if (viewer.anonymous) throw unauthenticated(`This operation needs a token with ${wording}`);
  if (!roles.includes(viewer.role)) throw forbidden(`This operation is reserved to ${wording}`);
}

/** Guards a write reserved to the SII's own staff. */
export function requireStaff(viewer: Viewer): void {
  requireRole(viewer, 'SII_STAFF');
}
