import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AuthenticationError, IdentityUnavailableError } from './errors';
import { INTERNAL_AUTHORIZATION_HEADER, signServiceToken } from './vouch';
import { ROLES, type Viewer } from './viewer';

/**
 * Hub-issued API keys for BI tools (Power BI, Excel, Grafana): created and revoked by SII_STAFF in the
 * governance subgraph, which stores them; checked by the gateway only.
 *
 * A key is `siihub_<prefix>_<secret>`: an 8-character prefix that is not secret (it names the key in
 * lists and logs, and lets secret scanners spot a leaked key by its `siihub_` start) and a 256-bit
 * random secret. Only the SHA-256 of the whole key is stored. A fast hash is right here, where a slow
 * one (bcrypt, argon2) is right for passwords: slow hashes make guessing a low-entropy password
 * expensive, but nobody can enumerate 2^256 secrets however fast the hash, so a stolen table reveals
 * nothing either way; and a fast, unsalted hash lets each request find its key by an indexed equality
 * lookup in microseconds, instead of running a deliberately slow function on every BI request.
 */

export const API_KEY_HEADER = 'x-api-key';
export const API_KEY_PATTERN = /^siihub_([a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;
export const API_KEY_CHECK_PATH = '/internal/api-keys/check';

/** Whether a bearer value is meant as an API key (then it is never tried as a JWT). */
export const looksLikeApiKey = (value: string): boolean => value.startsWith('siihub_');

export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

const PREFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A new key: the text shown once, its prefix, and the hash to store. */
export function generateApiKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = Array.from(randomBytes(8), (byte) => PREFIX_ALPHABET[byte % PREFIX_ALPHABET.length]).join('');
  const key = `siihub_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, secretHash: hashApiKey(key) };
}

/** What the governance route answers for a valid key. */
export const apiKeyViewerSchema = z.object({
  subject: z.string().min(1),
  role: z.enum(ROLES),
  memberCode: z.string().min(1).nullable(),
});
export type ApiKeyViewer = z.infer<typeof apiKeyViewerSchema>;

export interface ApiKeyCheckerOptions {
  /** Governance's base URL (its /graphql URL works too: only the origin is used). */
  governanceUrl: string;
  internalSecret: string;
  timeoutMs: number;
}

/**
 * The gateway's check of a key: one call to governance's internal route per request, never cached,
 * so that a revoked key is refused on the very next request.
 */
export function createApiKeyChecker(options: ApiKeyCheckerOptions): (key: string) => Promise<Viewer> {
  const url = new URL(API_KEY_CHECK_PATH, options.governanceUrl).toString();
  return async (key) => {
    if (!API_KEY_PATTERN.test(key)) throw new AuthenticationError('Invalid API key: not a key this hub issues (siihub_…)');
    let response: Response;
    let body: unknown;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [INTERNAL_AUTHORIZATION_HEADER]: signServiceToken(options.internalSecret) },
        body: JSON.stringify({ key }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      body = await response.json();
    } catch {
      throw new IdentityUnavailableError('API keys cannot be checked right now (the governance service does not answer); retry shortly', 5);
    }
    if (response.status === 401) throw new AuthenticationError(`Invalid API key: ${String((body as { error?: unknown }).error ?? 'unknown, expired or revoked')}`);
    const viewer = apiKeyViewerSchema.safeParse((body as { viewer?: unknown }).viewer);
    if (!response.ok || !viewer.success) {
      throw new IdentityUnavailableError('API keys cannot be checked right now (the governance service failed); retry shortly', 5);
    }
    return { ...viewer.data, memberCode: viewer.data.role === 'MEMBER_AGENT' ? viewer.data.memberCode : null, anonymous: false, credential: 'api-key' };
  };
}
