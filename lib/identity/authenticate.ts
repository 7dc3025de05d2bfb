import type { IncomingHttpHeaders } from 'node:http';
import { decodeProtectedHeader } from 'jose';
import type { Logger } from '../logger';
import { API_KEY_HEADER, createApiKeyChecker, looksLikeApiKey } from './api-keys';
import { AuthenticationError } from './errors';
import { type Hs256Settings, hs256Settings, verifyHubToken } from './hs256';
import { OidcVerifier, type OidcSettings } from './oidc';
import { VerifiedTokens } from './verified-tokens';
import { PROCESS_INTERNAL_SECRET, VerifiedVouches, VIEWER_HEADER } from './vouch';
import { ANONYMOUS_VIEWER, type Viewer } from './viewer';

/**
 * Authentication, once per request:
 * - at the gateway: `Authorization: Bearer <JWT from the OpenID provider | HS256 JWT | API key>` or
 *   `X-API-Key: <key>` → a Viewer; no credential → the anonymous reader;
 * - at a subgraph: the gateway's vouch (`x-hub-viewer`), or a JWT it verifies itself (a subgraph
 *   reached directly); API keys are the gateway's alone.
 * A credential that does not verify is AuthenticationError (401), never the anonymous reader; one
 * that cannot be checked right now is IdentityUnavailableError (503).
 */

export interface IdentitySettings {
  /** Set exactly when HUB_JWT_SECRET is. */
  hs256?: Hs256Settings;
  /** Set when HUB_OIDC_ISSUER is (or `npm start` runs its development provider). */
  oidc?: OidcSettings;
  /** Signs and checks the gateway's vouches; in-process hubs default to a per-process random one. */
  internalSecret?: string;
}

/**
 * A service's identity settings: the loaded configuration's, or for in-process hubs given only an
 * HS256 secret (tests, the benchmark), HS256 with the default rules and the per-process internal secret.
 */
export function identitySettingsOf(config: { jwtSecret?: string; identity?: IdentitySettings }): IdentitySettings {
  return config.identity ?? { hs256: config.jwtSecret ? hs256Settings(config.jwtSecret) : undefined };
}

export const internalSecretOf = (settings: IdentitySettings | undefined): string => settings?.internalSecret ?? PROCESS_INTERNAL_SECRET;

export interface Authenticator {
  authenticate(headers: IncomingHttpHeaders): Promise<Viewer>;
}

const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value.join(', ') : value)?.trim() || undefined;

/** The bearer value of an Authorization header; a header in another scheme is refused (it would otherwise be ignored). */
function bearerOf(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) throw new AuthenticationError('Authorization header must be "Bearer <token>"');
  return match[1];
}

/** Verifies a JWT with what the hub is configured to accept, chosen by the token's algorithm; a token that verified is remembered a while (verified-tokens.ts). */
function createJwtVerifier(settings: IdentitySettings, logger?: Logger, remembered = new VerifiedTokens()): { verify(token: string): Promise<Viewer>; oidc?: OidcVerifier } {
  const oidc = settings.oidc ? new OidcVerifier(settings.oidc, logger) : undefined;
  const verifyNow = async (token: string): Promise<{ viewer: Viewer; until?: number }> => {
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new AuthenticationError('Invalid token: the token is malformed or not verifiable');
    }
    if (alg === 'HS256') {
      if (!settings.hs256) throw new AuthenticationError('Invalid token: this hub accepts no HS256 tokens (HUB_JWT_SECRET is not set); use a token from its identity provider');
      return { viewer: await verifyHubToken(token, settings.hs256) };
    }
    if (typeof alg === 'string' && alg !== 'none' && !alg.startsWith('HS')) {
      if (!oidc) throw new AuthenticationError('Invalid token: this hub trusts no identity provider (HUB_OIDC_ISSUER is not set)');
      // Not past the provider's keys: a key withdrawn stops being trusted when they are fetched again.
      return { viewer: await oidc.verify(token), until: oidc.keysFreshUntil };
    }
    throw new AuthenticationError('Invalid token: the token is signed with an algorithm this hub does not accept');
  };
  return { oidc, verify: (token) => remembered.viewerOf(token, verifyNow) };
}

export interface GatewayAuthenticatorOptions {
  /** Where governance answers (its /graphql URL): API keys are checked there. */
  governanceUrl?: string;
  /** Bound on the API key check. */
  timeoutMs?: number;
  logger?: Logger;
  /** Where verified tokens are remembered (tests give their own, with a clock). */
  verifiedTokens?: VerifiedTokens;
}

export interface GatewayAuthenticator extends Authenticator {
  /** Fetches the provider's keys in the background, so that the first request does not wait for them. */
  warmUp(): void;
}

export function createGatewayAuthenticator(settings: IdentitySettings, options: GatewayAuthenticatorOptions = {}): GatewayAuthenticator {
  const jwt = createJwtVerifier(settings, options.logger, options.verifiedTokens);
  const checkApiKey = options.governanceUrl
    ? createApiKeyChecker({ governanceUrl: options.governanceUrl, internalSecret: internalSecretOf(settings), timeoutMs: options.timeoutMs ?? 5000 })
    : async () => {
        throw new AuthenticationError('Invalid API key: this gateway has no governance service to check keys with');
      };
  return {
    warmUp: () => jwt.oidc?.warmUp(),
    async authenticate(headers) {
      const apiKey = single(headers[API_KEY_HEADER]);
      const bearer = bearerOf(single(headers.authorization));
      if (apiKey && bearer) throw new AuthenticationError(`Send one credential: either Authorization or ${API_KEY_HEADER}, not both`);
      if (apiKey) return checkApiKey(apiKey);
      if (!bearer) return ANONYMOUS_VIEWER;
      return looksLikeApiKey(bearer) ? checkApiKey(bearer) : jwt.verify(bearer);
    },
  };
}

/**
 * A subgraph's view of a request: the gateway's vouch when there is one (a bad one is refused,
 * never ignored), otherwise what the subgraph can verify itself.
 */
export function createSubgraphAuthenticator(settings: IdentitySettings, logger?: Logger): Authenticator {
  const jwt = createJwtVerifier(settings, logger);
  const vouches = new VerifiedVouches(internalSecretOf(settings));
  return {
    async authenticate(headers) {
      const vouch = single(headers[VIEWER_HEADER]);
      if (vouch) return vouches.viewerOf(vouch);
      const bearer = bearerOf(single(headers.authorization));
      if (single(headers[API_KEY_HEADER]) || (bearer && looksLikeApiKey(bearer))) {
        throw new AuthenticationError('API keys are accepted by the gateway only');
      }
      return bearer ? jwt.verify(bearer) : ANONYMOUS_VIEWER;
    },
  };
}
