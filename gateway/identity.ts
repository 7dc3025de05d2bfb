import type { IncomingMessage } from 'node:http';
import type { HubConfig } from '../lib/config';
import { createGatewayAuthenticator, identitySettingsOf, internalSecretOf } from '../lib/identity/authenticate';
import { VouchSigner } from '../lib/identity/vouch';
import type { Logger } from '../lib/logger';
import type { GatewayContext } from './context';

/**
 * Each request's context, for /graphql and the exports alike: the caller's credential is checked
 * here, once (a provider's token, an HS256 token, an API key by `Authorization: Bearer` or
 * `X-API-Key`), and an authenticated viewer gets the gateway's vouch for the subgraphs.
 * Throws the identity errors as they are (lib/identity/errors.ts); each route turns them into its
 * own answer (a GraphQL error, or a plain HTTP one for the exports).
 */
export type ContextOf = (req: IncomingMessage, requestId: string) => Promise<GatewayContext>;

export function requestContextFactory(
  settings: Pick<HubConfig, 'jwtSecret'> & Partial<Pick<HubConfig, 'identity' | 'subgraphTimeoutMs'>>,
  governanceUrl: string | undefined,
  logger: Logger,
): ContextOf {
  const identity = identitySettingsOf(settings);
  const internalSecret = internalSecretOf(identity);
  const authenticator = createGatewayAuthenticator(identity, {
    governanceUrl,
    timeoutMs: Math.min(settings.subgraphTimeoutMs ?? 10_000, 5000),
    logger,
  });
  // The provider's keys are fetched now, in the background: a provider that is down does not delay the start.
  authenticator.warmUp();
  const vouches = new VouchSigner(internalSecret);
  return async (req, requestId) => {
    const viewer = await authenticator.authenticate(req.headers);
    return { viewer, vouch: viewer.anonymous ? undefined : vouches.vouchFor(viewer), requestId, perRequest: {} };
  };
}
