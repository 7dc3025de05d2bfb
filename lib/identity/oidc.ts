import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, errors as joseErrors, type JSONWebKeySet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Viewer } from './viewer';
import type { Logger } from '../logger';
import { type ClaimsMapping, viewerFromProviderClaims } from './claims';
import { AuthenticationError, IdentityUnavailableError } from './errors';
import { describeJoseError } from './hs256';

/**
 * Access tokens from an OpenID provider (HUB_OIDC_ISSUER): the issuer's discovery document names its
 * JWKS; tokens are verified against those keys (asymmetric algorithms only), with `exp` required and
 * `iss`, `aud` and `nbf` checked within a bounded clock skew.
 *
 * The keys are cached and refreshed without a restart:
 * - older than `jwksCacheSeconds`, the set is fetched again before the next verification, so a key
 *   the provider removed stops working within that time;
 * - a token naming a key the cache does not hold fetches the set again at once (a new key after a
 *   rotation works immediately), at most once per `jwksCooldownSeconds`, so that tokens with made-up
 *   key ids cannot make the hub hammer the provider.
 * When the provider cannot be reached (every fetch is bounded by `timeoutMs`), the keys already held
 * keep working; with none held, a request with a token is answered SERVICE_UNAVAILABLE (never let
 * through, never left hanging) and anonymous requests are not affected, since they never get here.
 */

/** What an access token may be signed with: asymmetric only, so a shared secret can never stand in for a key. */
export const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

export const DEFAULT_OIDC_AUDIENCE = 'sii-hub';
/** The playground's public client at the provider (authorization code + PKCE) and what it asks for. */
export const DEFAULT_PLAYGROUND_CLIENT_ID = 'sii-hub-playground';
export const DEFAULT_PLAYGROUND_SCOPE = 'openid profile';
export const DEFAULT_JWKS_CACHE_SECONDS = 600;
export const DEFAULT_JWKS_COOLDOWN_SECONDS = 30;
export const DEFAULT_OIDC_TIMEOUT_MS = 5000;

export interface OidcSettings {
  issuer: string;
  audience: string;
  claims: ClaimsMapping;
  jwksCacheSeconds: number;
  jwksCooldownSeconds: number;
  /** Bound on one discovery + JWKS fetch. */
  timeoutMs: number;
  clockSkewSeconds: number;
}

interface KeyCache {
  keys: JWTVerifyGetKey;
  kids: string[];
  fetchedAt: number;
}

/** The issuer's discovery document URL (OpenID Connect Discovery 1.0 §4). */
export function discoveryUrlOf(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

async function fetchJson(url: string, signal: AbortSignal): Promise<unknown> {
  const response = await fetch(url, { signal, headers: { accept: 'application/json' }, redirect: 'error' });
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  return response.json();
}

export class OidcVerifier {
  private cache: KeyCache | undefined;
  private jwksUri: string | undefined;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private lastFailure: string | undefined;
  private refreshing: Promise<void> | undefined;

  constructor(
    readonly settings: OidcSettings,
    private readonly logger?: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Fetches the keys in the background (the gateway calls it at start; a provider that is down does not delay the start). */
  warmUp(): void {
    void this.refresh().catch(() => undefined);
  }

  /** Key ids currently held (for the readiness report and tests). */
  /** Until when the keys held now are used without asking the provider again (0: none held). */
  get keysFreshUntil(): number {
    return this.cache ? this.cache.fetchedAt + this.settings.jwksCacheSeconds * 1000 : 0;
  }

  get cachedKeyIds(): string[] {
    return this.cache?.kids ?? [];
  }

  private cooledDown(): boolean {
    return this.now() - this.lastAttemptAt >= this.settings.jwksCooldownSeconds * 1000;
  }

  /** One fetch at a time; concurrent callers share it. Failures are kept, never thrown here. */
  private refresh(): Promise<void> {
    if (!this.refreshing) {
      this.refreshing = this.fetchKeys().finally(() => {
        this.refreshing = undefined;
      });
    }
    return this.refreshing;
  }

  private async fetchKeys(): Promise<void> {
    this.lastAttemptAt = this.now();
    const signal = AbortSignal.timeout(this.settings.timeoutMs);
    try {
      if (!this.jwksUri) {
        const discovery = (await fetchJson(discoveryUrlOf(this.settings.issuer), signal)) as { issuer?: unknown; jwks_uri?: unknown };
        // Discovery §4.3: the document must be the issuer's own.
        if (discovery.issuer !== this.settings.issuer) {
          throw new Error(`the discovery document names issuer ${JSON.stringify(discovery.issuer)}, not ${this.settings.issuer}`);
        }
        if (typeof discovery.jwks_uri !== 'string' || !/^https?:\/\//.test(discovery.jwks_uri)) throw new Error('the discovery document has no jwks_uri');
        this.jwksUri = discovery.jwks_uri;
      }
      const jwks = (await fetchJson(this.jwksUri, signal)) as JSONWebKeySet;
      if (!jwks || !Array.isArray(jwks.keys)) throw new Error('the JWKS has no keys array');
      const signingKeys = { keys: jwks.keys.filter((key) => key.use === undefined || key.use === 'sig') };
      this.cache = { keys: createLocalJWKSet(signingKeys), kids: signingKeys.keys.map((key) => String(key.kid ?? '')), fetchedAt: this.now() };
      if (this.lastFailure) this.logger?.info({ issuer: this.settings.issuer }, 'identity provider keys fetched again');
      this.lastFailure = undefined;
    } catch (error) {
      const reason = signal.aborted ? `no answer within ${this.settings.timeoutMs} ms` : (error as Error).message;
      // The JWKS location is discovered again next time (the provider may have moved it).
      this.jwksUri = undefined;
      if (this.lastFailure !== reason) {
        this.logger?.warn({ issuer: this.settings.issuer, reason, cachedKeys: this.cachedKeyIds.length }, 'identity provider keys could not be fetched');
      }
      this.lastFailure = reason;
    }
  }

  private unavailable(): IdentityUnavailableError {
    const waitMs = this.settings.jwksCooldownSeconds * 1000 - (this.now() - this.lastAttemptAt);
    return new IdentityUnavailableError(
      'The identity provider cannot be reached to check this token; retry shortly (requests without a token are still answered)',
      Math.max(1, Math.ceil(waitMs / 1000)),
    );
  }

  /** The keys to verify with: fresh ones when the cache is stale or empty (within the cooldown), the cached ones otherwise. */
  private async currentKeys(): Promise<KeyCache> {
    const stale = !this.cache || this.now() - this.cache.fetchedAt >= this.settings.jwksCacheSeconds * 1000;
    if (stale && (this.cooledDown() || this.refreshing)) await this.refresh();
    if (!this.cache) throw this.unavailable();
    return this.cache;
  }

  private async verifyWith(token: string, keys: KeyCache) {
    return jwtVerify(token, keys.keys, {
      algorithms: OIDC_ALGORITHMS,
      issuer: this.settings.issuer,
      audience: this.settings.audience,
      requiredClaims: ['exp'],
      clockTolerance: this.settings.clockSkewSeconds,
    });
  }

  /** Whether `token` claims to come from this issuer (read without verifying: used to route a token, never to trust it). */
  claimsThisIssuer(token: string): boolean {
    try {
      return decodeJwt(token).iss === this.settings.issuer;
    } catch {
      return false;
    }
  }

  private refusal(error: unknown): unknown {
    return error instanceof IdentityUnavailableError ? error : new AuthenticationError(`Invalid token: ${describeJoseError(error)}`);
  }

  async verify(token: string): Promise<Viewer> {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new AuthenticationError('Invalid token: the token is malformed or not verifiable');
    }
    if (!alg || !OIDC_ALGORITHMS.includes(alg)) throw new AuthenticationError('Invalid token: the token is signed with an algorithm this hub does not accept');
    // A token from elsewhere is refused before any fetch: it cannot make the hub call the provider.
    if (!this.claimsThisIssuer(token)) throw new AuthenticationError('Invalid token: the token was issued by someone this hub does not trust (iss)');
    let verified;
    try {
      verified = await this.verifyWith(token, await this.currentKeys());
    } catch (error) {
      if (!(error instanceof joseErrors.JWKSNoMatchingKey)) throw this.refusal(error);
      // Perhaps a key the provider has just rotated in: look once more (at most once per cooldown).
      if (this.cooledDown()) await this.refresh();
      try {
        verified = await this.verifyWith(token, await this.currentKeys());
      } catch (retryError) {
        // With the provider out of reach, an unknown key may be a new one: say "retry", not "invalid".
        if (retryError instanceof joseErrors.JWKSNoMatchingKey && this.lastFailure) throw this.unavailable();
        throw this.refusal(retryError);
      }
    }
    return viewerFromProviderClaims(verified.payload as Record<string, unknown>, this.settings.claims);
  }
}
