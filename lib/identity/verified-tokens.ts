import { decodeJwt } from 'jose';
import type { Viewer } from './viewer';

/**
 * The viewers of JWTs verified lately, by token. A client sends the same token with every request
 * until it expires; checking its signature again each time (HMAC or RSA/EC through WebCrypto, and
 * the claims) was about a tenth of the gateway's CPU under a dashboard's load. Only a token that
 * verified is kept, until the earlier of its `exp` and MAX_REMEMBER_MS (so that a key the provider
 * withdrew stops being trusted within that time), the least recently used out first. A token that
 * fails is checked again each time it comes. A token of the identity provider is not kept past
 * the moment its keys are fetched again (HUB_OIDC_JWKS_CACHE_SECONDS): a key the provider
 * withdrew stops being trusted as soon as it would without this memory. API keys are not JWTs:
 * they are never kept here.
 */

/** At most this long after its check a token is checked again. */
export const MAX_REMEMBER_MS = 60_000;
/** Tokens kept at most. */
const CAPACITY = 5_000;

export class VerifiedTokens {
  private readonly entries = new Map<string, { viewer: Viewer; until: number }>();
  /** Signature checks done (for tests). */
  verifications = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * The viewer of `token`: remembered, or verified by `verify` (then remembered when it verified,
   * until its `exp`, MAX_REMEMBER_MS, or the `until` that `verify` gives, whichever comes first).
   */
  async viewerOf(token: string, verify: (token: string) => Promise<{ viewer: Viewer; until?: number }>): Promise<Viewer> {
    const known = this.entries.get(token);
    if (known) {
      this.entries.delete(token);
      if (known.until > this.now()) {
        this.entries.set(token, known); // most recently used last
        return { ...known.viewer };
      }
    }
    this.verifications += 1;
    const { viewer, until: bound = Infinity } = await verify(token);
    const exp = decodeJwt(token).exp;
    const until = Math.min(this.now() + MAX_REMEMBER_MS, typeof exp === 'number' ? exp * 1000 : 0, bound);
    if (until > this.now()) {
      if (this.entries.size >= CAPACITY) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(token, { viewer, until });
    }
    return { ...viewer };
  }
}
