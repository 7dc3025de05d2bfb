import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { forbidden, invalidCredentials, unauthenticated } from './errors';

export const ROLES = ['SII_STAFF', 'MEMBER_AGENT', 'READER'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking. No token means an anonymous reader. */
export interface Viewer {
  subject: string | null;
  role: Role;
  /** Member code, for MEMBER_AGENT only. */
  memberCode: string | null;
  anonymous: boolean;
}

export const ANONYMOUS_VIEWER: Viewer = { subject: null, role: 'READER', memberCode: null, anonymous: true };

const claimsSchema = z
  .object({
    sub: z.string().min(1),
    role: z.enum(ROLES),
    member: z.string().min(1).optional(),
  })
  .refine((claims) => claims.role !== 'MEMBER_AGENT' || claims.member, {
    message: 'a MEMBER_AGENT token must carry a member claim',
  });

export class InvalidTokenError extends Error {}

/** Verifies `Authorization: Bearer <JWT>` (HS256). Throws InvalidTokenError for a bad token. */
export function viewerFromAuthorization(header: string | undefined, secret: string): Viewer {
  if (!header || header.trim() === '') return ANONYMOUS_VIEWER;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw new InvalidTokenError('Authorization header must be "Bearer <token>"');
  let payload: unknown;
  try {
    payload = jwt.verify(match[1], secret, { algorithms: ['HS256'] });
  } catch (error) {
    throw new InvalidTokenError(`Invalid token: ${(error as Error).message}`);
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) throw new InvalidTokenError(`Invalid token claims: ${claims.error.issues[0].message}`);
  return {
    subject: claims.data.sub,
    role: claims.data.role,
    memberCode: claims.data.role === 'MEMBER_AGENT' ? (claims.data.member ?? null) : null,
    anonymous: false,
  };
}

/**
 * Who sent a request, from its Authorization header: no header is the anonymous reader; a header
 * that is not a valid token refuses the whole request (`refuse`, by default UNAUTHENTICATED with
 * HTTP 401), never falls back to anonymous. The gateway, each subgraph and the exports all call it.
 */
export function authenticate(
  header: string | undefined,
  secret: string,
  refuse: (message: string) => Error = invalidCredentials,
): Viewer {
  try {
    return viewerFromAuthorization(header, secret);
  } catch (error) {
    if (error instanceof InvalidTokenError) throw refuse(error.message);
    throw error;
  }
}

export function signToken(
  claims: { sub: string; role: Role; member?: string },
  secret: string,
  expiresIn: jwt.SignOptions['expiresIn'] = '12h',
): string {
  return jwt.sign(claims, secret, { algorithm: 'HS256', expiresIn });
}

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
