import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { startGateway } from '../gateway';
import type { SubgraphName } from '../lib/config';
import { DEFAULT_CLAIMS_MAPPING } from '../lib/identity/claims';
import { DEMO_ACCOUNTS, PLAYGROUND_CLIENT_ID, playgroundPostLogoutUris, playgroundRedirectUris } from '../lib/identity/development-provider';
import { hs256Settings } from '../lib/identity/hs256';
import { createLogger } from '../lib/logger';
import { PROJECT_ROOT } from '../lib/paths';
import { freePort } from '../lib/ports';
import { describeInChromium, launchChromium } from './support/browser';
import { graphql, startTestHub, TEST_INTERNAL_SECRET, TEST_JWT_SECRET, type TestHub, tokenFor } from './support/hub';
import { signingKey, startTestProvider, TEST_AUDIENCE, type TestProvider } from './support/openid-provider';
import { AUTHORIZATION_KEY, BROWSER_ACCEPT, operationsOfTabs, playgroundConfig, playgroundDriver } from './support/playground-page';

/**
 * The playground's "Sign in" (issue 12, issue 15): authorization code + PKCE (S256) against a real
 * oidc-provider process on loopback, through its own login page, in Chromium; the access token kept
 * in sessionStorage and sent by every tab; a Bobigny agent sees Bobigny's tickets only; "Sign out"
 * forgets the token.
 */

jest.setTimeout(120_000);

/** Only inside page.evaluate callbacks, which run in the browser. */
declare const sessionStorage: { getItem(key: string): string | null; length: number; key(index: number): string | null };

const ARTIFACTS = path.join(PROJECT_ROOT, 'test-artifacts');
const payloadOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

let provider: TestProvider;
let hub: TestHub;
let gatewayOrigin: string;

beforeAll(async () => {
  // The provider must know the playground's redirect URIs, so the gateway's port is chosen first.
  const gatewayPort = await freePort();
  provider = await startTestProvider({
    keys: [await signingKey('RS256')],
    // The development provider's demo accounts and playground client, as `npm start` registers them.
    accounts: DEMO_ACCOUNTS,
    clients: [{ clientId: PLAYGROUND_CLIENT_ID, redirectUris: playgroundRedirectUris(gatewayPort), postLogoutRedirectUris: playgroundPostLogoutUris(gatewayPort) }],
  });
  hub = await startTestHub({
    gatewayPort,
    identity: {
      hs256: hs256Settings(TEST_JWT_SECRET),
      oidc: { issuer: provider.issuer, audience: TEST_AUDIENCE, claims: DEFAULT_CLAIMS_MAPPING, jwksCacheSeconds: 600, jwksCooldownSeconds: 0, timeoutMs: 2000, clockSkewSeconds: 30 },
      internalSecret: TEST_INTERNAL_SECRET,
    },
  });
  gatewayOrigin = new URL(hub.url).origin;
  // Tickets of two members: what the agent sees tells whose they are.
  for (const memberCode of ['BOBIGNY', 'BOBIGNY', 'SYREC', 'LA_COURNEUVE']) {
    const opened = await graphql(
      hub.url,
      'mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }',
      { input: { memberCode, kind: 'INCIDENT', queue: 'SUPPORT', priority: 'LOW', title: `Sign-in probe ${memberCode}` } },
      tokenFor('SII_STAFF'),
    );
    expect(opened.errors).toBeUndefined();
  }
});

afterAll(async () => {
  await hub?.stop();
  await provider?.stop();
});

describe('the playground with an identity provider, over HTTP', () => {
  it('offers "Sign in", with the provider\'s endpoints from its discovery document and a policy that lets the page reach it', async () => {
    const config = await playgroundConfig(hub.url);
    expect(config.signIn).toBe(true);
    expect(config.tabs[0].query).toContain('"Sign in" (top right) first');
    const signIn = await fetch(`${gatewayOrigin}/playground/sign-in.json`);
    expect(signIn.status).toBe(200);
    expect(await signIn.json()).toEqual({
      issuer: provider.issuer,
      clientId: 'sii-hub-playground',
      scope: 'openid profile',
      authorizationEndpoint: `${provider.issuer}/auth`,
      tokenEndpoint: `${provider.issuer}/token`,
    });
    for (const url of [hub.url, `${gatewayOrigin}/playground/callback`]) {
      const page = await fetch(url, { headers: { accept: BROWSER_ACCEPT } });
      expect(page.status).toBe(200);
      const csp = page.headers.get('content-security-policy')!;
      expect(csp).toContain(`connect-src 'self' ${provider.issuer};`);
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("form-action 'none'");
    }
  });

  it('says so, quickly, when the provider cannot be reached (the page itself still opens)', async () => {
    const deadIssuer = `http://127.0.0.1:${await freePort()}`;
    const subgraphUrls = Object.fromEntries(Object.values(hub.subgraphs).map((s) => [s.name, s.url])) as Partial<Record<SubgraphName, string>>;
    const oidc = { issuer: deadIssuer, audience: TEST_AUDIENCE, claims: DEFAULT_CLAIMS_MAPPING, jwksCacheSeconds: 600, jwksCooldownSeconds: 0, timeoutMs: 1000, clockSkewSeconds: 30 };
    const gateway = await startGateway({ port: 0, subgraphUrls, config: { jwtSecret: undefined, isProduction: false, identity: { oidc, internalSecret: TEST_INTERNAL_SECRET } }, logger: createLogger('test', 'silent') });
    try {
      expect((await fetch(gateway.url, { headers: { accept: BROWSER_ACCEPT } })).status).toBe(200);
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const startedAt = Date.now();
        const answer = await fetch(new URL('/playground/sign-in.json', gateway.url));
        expect(answer.status).toBe(503);
        expect(answer.headers.get('retry-after')).toBe('5');
        expect(await answer.json()).toMatchObject({ errors: [{ message: expect.stringMatching(/^The identity provider cannot be reached/), extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
        expect(Date.now() - startedAt).toBeLessThan(3000);
      }
    } finally {
      await gateway.stop();
    }
  });
});

describeInChromium('signing in to the playground in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let driver: ReturnType<typeof playgroundDriver>;
  const problems: string[] = [];
  const toProvider: Request[] = [];
  let accessToken: string;

  beforeAll(async () => {
    const tabs = operationsOfTabs(await playgroundConfig(hub.url));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    driver = playgroundDriver(page, hub.url, tabs);
    page.on('request', (request) => {
      if (request.url().startsWith(`${provider.issuer}/`)) toProvider.push(request);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    // A CSP violation is a console error too.
    page.on('console', (message) => {
      // The refused password is a 401 page: checked above.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
    });
  }, 60_000);
  afterAll(() => browser?.close());

  const stored = () => page.evaluate((key) => sessionStorage.getItem(key), AUTHORIZATION_KEY);

  it('signs a Bobigny agent in through the provider\'s login page (authorization code + PKCE)', async () => {
    await page.goto(hub.url, { waitUntil: 'load' });
    await driver.ready();
    expect(await page.locator('#hub-auth-status').innerText()).toMatch(/^Not signed in: public data only/);
    await page.locator('#hub-sign-in').click();

    // The provider's own sign-in page.
    await page.waitForURL((url) => url.href.startsWith(`${provider.issuer}/interaction/`), { timeout: 20_000 });
    const authorization = new URL(toProvider.find((request) => new URL(request.url()).pathname === '/auth')!.url());
    expect(Object.fromEntries(authorization.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'sii-hub-playground',
      redirect_uri: `${gatewayOrigin}/playground/callback`,
      scope: 'openid profile',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      state: expect.stringMatching(/^[\w-]{43}$/),
      prompt: 'login',
    });
    await page.locator('#login').fill('agent-bobigny');
    await page.locator('#password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Unknown login or wrong password' }).waitFor();
    await page.locator('#login').fill('agent-bobigny');
    await page.locator('#password').fill('demo');
    await page.getByRole('button', { name: 'Sign in' }).click();

    // Back through /playground/callback (the code exchanged with its verifier) to the playground.
    await page.waitForURL(hub.url, { timeout: 20_000 });
    await driver.ready();
    await page.locator('#hub-auth-status').filter({ hasText: /^Signed in as agent-bobigny \(MEMBER_AGENT BOBIGNY\) until / }).waitFor();
    const tokenRequest = toProvider.find((request) => new URL(request.url()).pathname === '/token')!;
    expect(tokenRequest.method()).toBe('POST');
    expect(Object.fromEntries(new URLSearchParams(tokenRequest.postData()!))).toMatchObject({
      grant_type: 'authorization_code',
      client_id: 'sii-hub-playground',
      redirect_uri: `${gatewayOrigin}/playground/callback`,
      code_verifier: expect.stringMatching(/^[\w-]{43}$/),
    });
    const kept = JSON.parse((await stored())!);
    expect(kept).toMatchObject({ kind: 'signed-in', issuer: provider.issuer });
    accessToken = kept.token;
    expect(payloadOf(accessToken)).toMatchObject({ iss: provider.issuer, aud: 'sii-hub', sub: 'agent-bobigny', client_id: 'sii-hub-playground', roles: ['MEMBER_AGENT'], member: 'BOBIGNY' });
    // Nothing of the sign-in is left lying around: no code in the address, no verifier in storage.
    expect(page.url()).toBe(hub.url);
    expect(await page.evaluate(() => Array.from({ length: sessionStorage.length }, (_, i) => sessionStorage.key(i)).sort())).toEqual([AUTHORIZATION_KEY, 'sii-hub:playground:variables'].sort());
  }, 90_000);

  it('runs the member dashboard and the tickets as that agent: Bobigny\'s tickets only', async () => {
    await driver.openTab(1);
    const dashboard = await driver.run('MemberDashboard', false);
    expect(dashboard.authorization).toBe(`Bearer ${accessToken}`);
    expect(dashboard.body.errors).toBeUndefined();
    expect(dashboard.body.data.member).toMatchObject({ code: 'BOBIGNY', tickets: { totalCount: 2 } });
    expect(dashboard.body.data.member.tickets.edges.map((edge: { node: { title: string } }) => edge.node.title)).toEqual(['Sign-in probe BOBIGNY', 'Sign-in probe BOBIGNY']);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'playground-signed-in-dashboard.png') });

    // Every tab sends the same token: the Tickets tab lists Bobigny's and no other member's.
    await driver.openTab(5);
    const tickets = await driver.run('Tickets', true);
    expect(tickets.authorization).toBe(`Bearer ${accessToken}`);
    expect(tickets.body.errors).toBeUndefined();
    expect(tickets.body.data.tickets.totalCount).toBe(2);
    expect(new Set(tickets.body.data.tickets.edges.map((edge: { node: { member: { code: string } } }) => edge.node.member.code))).toEqual(new Set(['BOBIGNY']));
    await page.screenshot({ path: path.join(ARTIFACTS, 'playground-signed-in-tickets.png') });
  }, 60_000);

  it('signs out: the token is gone, the tabs are anonymous again, and the next sign-in asks for the login', async () => {
    await page.locator('#hub-sign-out').click();
    expect(await stored()).toBeNull();
    expect(await page.locator('#hub-auth-status').innerText()).toBe('Signed out: public data only.');
    expect(await page.locator('#hub-sign-in').isVisible()).toBe(true);
    await driver.openTab(1);
    const anonymous = await driver.run('MemberDashboard', false);
    expect(anonymous.authorization).toBeUndefined();
    expect(anonymous.body.errors.map((error: { extensions: { code: string } }) => error.extensions.code)).toEqual(['UNAUTHENTICATED']);
    expect(anonymous.text).not.toContain('stacktrace');
    await page.reload({ waitUntil: 'load' });
    await driver.ready();
    expect(await stored()).toBeNull();
    await page.screenshot({ path: path.join(ARTIFACTS, 'playground-signed-out.png') });

    // The provider still has a session, but another person may be at the keyboard: the login page again.
    await page.locator('#hub-sign-in').click();
    await page.waitForURL((url) => url.href.startsWith(`${provider.issuer}/interaction/`), { timeout: 20_000 });
    await page.locator('#login').waitFor();
  }, 60_000);

  it('logged no error (no policy violation) on the way', () => {
    expect(problems).toEqual([]);
  });
});
