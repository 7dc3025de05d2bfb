import { createHmac, webcrypto } from 'node:crypto';
import { errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';
import { ROLES, type Role, type Viewer } from './viewer';
import { AuthenticationError } from './errors';

/**
 * HS256 tokens: signed with the shared HUB_JWT_SECRET, for development, tests and deployments
 * without an OpenID provider. Accepted exactly when the secret is set. Each must carry `exp`, `iat`,
 * the configured `iss` and `aud`, and live no longer than the configured maximum.
 */

export const DEFAULT_JWT_ISSUER = 'sii-hub';
export const DEFAULT_JWT_AUDIENCE = 'sii-hub';
/** 24 hours: a working day's token with room; `npm run token` signs 12 hours by default. */
export const DEFAULT_JWT_MAX_LIFETIME_SECONDS = 24 * 60 * 60;
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;
/** Clocks of the hub and of whoever signs tokens may disagree by this much. */
export const DEFAULT_CLOCK_SKEW_SECONDS = 30;

export interface Hs256Settings {
  secret: string;
  issuer: string;
  audience: string;
  maxLifetimeSeconds: number;
  clockSkewSeconds: number;
}

export const hs256Settings = (secret: string, overrides: Partial<Omit<Hs256Settings, 'secret'>> = {}): Hs256Settings => ({
  secret,
  issuer: DEFAULT_JWT_ISSUER,
  audience: DEFAULT_JWT_AUDIENCE,
  maxLifetimeSeconds: DEFAULT_JWT_MAX_LIFETIME_SECONDS,
  clockSkewSeconds: DEFAULT_CLOCK_SKEW_SECONDS,
  ...overrides,
});

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Signs a JWT with HMAC-SHA256 (synchronously: node:crypto, no library needed to sign; verifying is
 * jose's job). The payload is taken as given.
 */
const HS256_HEADER = base64url({ alg: 'HS256', typ: 'JWT' });

export function signJwtHs256(payload: Record<string, unknown>, secret: string): string {
  const signingInput = `${HS256_HEADER}.${base64url(payload)}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}

/** "90", "90s", "15m", "12h", "7d" → seconds. */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number') return value;
  const match = /^(-?\d+)\s*([smhd]?)$/.exec(value.trim());
  if (!match) throw new Error(`"${value}" is not a duration (e.g. 3600, 90m, 12h, 7d)`);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

/** The hub's HS256 token for `claims`: `iat` now, `exp` after `expiresIn`, the default (or given) `iss` and `aud`. */
export function signHubToken(
  claims: { sub: string; role: Role; member?: string },
  secret: string,
  expiresIn: string | number = DEFAULT_TOKEN_LIFETIME_SECONDS,
  options: { issuer?: string; audience?: string; issuedAt?: number } = {},
): string {
  const iat = options.issuedAt ?? Math.floor(Date.now() / 1000);
  return signJwtHs256(
    { ...claims, iss: options.issuer ?? DEFAULT_JWT_ISSUER, aud: options.audience ?? DEFAULT_JWT_AUDIENCE, iat, exp: iat + parseDuration(expiresIn) },
    secret,
  );
}

const hubClaimsSchema = z
  .object({
    sub: z.string().min(1),
    role: z.enum(ROLES),
    member: z.string().min(1).optional(),
  })
  .refine((claims) => claims.role !== 'MEMBER_AGENT' || claims.member, {
    message: 'a MEMBER_AGENT token must carry a member claim',
  });

/** What jose's refusal means, for the client (no key material, no internals). */
export function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'the token was issued by someone this hub does not trust (iss)';
    if (error.claim === 'aud') return 'the token is meant for another audience (aud)';
    if (error.reason === 'missing') return `the token has no "${error.claim}" claim`;
    if (error.claim === 'nbf') return 'the token is not valid yet (nbf)';
    if (error.claim === 'iat') return 'the token is too old or issued in the future (iat)';
    return `the token's "${error.claim}" claim is not acceptable`;
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'the token is signed with an algorithm this hub does not accept';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'the token is signed with a key the identity provider does not publish';
  if (error instanceof joseErrors.JWKSMultipleMatchingKeys) return 'the token names no key the identity provider publishes unambiguously';
  if (error instanceof joseErrors.JOSEError) return 'the token is malformed or not verifiable';
  return 'the token is not verifiable';
}

/**
 * The secret as a WebCrypto key, imported once per secret: given the raw bytes, jose imports them
 * again on every verification (a profile of the gateway put that at 7 % of its CPU under load).
 */
const importedSecrets = new Map<string, Promise<webcrypto.CryptoKey>>();
const secretKey = (secret: string): Promise<webcrypto.CryptoKey> => {
  let key = importedSecrets.get(secret);
  if (!key) {
    key = webcrypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    importedSecrets.set(secret, key);
  }
  return key;
};

/** Verifies an HS256 JWT against `settings` and returns its payload; AuthenticationError otherwise. */
export async function verifyHs256Payload(token: string, settings: Pick<Hs256Settings, 'secret' | 'issuer' | 'audience' | 'clockSkewSeconds'> & { maxLifetimeSeconds?: number }): Promise<JWTPayload> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, await secretKey(settings.secret), {
      algorithms: ['HS256'],
      issuer: settings.issuer,
      audience: settings.audience,
      requiredClaims: ['exp', 'iat'],
      clockTolerance: settings.clockSkewSeconds,
      ...(settings.maxLifetimeSeconds !== undefined ? { maxTokenAge: settings.maxLifetimeSeconds } : {}),
    }));
  } catch (error) {
    throw new AuthenticationError(`Invalid token: ${describeJoseError(error)}`);
  }
  const lifetime = (payload.exp as number) - (payload.iat as number);
  if (settings.maxLifetimeSeconds !== undefined && lifetime > settings.maxLifetimeSeconds) {
    throw new AuthenticationError(`Invalid token: it lives ${lifetime} s, longer than the ${settings.maxLifetimeSeconds} s this hub accepts (exp - iat)`);
  }
  return payload;
}

/** The viewer of a hub HS256 token (claims `sub`, `role`, `member`). */
export async function verifyHubToken(token: string, settings: Hs256Settings): Promise<Viewer> {
  const payload = await verifyHs256Payload(token, settings);
  const claims = hubClaimsSchema.safeParse(payload);
  if (!claims.success) throw new AuthenticationError(`Invalid token claims: ${claims.error.issues[0].message}`);
  return {
    subject: claims.data.sub,
    role: claims.data.role,
    memberCode: claims.data.role === 'MEMBER_AGENT' ? (claims.data.member ?? null) : null,
    anonymous: false,
    credential: 'hs256',
  };
}
