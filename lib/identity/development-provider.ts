import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { DEFAULT_OIDC_AUDIENCE, DEFAULT_PLAYGROUND_CLIENT_ID } from './oidc';
import { type ProviderAccount, type ProviderClient, type RunningOpenIdProvider, startOpenIdProvider } from './openid-provider';

/**
 * The development OpenID provider: what `npm start` runs on loopback when no HUB_OIDC_ISSUER is
 * configured (never in production), so that signing in works from a fresh clone with no setup.
 *
 * - One demo account per role and per member, all with the password "demo" (loopback only, and
 *   listed on the sign-in page): `staff`, `reader`, `agent-bobigny`, `agent-le-blanc-mesnil`, …
 * - The playground's public client `sii-hub-playground` (authorization code + PKCE, redirect URIs
 *   under the gateway's /playground/), and a BI demo client `sii-hub-bi-demo` (client credentials,
 *   READER) whose secret is printed at start.
 * - One client-credentials client per demo account (`dev-token-<account>`), used by
 *   `npm run token` when HUB_JWT_SECRET is not set: the token it prints carries that account's
 *   role and member, from this provider, so it is verified exactly as a real provider's would be.
 * - Its signing key and the client secrets are kept in HUB_DATA_DIR/dev-oidc/ (mode 0600): tokens
 *   survive a restart (same issuer, same key), and `npm run token` finds the secrets there.
 */

export const DEV_PROVIDER_DIR = 'dev-oidc';
export const DEV_RESOURCE = 'urn:sii-hub';
export const DEMO_PASSWORD = 'demo';
export const PLAYGROUND_CLIENT_ID = DEFAULT_PLAYGROUND_CLIENT_ID;
export const BI_DEMO_CLIENT_ID = 'sii-hub-bi-demo';

/** The members of the SII (the 2018 report's six), one demo agent each. */
const DEMO_MEMBERS: [code: string, name: string][] = [
  ['BOBIGNY', 'Bobigny'],
  ['LE_BLANC_MESNIL', 'Le Blanc-Mesnil'],
  ['LA_COURNEUVE', 'La Courneuve'],
  ['TREMBLAY_EN_FRANCE', 'Tremblay-en-France'],
  ['SIRESCO', 'SIRESCO'],
  ['SYREC', 'SYREC'],
];

export interface DemoAccount extends ProviderAccount {
  role: 'SII_STAFF' | 'MEMBER_AGENT' | 'READER';
  member?: string;
}

export const demoAccountId = (role: DemoAccount['role'], member?: string): string =>
  role === 'SII_STAFF' ? 'staff' : role === 'READER' ? 'reader' : `agent-${(member ?? '').toLowerCase().replace(/_/g, '-')}`;

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { id: 'staff', password: DEMO_PASSWORD, name: 'SII staff (SII_STAFF)', role: 'SII_STAFF', claims: { roles: ['SII_STAFF'] } },
  { id: 'reader', password: DEMO_PASSWORD, name: 'Reader (READER)', role: 'READER', claims: { roles: ['READER'] } },
  ...DEMO_MEMBERS.map(([code, name]): DemoAccount => ({
    id: demoAccountId('MEMBER_AGENT', code),
    password: DEMO_PASSWORD,
    name: `${name} agent (MEMBER_AGENT ${code})`,
    role: 'MEMBER_AGENT',
    member: code,
    claims: { roles: ['MEMBER_AGENT'], member: code },
  })),
];

/** Where the playground comes back after signing in: under the gateway's /playground/ path, on both loopback names. */
export function playgroundRedirectUris(gatewayPort: number): string[] {
  return ['localhost', '127.0.0.1'].flatMap((host) => [`http://${host}:${gatewayPort}/playground/`, `http://${host}:${gatewayPort}/playground/callback`]);
}

/** Where the provider may send the browser after signing out: the playground again. */
export function playgroundPostLogoutUris(gatewayPort: number): string[] {
  return ['localhost', '127.0.0.1'].flatMap((host) => [`http://${host}:${gatewayPort}/graphql`, `http://${host}:${gatewayPort}/playground/`]);
}

/** What `npm start` leaves in HUB_DATA_DIR/dev-oidc/state.json for `npm run token`. */
export interface DevProviderState {
  issuer: string;
  /** Demo account id → its client-credentials client. */
  tokenClients: Record<string, { clientId: string; clientSecret: string }>;
  biDemoClient: { clientId: string; clientSecret: string };
}

interface StoredSecrets {
  keys: JWK[];
  clientSecrets: Record<string, string>;
}

function writePrivate(file: string, value: unknown): void {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

/** The provider's signing key and client secrets: made on first start, then kept (tokens survive restarts). */
async function loadOrCreateSecrets(directory: string, clientIds: string[]): Promise<StoredSecrets> {
  const file = path.join(directory, 'secrets.json');
  let stored: StoredSecrets | undefined;
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, 'utf8')) as StoredSecrets;
  let changed = false;
  if (!stored || !Array.isArray(stored.keys) || stored.keys.length === 0) {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = await exportJWK(privateKey);
    const kid = await calculateJwkThumbprint(jwk);
    stored = { keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }], clientSecrets: stored?.clientSecrets ?? {} };
    changed = true;
  }
  for (const clientId of clientIds) {
    if (!stored.clientSecrets[clientId]) {
      stored.clientSecrets[clientId] = randomBytes(24).toString('base64url');
      changed = true;
    }
  }
  if (changed) writePrivate(file, stored);
  return stored;
}

export interface DevelopmentProviderOptions {
  isProduction: boolean;
  dataDir: string;
  /** 0: any free port. */
  port: number;
  gatewayPort: number;
  /** The playground's client id (HUB_PLAYGROUND_CLIENT_ID), registered with the playground's redirect URIs. */
  playgroundClientId?: string;
  onNotice?: (message: string) => void;
}

export interface RunningDevelopmentProvider extends RunningOpenIdProvider {
  state: DevProviderState;
}

export const devProviderStateFile = (dataDir: string): string => path.join(dataDir, DEV_PROVIDER_DIR, 'state.json');

export async function startDevelopmentProvider(options: DevelopmentProviderOptions): Promise<RunningDevelopmentProvider> {
  if (options.isProduction) {
    throw new Error('The development OpenID provider never runs in production: set HUB_OIDC_ISSUER to your identity provider (or HUB_JWT_SECRET)');
  }
  const directory = path.join(options.dataDir, DEV_PROVIDER_DIR);
  // Only the provider's own folder is private (its keys): the data folder is shared with the
  // embedded PostgreSQL, whose own user (when run as root) must be able to enter it.
  fs.mkdirSync(options.dataDir, { recursive: true });
  fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
  const tokenClientId = (account: DemoAccount) => `dev-token-${account.id}`;
  const secrets = await loadOrCreateSecrets(directory, [BI_DEMO_CLIENT_ID, ...DEMO_ACCOUNTS.map(tokenClientId)]);
  const clients: ProviderClient[] = [
    {
      clientId: options.playgroundClientId ?? PLAYGROUND_CLIENT_ID,
      redirectUris: playgroundRedirectUris(options.gatewayPort),
      postLogoutRedirectUris: playgroundPostLogoutUris(options.gatewayPort),
    },
    { clientId: BI_DEMO_CLIENT_ID, clientSecret: secrets.clientSecrets[BI_DEMO_CLIENT_ID], claims: { roles: ['READER'] } },
    ...DEMO_ACCOUNTS.map((account) => ({ clientId: tokenClientId(account), clientSecret: secrets.clientSecrets[tokenClientId(account)], claims: account.claims })),
  ];
  const provider = await startOpenIdProvider({
    port: options.port,
    keys: secrets.keys,
    resource: DEV_RESOURCE,
    audience: DEFAULT_OIDC_AUDIENCE,
    accounts: DEMO_ACCOUNTS,
    clients,
    cookieKeys: [randomBytes(32).toString('base64url')],
    accessTokenTtlSeconds: 3600,
    // `npm run token` prints a working day's token, as it always has.
    clientCredentialsTtlSeconds: 12 * 3600,
    showAccountsOnLoginPage: true,
    onNotice: options.onNotice,
  });
  const state: DevProviderState = {
    issuer: provider.issuer,
    tokenClients: Object.fromEntries(DEMO_ACCOUNTS.map((account) => [account.id, { clientId: tokenClientId(account), clientSecret: secrets.clientSecrets[tokenClientId(account)] }])),
    biDemoClient: { clientId: BI_DEMO_CLIENT_ID, clientSecret: secrets.clientSecrets[BI_DEMO_CLIENT_ID] },
  };
  writePrivate(devProviderStateFile(options.dataDir), state);
  return { ...provider, state };
}

/** A client-credentials token from a running provider's token endpoint (`npm run token`, tests). */
export async function clientCredentialsToken(issuer: string, client: { clientId: string; clientSecret: string }, timeoutMs = 5000): Promise<string> {
  const signal = AbortSignal.timeout(timeoutMs);
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`, { signal })).json()) as { token_endpoint?: string };
  if (!discovery.token_endpoint) throw new Error(`${issuer} publishes no token endpoint`);
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
    signal,
  });
  const body = (await response.json()) as { access_token?: string; error?: string; error_description?: string };
  if (!response.ok || !body.access_token) throw new Error(`${issuer} refused the token request: ${body.error ?? response.status} ${body.error_description ?? ''}`.trim());
  return body.access_token;
}
