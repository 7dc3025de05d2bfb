import { ROLES, type Credential, type Role, type Viewer } from './viewer';
import { AuthenticationError } from './errors';

/**
 * How the claims of an OpenID provider's access token become a hub role and member: configuration,
 * because every provider spells them its own way (Keycloak `realm_access.roles`, Microsoft Entra ID
 * `roles`, LemonLDAP::NG `groups`). See docs/identity.md for worked examples.
 */
export interface ClaimsMapping {
  /** Dot path of the claim holding the roles or groups (an array of strings, or one string). */
  rolesClaim: string;
  /** Value of that claim → hub role. A token with no mapped value is a READER. */
  roleMap: Record<string, Role>;
  /** Dot path of the claim holding the member code, if the provider sends one. */
  memberClaim: string | undefined;
  /** Value of the roles claim → member code (e.g. a group "agents-bobigny" → BOBIGNY). */
  memberMap: Record<string, string>;
}

/** The hub's own names: a `roles` claim holding SII_STAFF / MEMBER_AGENT / READER and a `member` claim. */
export const DEFAULT_CLAIMS_MAPPING: ClaimsMapping = {
  rolesClaim: 'roles',
  roleMap: Object.fromEntries(ROLES.map((role) => [role, role])) as Record<string, Role>,
  memberClaim: 'member',
  memberMap: {},
};

/** Member codes as governance writes them (BOBIGNY, LE_BLANC_MESNIL, …). */
export const MEMBER_CODE_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;

/** When a person holds several roles, the widest applies. */
const PRECEDENCE: Role[] = ['SII_STAFF', 'MEMBER_AGENT', 'READER'];

/**
 * The claim at `path`: a top-level claim of that exact name first (names like
 * "https://example.org/roles" contain dots), then the dot path through nested objects.
 */
export function claimAt(payload: Record<string, unknown>, path: string): unknown {
  if (Object.prototype.hasOwnProperty.call(payload, path)) return payload[path];
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** An array of strings, or one string, as a list; anything else is no value. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string' && item !== '');
  return [];
}

/** The subject of a token: `sub`, or for some client-credentials tokens only `client_id` / `azp`. */
function subjectOf(payload: Record<string, unknown>): string {
  for (const claim of ['sub', 'client_id', 'azp']) {
    const value = payload[claim];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  throw new AuthenticationError('Invalid token claims: no subject (sub)');
}

/** The viewer an OpenID provider's verified claims describe, under `mapping`. */
export function viewerFromProviderClaims(payload: Record<string, unknown>, mapping: ClaimsMapping, credential: Credential = 'oidc'): Viewer {
  const subject = subjectOf(payload);
  const values = stringsOf(claimAt(payload, mapping.rolesClaim));
  const mapped = new Set(values.map((value) => mapping.roleMap[value]).filter((role): role is Role => role !== undefined));
  const role = PRECEDENCE.find((candidate) => mapped.has(candidate)) ?? 'READER';
  if (role !== 'MEMBER_AGENT') return { subject, role, memberCode: null, anonymous: false, credential };

  const members = new Set<string>();
  if (mapping.memberClaim) for (const value of stringsOf(claimAt(payload, mapping.memberClaim))) members.add(value.trim().toUpperCase());
  for (const value of values) if (mapping.memberMap[value]) members.add(mapping.memberMap[value]);
  const source = [mapping.memberClaim && `claim "${mapping.memberClaim}"`, Object.keys(mapping.memberMap).length > 0 && `a group of "${mapping.rolesClaim}" mapped to a member`]
    .filter(Boolean)
    .join(' or ');
  if (members.size === 0) {
    throw new AuthenticationError(`The token maps to MEMBER_AGENT but names no member (expected ${source || 'a member claim'}); ask your identity provider's administrator`);
  }
  if (members.size > 1) throw new AuthenticationError(`The token maps to MEMBER_AGENT for several members (${[...members].sort().join(', ')}); an agent acts for one member`);
  const [memberCode] = members;
  if (!MEMBER_CODE_PATTERN.test(memberCode)) throw new AuthenticationError(`The token's member "${memberCode}" is not a member code`);
  return { subject, role, memberCode, anonymous: false, credential };
}
