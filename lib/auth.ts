import { createMethodMiddlewareDecorator } from 'type-graphql';
import { forbidden, unauthenticated } from './errors';
import { signHubToken } from './identity/hs256';
import { ANONYMOUS_VIEWER, type Role, type Viewer } from './identity/viewer';

export { ANONYMOUS_VIEWER, type Credential, ROLES, type Role, type Viewer } from './identity/viewer';

/**
 * A hub HS256 token (lib/identity/hs256.ts): `iss` and `aud` the defaults, `exp` after `expiresIn`
 * (seconds, or "12h"). Verification happens in lib/identity/ (authenticate).
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

/**
 * The same rule as a resolver decorator, checked before the resolver runs (so before any
 * argument is looked at or any row written):
 *
 *     @StaffOnly()
 *     @Mutation(() => Domain)
 *     renameDomain(...) { ... }
 */
export function RequireRole(...roles: Role[]): MethodDecorator {
  return createMethodMiddlewareDecorator<{ viewer?: Viewer }>(async ({ context }, next) => {
    requireRole(context.viewer ?? ANONYMOUS_VIEWER, ...roles);
    return next();
  });
}

export const StaffOnly = (): MethodDecorator => RequireRole('SII_STAFF');
