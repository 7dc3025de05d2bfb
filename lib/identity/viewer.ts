/** Who is asking: the hub's roles and the viewer every service receives (re-exported by lib/auth.ts). */

export const ROLES = ['SII_STAFF', 'MEMBER_AGENT', 'READER'] as const;
export type Role = (typeof ROLES)[number];

/** How a viewer proved who they are: a provider's token, the hub's HS256 token, or an API key. */
export type Credential = 'oidc' | 'hs256' | 'api-key';

/** Who is asking. No token means an anonymous reader. */
export interface Viewer {
  subject: string | null;
  role: Role;
  /** Member code, for MEMBER_AGENT only. */
  memberCode: string | null;
  anonymous: boolean;
  /** Absent for the anonymous reader. */
  credential?: Credential;
}

export const ANONYMOUS_VIEWER: Viewer = { subject: null, role: 'READER', memberCode: null, anonymous: true };
