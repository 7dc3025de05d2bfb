import { createPublicKey } from 'node:crypto';
import net from 'node:net';
import { startGateway, type RunningGateway } from '../gateway';
import type { SubgraphName } from '../lib/config';
import type { IdentitySettings } from '../lib/identity/authenticate';
import type { ClaimsMapping } from '../lib/identity/claims';
import { hs256Settings, signJwtHs256 } from '../lib/identity/hs256';
import type { OidcSettings } from '../lib/identity/oidc';
import { signVouch, VIEWER_HEADER } from '../lib/identity/vouch';
import { createLogger } from '../lib/logger';
import { freePort } from '../lib/ports';
import { bearer, postJson, send } from './support/abuse';
import { graphql, startTestHub, TEST_INTERNAL_SECRET, TEST_JWT_SECRET, type TestHub, tokenFor } from './support/hub';
import { signingKey, type SigningKey, signWith, startTestProvider, TEST_AUDIENCE, type TestProvider } from './support/openid-provider';

/**
 * Issue 12: tokens from a real OpenID provider (oidc-provider on loopback) — client credentials for
 * BI clients, claims mapping for a Keycloak-like and an Entra-like provider, key rotation, hostile
 * tokens, the provider down — and what a subgraph port accepts. Issue 11 item 9: the HS256 rules.
 */

jest.setTimeout(120_000);

const silent = createLogger('test', 'silent');
const now = () => Math.floor(Date.now() / 1000);

const KEYCLOAK: ClaimsMapping = {
  rolesClaim: 'realm_access.roles',
  roleMap: { 'hub-staff': 'SII_STAFF', 'hub-agent': 'MEMBER_AGENT', 'hub-reader': 'READER' },
  memberClaim: undefined,
  memberMap: { 'agents-bobigny': 'BOBIGNY', 'agents-syrec': 'SYREC' },
};
const ENTRA: ClaimsMapping = {
  rolesClaim: 'roles',
  roleMap: { 'Hub.Staff': 'SII_STAFF', 'Hub.Agent': 'MEMBER_AGENT' },
  memberClaim: 'sii_member',
  memberMap: {},
};

/** BI clients (client credentials) shaped like each provider's tokens. */
const CLIENTS = {
  'kc-grafana': { realm_access: { roles: ['offline_access', 'hub-staff'] } },
  'kc-bobigny-powerbi': { realm_access: { roles: ['hub-agent', 'agents-bobigny', 'uma_authorization'] } },
  'kc-unmapped': { realm_access: { roles: ['offline_access', 'uma_authorization'] } },
  'kc-agent-of-nobody': { realm_access: { roles: ['hub-agent'] } },
  'kc-agent-of-two': { realm_access: { roles: ['hub-agent', 'agents-bobigny', 'agents-syrec'] } },
  'entra-powerbi': { roles: ['Hub.Staff'] },
  'entra-syrec-excel': { roles: ['Hub.Agent'], sii_member: 'syrec' },
  'entra-unmapped': { roles: ['Some.Other.App.Role'] },
  'entra-agent-of-nobody': { roles: ['Hub.Agent'] },
} as const;
type ClientId = keyof typeof CLIENTS;
const secretOf = (clientId: string) => `secret-of-${clientId}`;

const oidcSettings = (issuer: string, claims: ClaimsMapping, overrides: Partial<OidcSettings> = {}): OidcSettings => ({
  issuer,
  audience: TEST_AUDIENCE,
  claims,
  jwksCacheSeconds: 600,
  jwksCooldownSeconds: 0,
  timeoutMs: 2000,
  clockSkewSeconds: 30,
  ...overrides,
});

let key1: SigningKey;
let provider: TestProvider;
let providerPort: number;
let hub: TestHub;
const gateways: RunningGateway[] = [];

const startProvider = (keys: SigningKey[]) =>
  startTestProvider({
    port: providerPort,
    keys,
    clients: Object.entries(CLIENTS).map(([clientId, claims]) => ({ clientId, clientSecret: secretOf(clientId), claims })),
  });
const tokenOf = (clientId: ClientId) => provider.token(clientId, secretOf(clientId));

/** Another gateway in front of the same subgraphs, with its own identity settings. */
async function gatewayWith(identity: IdentitySettings, extra: { governanceUrl?: string } = {}): Promise<RunningGateway> {
  const subgraphUrls = Object.fromEntries(Object.values(hub.subgraphs).map((s) => [s.name, s.url])) as Partial<Record<SubgraphName, string>>;
  if (extra.governanceUrl) subgraphUrls.governance = extra.governanceUrl;
  const gateway = await startGateway({ port: 0, subgraphUrls, config: { jwtSecret: undefined, isProduction: false, identity }, logger: silent });
  gateways.push(gateway);
  return gateway;
}

const PROBE = '{ tickets(first: 50) { edges { node { member { code } } } } }';

/** Who the hub takes the caller for, read from what it answers (tickets are scoped by role and member). */
async function whoIs(url: string, headers: Record<string, string>): Promise<string> {
  const answer = await send(url, postJson({ query: PROBE }, headers));
  if (answer.status !== 200) return `${answer.status} ${answer.codes.join(',')}`;
  if (answer.codes[0] === 'UNAUTHENTICATED') return 'anonymous';
  if (answer.codes[0] === 'FORBIDDEN') return 'READER';
  if (answer.codes.length > 0) return `error ${answer.codes.join(',')}`;
  const members = [...new Set(answer.json.data.tickets.edges.map((edge: { node: { member: { code: string } } }) => edge.node.member.code))].sort();
  return members.length > 1 ? `SII_STAFF ${members.join('+')}` : `MEMBER_AGENT ${members[0]}`;
}

/** A token in the provider's shape, signed by `key` (the provider's or another), for hostile and edge cases. */
const providerStyleToken = (key: SigningKey, claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}) =>
  signWith(
    key,
    { iss: provider.issuer, aud: TEST_AUDIENCE, sub: 'mallory', client_id: 'kc-grafana', iat: now(), exp: now() + 300, realm_access: { roles: ['hub-staff'] }, ...claims },
    header,
  );

beforeAll(async () => {
  key1 = await signingKey('RS256');
  providerPort = await freePort();
  provider = await startProvider([key1]);
  hub = await startTestHub({
    identity: { hs256: hs256Settings(TEST_JWT_SECRET), oidc: oidcSettings(provider.issuer, KEYCLOAK), internalSecret: TEST_INTERNAL_SECRET },
  });
  // Two members' tickets, so that what a caller sees tells its role and member.
  for (const memberCode of ['BOBIGNY', 'SYREC']) {
    const opened = await graphql(
      hub.url,
      'mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }',
      { input: { memberCode, kind: 'INCIDENT', queue: 'SUPPORT', priority: 'LOW', title: `Identity probe ${memberCode}` } },
      tokenFor('SII_STAFF'),
    );
    expect(opened.errors).toBeUndefined();
  }
});

afterAll(async () => {
  for (const gateway of gateways) await gateway.stop();
  await hub?.stop();
  await provider?.stop();
});

describe('access tokens from an OpenID provider (client credentials, as BI tools get them)', () => {
  it('are verified against the provider\'s JWKS and mapped like people\'s: Keycloak style', async () => {
    expect(await whoIs(hub.url, bearer(await tokenOf('kc-grafana')))).toBe('SII_STAFF BOBIGNY+SYREC');
    expect(await whoIs(hub.url, bearer(await tokenOf('kc-bobigny-powerbi')))).toBe('MEMBER_AGENT BOBIGNY');
    // Claims that map to no role: a READER, not a refusal.
    expect(await whoIs(hub.url, bearer(await tokenOf('kc-unmapped')))).toBe('READER');
  });

  it('are mapped with another provider\'s claims by configuration only: Entra style', async () => {
    const entra = await gatewayWith({ oidc: oidcSettings(provider.issuer, ENTRA), internalSecret: TEST_INTERNAL_SECRET });
    expect(await whoIs(entra.url, bearer(await tokenOf('entra-powerbi')))).toBe('SII_STAFF BOBIGNY+SYREC');
    expect(await whoIs(entra.url, bearer(await tokenOf('entra-syrec-excel')))).toBe('MEMBER_AGENT SYREC');
    expect(await whoIs(entra.url, bearer(await tokenOf('entra-unmapped')))).toBe('READER');
    // The same Keycloak-shaped token means nothing under Entra's mapping: a READER.
    expect(await whoIs(entra.url, bearer(await tokenOf('kc-grafana')))).toBe('READER');
  });

  it('refuses a MEMBER_AGENT without a member, or of several members, with a clear message', async () => {
    const entra = await gatewayWith({ oidc: oidcSettings(provider.issuer, ENTRA), internalSecret: TEST_INTERNAL_SECRET });
    for (const [url, clientId, message] of [
      [hub.url, 'kc-agent-of-nobody', /maps to MEMBER_AGENT but names no member/],
      [hub.url, 'kc-agent-of-two', /MEMBER_AGENT for several members \(BOBIGNY, SYREC\)/],
      [entra.url, 'entra-agent-of-nobody', /maps to MEMBER_AGENT but names no member \(expected claim "sii_member"\)/],
    ] as const) {
      const answer = await send(url, postJson({ query: PROBE }, bearer(await tokenOf(clientId))));
      expect([clientId, answer.status, answer.codes]).toEqual([clientId, 401, ['UNAUTHENTICATED']]);
      expect(answer.json.errors[0].message).toMatch(message);
    }
  });

  it('are accepted on the exports too', async () => {
    const year = new Date().getUTCFullYear();
    const response = await fetch(hub.url.replace('/graphql', `/export/ticket-volume.json?year=${year}&groupBy=MEMBER`), { headers: bearer(await tokenOf('kc-bobigny-powerbi')) });
    expect(response.status).toBe(200);
    const rows = ((await response.json()) as { rows: { key: string }[] }).rows.map((row) => row.key);
    expect(rows).toEqual(['BOBIGNY', 'TOTAL']);
  });
});

describe('hostile and broken tokens', () => {
  let stranger: SigningKey;
  beforeAll(async () => {
    stranger = await signingKey('RS256', key1.jwk.kid);
  });

  const cases: [string, () => Promise<string>][] = [
    ['expired', () => providerStyleToken(key1, { iat: now() - 3600, exp: now() - 600 })],
    ['without exp', () => providerStyleToken(key1, { exp: undefined })],
    ['not valid yet (nbf)', () => providerStyleToken(key1, { nbf: now() + 600 })],
    ['for another audience', () => providerStyleToken(key1, { aud: 'another-api' })],
    ['without audience', () => providerStyleToken(key1, { aud: undefined })],
    ['from another issuer, signed with the provider\'s own key', () => providerStyleToken(key1, { iss: 'https://sso.elsewhere.example' })],
    ['signed by an unknown key (a kid the provider does not publish)', async () => providerStyleToken(await signingKey('RS256'))],
    ['signed by another key under the provider\'s kid', () => providerStyleToken(stranger)],
    ['with alg none', async () => {
      const unsigned = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      return `${unsigned({ alg: 'none', typ: 'JWT' })}.${unsigned({ iss: provider.issuer, aud: TEST_AUDIENCE, sub: 'mallory', exp: now() + 300, realm_access: { roles: ['hub-staff'] } })}.`;
    }],
    ['HS256 signed with the provider\'s public key (JWK text)', async () =>
      signJwtHs256({ iss: provider.issuer, aud: TEST_AUDIENCE, sub: 'mallory', iat: now(), exp: now() + 300, role: 'SII_STAFF', realm_access: { roles: ['hub-staff'] } }, JSON.stringify(key1.publicJwk))],
    ['HS256 signed with the provider\'s public key (PEM)', async () =>
      signJwtHs256(
        { iss: provider.issuer, aud: TEST_AUDIENCE, sub: 'mallory', iat: now(), exp: now() + 300, role: 'SII_STAFF', realm_access: { roles: ['hub-staff'] } },
        createPublicKey({ key: key1.publicJwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString(),
      )],
    ['HS256 signed with a guessed secret where RS256 is expected', async () =>
      signJwtHs256({ iss: 'sii-hub', aud: 'sii-hub', sub: 'mallory', iat: now(), exp: now() + 300, role: 'SII_STAFF' }, 'secret-of-sixteen-characters-or-more')],
    ['not a JWT at all', async () => 'eyJub3QiOiJhIHRva2VuIn0'],
  ];

  it.each(cases)('refuses a token %s with 401 UNAUTHENTICATED, at the gateway and at a subgraph port', async (_label, make) => {
    const token = await make();
    const oidcOnly = await gatewayWith({ oidc: oidcSettings(provider.issuer, KEYCLOAK), internalSecret: TEST_INTERNAL_SECRET });
    for (const url of [hub.url, oidcOnly.url, hub.subgraphs.operations.url]) {
      const answer = await send(url, postJson({ query: PROBE }, bearer(token)));
      expect({ url, status: answer.status, codes: answer.codes, data: answer.json.data }).toEqual({ url, status: 401, codes: ['UNAUTHENTICATED'], data: undefined });
    }
  });

  it('names the reason without leaking key material', async () => {
    const expired = await send(hub.url, postJson({ query: PROBE }, bearer(await providerStyleToken(key1, { exp: now() - 600 }))));
    expect(expired.json.errors[0].message).toBe('Invalid token: the token has expired');
    const audience = await send(hub.url, postJson({ query: PROBE }, bearer(await providerStyleToken(key1, { aud: 'another-api' }))));
    expect(audience.json.errors[0].message).toBe('Invalid token: the token is meant for another audience (aud)');
    const confused = await send(hub.url, postJson({ query: PROBE }, bearer(signJwtHs256({ sub: 'x', iat: now(), exp: now() + 60 }, JSON.stringify(key1.publicJwk)))));
    expect(confused.json.errors[0].message).not.toMatch(/-----BEGIN|"n":/);
  });

  it('accepts the same claims when genuinely signed (so each refusal above is about the one thing changed)', async () => {
    expect(await whoIs(hub.url, bearer(await providerStyleToken(key1)))).toBe('SII_STAFF BOBIGNY+SYREC');
  });
});

describe('key rotation at the provider, without restarting the hub', () => {
  it('accepts a new key at once and stops accepting a removed one within the cache time', async () => {
    const cacheSeconds = 5;
    const gateway = await gatewayWith({ oidc: oidcSettings(provider.issuer, KEYCLOAK, { jwksCacheSeconds: cacheSeconds, jwksCooldownSeconds: 0 }), internalSecret: TEST_INTERNAL_SECRET });
    const key2 = await signingKey('ES256');
    const key3 = await signingKey('EdDSA');
    const oldToken = await tokenOf('kc-grafana');
    try {
      expect(await whoIs(gateway.url, bearer(oldToken))).toBe('SII_STAFF BOBIGNY+SYREC');

      // The provider signs with a new key (ES256), still publishing the old one: the new kid is fetched at once.
      await provider.stop();
      provider = await startProvider([key2, key1]);
      const es256Token = await tokenOf('kc-grafana');
      expect(JSON.parse(Buffer.from(es256Token.split('.')[0], 'base64url').toString())).toMatchObject({ alg: 'ES256', kid: key2.jwk.kid });
      expect(await whoIs(gateway.url, bearer(es256Token))).toBe('SII_STAFF BOBIGNY+SYREC');
      const keysFetchedAt = Date.now();
      expect(await whoIs(gateway.url, bearer(oldToken))).toBe('SII_STAFF BOBIGNY+SYREC');

      // The RSA key is withdrawn: still accepted while the cached key set is fresh, refused once it is not.
      await provider.stop();
      provider = await startProvider([key2]);
      expect(Date.now() - keysFetchedAt).toBeLessThan(cacheSeconds * 1000);
      expect(await whoIs(gateway.url, bearer(oldToken))).toBe('SII_STAFF BOBIGNY+SYREC');
      await new Promise((resolve) => setTimeout(resolve, keysFetchedAt + cacheSeconds * 1000 + 200 - Date.now()));
      const refused = await send(gateway.url, postJson({ query: PROBE }, bearer(oldToken)));
      expect([refused.status, refused.codes]).toEqual([401, ['UNAUTHENTICATED']]);
      expect(refused.json.errors[0].message).toBe('Invalid token: the token is signed with a key the identity provider does not publish');
      expect(await whoIs(gateway.url, bearer(es256Token))).toBe('SII_STAFF BOBIGNY+SYREC');

      // And an EdDSA key in front: its tokens work at once too.
      await provider.stop();
      provider = await startProvider([key3, key2]);
      const eddsaToken = await tokenOf('kc-grafana');
      expect(JSON.parse(Buffer.from(eddsaToken.split('.')[0], 'base64url').toString())).toMatchObject({ alg: 'EdDSA', kid: key3.jwk.kid });
      expect(await whoIs(gateway.url, bearer(eddsaToken))).toBe('SII_STAFF BOBIGNY+SYREC');
    } finally {
      // Back to the first key for the rest of the file.
      await provider.stop();
      provider = await startProvider([key1]);
    }
  });
});

describe('the provider out of reach', () => {
  it('keeps accepting tokens signed with keys it already holds, and does not wait long for the provider', async () => {
    const gateway = await gatewayWith({ oidc: oidcSettings(provider.issuer, KEYCLOAK, { jwksCacheSeconds: 1, jwksCooldownSeconds: 0, timeoutMs: 500 }), internalSecret: TEST_INTERNAL_SECRET });
    const token = await tokenOf('kc-bobigny-powerbi');
    expect(await whoIs(gateway.url, bearer(token))).toBe('MEMBER_AGENT BOBIGNY');
    await provider.stop();
    try {
      await new Promise((resolve) => setTimeout(resolve, 1100)); // the keys are now stale
      const started = Date.now();
      expect(await whoIs(gateway.url, bearer(token))).toBe('MEMBER_AGENT BOBIGNY');
      expect(Date.now() - started).toBeLessThan(1500);
      // A key it never saw cannot be checked: "retry later", not "invalid", and never let through.
      const unknownKey = await send(gateway.url, postJson({ query: PROBE }, bearer(await providerStyleToken(await signingKey('RS256')))));
      expect([unknownKey.status, unknownKey.codes]).toEqual([503, ['SERVICE_UNAVAILABLE']]);
      expect(await whoIs(gateway.url, {})).toBe('anonymous');
    } finally {
      provider = await startProvider([key1]);
    }
  });

  it('answers SERVICE_UNAVAILABLE (503, Retry-After) with no keys, within the timeout, while anonymous reads still answer', async () => {
    // A provider that accepts connections and never answers: the worst case for a hang.
    const sockets = new Set<net.Socket>();
    const silentServer = net.createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => silentServer.listen(0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${(silentServer.address() as net.AddressInfo).port}`;
    try {
      const startedAt = Date.now();
      const gateway = await gatewayWith({ oidc: oidcSettings(issuer, KEYCLOAK, { timeoutMs: 500, jwksCooldownSeconds: 5 }), internalSecret: TEST_INTERNAL_SECRET });
      expect(Date.now() - startedAt).toBeLessThan(3000); // the gateway starts although the provider does not answer
      const token = await signWith(key1, { iss: issuer, aud: TEST_AUDIENCE, sub: 'someone', iat: now(), exp: now() + 300, realm_access: { roles: ['hub-staff'] } });

      const first = Date.now();
      const answer = await send(gateway.url, postJson({ query: PROBE }, bearer(token)));
      expect([answer.status, answer.codes]).toEqual([503, ['SERVICE_UNAVAILABLE']]);
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(answer.json.data).toBeUndefined();
      expect(Date.now() - first).toBeLessThan(2000);

      // Within the cooldown the provider is not asked again: the answer is immediate.
      const second = Date.now();
      const again = await send(gateway.url, postJson({ query: PROBE }, bearer(token)));
      expect(again.status).toBe(503);
      expect(Date.now() - second).toBeLessThan(300);

      const anonymous = await send(gateway.url, postJson({ query: '{ members { code } }' }));
      expect(anonymous.status).toBe(200);
      expect(anonymous.json.data.members).toHaveLength(6);
      // A token from elsewhere is refused outright, without asking anyone.
      const foreign = await send(gateway.url, postJson({ query: PROBE }, bearer(await providerStyleToken(key1))));
      expect([foreign.status, foreign.codes]).toEqual([401, ['UNAUTHENTICATED']]);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silentServer.close(() => resolve()));
    }
  });

  it('answers SERVICE_UNAVAILABLE as well when nothing listens where the provider should be', async () => {
    const issuer = `http://127.0.0.1:${await freePort()}`;
    const gateway = await gatewayWith({ oidc: oidcSettings(issuer, KEYCLOAK, { timeoutMs: 500 }), internalSecret: TEST_INTERNAL_SECRET });
    const token = await signWith(key1, { iss: issuer, aud: TEST_AUDIENCE, sub: 'someone', iat: now(), exp: now() + 300 });
    const answer = await send(gateway.url, postJson({ query: PROBE }, bearer(token)));
    expect([answer.status, answer.codes]).toEqual([503, ['SERVICE_UNAVAILABLE']]);
    expect(await whoIs(gateway.url, {})).toBe('anonymous');
  });
});

describe('a subgraph port reached directly', () => {
  const internalClaims = (overrides: Record<string, unknown> = {}) => ({
    sub: 'mallory',
    role: 'SII_STAFF',
    member: null,
    cred: 'oidc',
    use: 'viewer',
    iss: 'sii-hub-gateway',
    aud: 'sii-hub-internal',
    iat: now(),
    exp: now() + 60,
    ...overrides,
  });

  it('believes the gateway\'s genuine vouch (so the refusals below are about the forgery)', async () => {
    const vouch = signVouch({ subject: 'staff@sii', role: 'SII_STAFF', memberCode: null, anonymous: false, credential: 'oidc' }, TEST_INTERNAL_SECRET);
    expect(await whoIs(hub.subgraphs.operations.url, { [VIEWER_HEADER]: vouch })).toBe('SII_STAFF BOBIGNY+SYREC');
  });

  it.each([
    ['signed with another secret', () => signJwtHs256(internalClaims(), 'not-the-internal-secret-but-long-enough')],
    ['expired', () => signJwtHs256(internalClaims({ iat: now() - 200, exp: now() - 100 }), TEST_INTERNAL_SECRET)],
    ['living longer than a vouch may', () => signJwtHs256(internalClaims({ exp: now() + 3600 }), TEST_INTERNAL_SECRET)],
    ['meant for an internal route, not a viewer', () => signJwtHs256(internalClaims({ use: 'service' }), TEST_INTERNAL_SECRET)],
    ['for another audience', () => signJwtHs256(internalClaims({ aud: 'sii-hub' }), TEST_INTERNAL_SECRET)],
    ['made of the caller\'s own JSON', () => JSON.stringify({ role: 'SII_STAFF', subject: 'mallory' })],
    ['a hub HS256 token in the vouch header', () => tokenFor('SII_STAFF')],
  ])('refuses a vouch %s with 401 UNAUTHENTICATED and changes nothing', async (_label, vouch) => {
    const answer = await send(hub.subgraphs.operations.url, postJson({ query: PROBE }, { [VIEWER_HEADER]: vouch() }));
    expect([answer.status, answer.codes, answer.json.data]).toEqual([401, ['UNAUTHENTICATED'], undefined]);
    const write = await send(
      hub.subgraphs.governance.url,
      postJson({ query: 'mutation { createApiKey(input: { name: "forged", role: SII_STAFF }) { secret } }' }, { [VIEWER_HEADER]: vouch() }),
    );
    expect([write.status, write.codes]).toEqual([401, ['UNAUTHENTICATED']]);
  });

  it('verifies a provider token itself, and refuses one from another issuer', async () => {
    expect(await whoIs(hub.subgraphs.operations.url, bearer(await tokenOf('kc-bobigny-powerbi')))).toBe('MEMBER_AGENT BOBIGNY');
    const elsewhere = await signingKey('RS256');
    const foreign = await signWith(elsewhere, { iss: 'https://sso.elsewhere.example', aud: TEST_AUDIENCE, sub: 'mallory', iat: now(), exp: now() + 300, realm_access: { roles: ['hub-staff'] } });
    const answer = await send(hub.subgraphs.operations.url, postJson({ query: PROBE }, bearer(foreign)));
    expect([answer.status, answer.codes]).toEqual([401, ['UNAUTHENTICATED']]);
  });

  it('refuses API keys: only the gateway checks them', async () => {
    const key = `siihub_abcd1234_${'A'.repeat(43)}`;
    for (const headers of [bearer(key), { 'x-api-key': key }]) {
      const answer = await send(hub.subgraphs.governance.url, postJson({ query: '{ members { code } }' }, headers));
      expect([answer.status, answer.codes]).toEqual([401, ['UNAUTHENTICATED']]);
      expect(answer.json.errors[0].message).toBe('API keys are accepted by the gateway only');
    }
  });
});

describe('HS256 tokens (issue 11, item 9)', () => {
  const claims = (overrides: Record<string, unknown> = {}) => ({ sub: 'staff@test', role: 'SII_STAFF', iss: 'sii-hub', aud: 'sii-hub', iat: now(), exp: now() + 3600, ...overrides });

  it('accepts a token with exp, iat, the configured iss and aud, within the maximum lifetime', async () => {
    expect(await whoIs(hub.url, bearer(signJwtHs256(claims(), TEST_JWT_SECRET)))).toBe('SII_STAFF BOBIGNY+SYREC');
    expect(await whoIs(hub.url, bearer(signJwtHs256(claims({ exp: now() + 24 * 3600 }), TEST_JWT_SECRET)))).toBe('SII_STAFF BOBIGNY+SYREC');
  });

  it.each([
    ['without exp', claims({ exp: undefined }), /no "exp" claim/],
    ['without iat', claims({ iat: undefined }), /no "iat" claim/],
    ['living longer than the maximum (24 h + 1 s)', claims({ exp: now() + 24 * 3600 + 1 }), /longer than the 86400 s this hub accepts/],
    ['issued long ago (older than the maximum lifetime)', claims({ iat: now() - 25 * 3600, exp: now() + 3600 }), /expired|too old|longer/],
    ['issued in the future', claims({ iat: now() + 3600, exp: now() + 7200 }), /iat/],
    ['from another issuer', claims({ iss: 'someone-else' }), /issued by someone this hub does not trust/],
    ['without issuer', claims({ iss: undefined }), /no "iss" claim|issued by someone/],
    ['for another audience', claims({ aud: 'another-api' }), /meant for another audience/],
    ['without audience', claims({ aud: undefined }), /no "aud" claim|another audience/],
  ])('refuses a token %s with 401 UNAUTHENTICATED', async (_label, payload, message) => {
    for (const url of [hub.url, hub.subgraphs.governance.url]) {
      const answer = await send(url, postJson({ query: '{ members { code } }' }, bearer(signJwtHs256(payload, TEST_JWT_SECRET))));
      expect([answer.status, answer.codes]).toEqual([401, ['UNAUTHENTICATED']]);
      expect(answer.json.errors[0].message).toMatch(message);
    }
  });

  it('refuses every HS256 token when no HUB_JWT_SECRET is set, even one signed with the test secret', async () => {
    const oidcOnly = await gatewayWith({ oidc: oidcSettings(provider.issuer, KEYCLOAK), internalSecret: TEST_INTERNAL_SECRET });
    const answer = await send(oidcOnly.url, postJson({ query: '{ members { code } }' }, bearer(tokenFor('SII_STAFF'))));
    expect([answer.status, answer.codes]).toEqual([401, ['UNAUTHENTICATED']]);
    expect(answer.json.errors[0].message).toMatch(/accepts no HS256 tokens \(HUB_JWT_SECRET is not set\)/);
  });
});
