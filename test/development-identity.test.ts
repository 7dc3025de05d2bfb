import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startDevelopmentProvider } from '../lib/identity/development-provider';
import { PROJECT_ROOT } from '../lib/paths';
import { freePort } from '../lib/ports';
import { START_SCRIPT, startHubProcess } from '../scripts/hub-process';
import { bearer, postJson, send } from './support/abuse';
import { createTestDatabase, type TestDatabase } from './support/database';
import { productionSecrets } from './support/hub';
import { signInWithPkce } from './support/openid-provider';

/**
 * Issue 12, "The development default": the BUILT `npm start` with no identity provider configured
 * runs the development OpenID provider on loopback, the hub trusts its tokens, `npm run token`
 * gets its tokens from it, the playground's client signs in with authorization code + PKCE, the
 * tokens survive a restart; production never runs it.
 */

jest.setTimeout(240_000);

const TOKEN_SCRIPT = path.join(PROJECT_ROOT, 'dist', 'scripts', 'token.js');

let dataDir: string;
let database: TestDatabase;
let env: NodeJS.ProcessEnv;
let gatewayPort: number;
let providerPort: number;
let gatewayUrl: string;

/** `npm run token -- …` as built, with the hub's environment. */
function token(args: string[], extraEnv: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [TOKEN_SCRIPT, ...args], { env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
}

const payloadOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
const headerOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString());

/** Who the gateway takes the bearer of `jwt` for: role-revealing reads (tickets are member-scoped, apiKeys staff-only). */
async function whoIs(jwt: string): Promise<string> {
  const answer = await send(gatewayUrl, postJson({ query: '{ tickets(first: 1) { totalCount } }' }, bearer(jwt)));
  if (answer.status !== 200) return `${answer.status} ${answer.codes.join(',')}`;
  if (answer.codes[0] === 'FORBIDDEN') return 'READER';
  const staffOnly = await send(gatewayUrl, postJson({ query: '{ apiKeys { id } }' }, bearer(jwt)));
  return staffOnly.codes.length === 0 ? 'SII_STAFF' : 'MEMBER_AGENT';
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

beforeAll(async () => {
  if (!fs.existsSync(START_SCRIPT) || !fs.existsSync(TOKEN_SCRIPT)) throw new Error('dist/ is missing: run `npm run build` (npm test does it)');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-dev-identity-'));
  database = await createTestDatabase();
  const [gateway, governance, catalogue, operations, metrics, provider] = await Promise.all(Array.from({ length: 6 }, freePort));
  gatewayPort = gateway;
  providerPort = provider;
  gatewayUrl = `http://127.0.0.1:${gateway}/graphql`;
  env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'development',
    LOG_LEVEL: 'info',
    HUB_DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    GATEWAY_PORT: String(gateway),
    GOVERNANCE_PORT: String(governance),
    CATALOGUE_PORT: String(catalogue),
    OPERATIONS_PORT: String(operations),
    METRICS_PORT: String(metrics),
    HUB_DEV_OIDC_PORT: String(provider),
  };
});

afterAll(async () => {
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('runs a development OpenID provider whose tokens the hub accepts, for `npm run token` and for the playground\'s sign-in', async () => {
  const before = token(['--role', 'MEMBER_AGENT', '--member', 'BOBIGNY']);
  expect(before.status).toBe(1);
  expect(before.stderr).toMatch(/No development OpenID provider found .*start the hub with `npm start`.*or set HUB_JWT_SECRET/);

  const hub = await startHubProcess(env, 120_000);
  let agentToken: string;
  try {
    const issuer = `http://127.0.0.1:${providerPort}`;
    const announced = hub.startupOutput.split('\n').find((line) => line.includes('development OpenID provider on'));
    expect(announced).toBeDefined();
    expect(JSON.parse(announced!)).toMatchObject({ issuer, password: 'demo', accounts: expect.arrayContaining(['staff', 'reader', 'agent-bobigny', 'agent-le-blanc-mesnil']) });
    expect(hub.startupOutput).not.toMatch(/oidc-provider WARNING/);

    // `npm run token` with no HUB_JWT_SECRET: a token from the provider, for the demo account asked for.
    const agent = token(['--role', 'MEMBER_AGENT', '--member', 'BOBIGNY']);
    expect(agent).toMatchObject({ status: 0, stderr: '' });
    agentToken = agent.stdout;
    expect(headerOf(agentToken)).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    expect(payloadOf(agentToken)).toMatchObject({ iss: issuer, aud: 'sii-hub', roles: ['MEMBER_AGENT'], member: 'BOBIGNY', sub: 'dev-token-agent-bobigny' });
    expect(await whoIs(agentToken)).toBe('MEMBER_AGENT');
    expect(await whoIs(token(['--role', 'SII_STAFF']).stdout)).toBe('SII_STAFF');
    expect(await whoIs(token(['--role', 'READER']).stdout)).toBe('READER');
    expect(token(['--role', 'MEMBER_AGENT', '--member', 'PARIS'])).toMatchObject({ status: 1, stderr: expect.stringMatching(/no demo account agent-paris/) });
    expect(token(['--role', 'SII_STAFF', '--expires', '1h'])).toMatchObject({ status: 1, stderr: expect.stringMatching(/apply to HS256 tokens only/) });

    // The playground's public client: authorization code + PKCE, redirect under the gateway's /playground/.
    const signedIn = await signInWithPkce(issuer, {
      clientId: 'sii-hub-playground',
      redirectUri: `http://localhost:${gatewayPort}/playground/callback`,
      login: 'agent-bobigny',
      password: 'demo',
      origin: `http://localhost:${gatewayPort}`,
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.allowOrigin).toBe(`http://localhost:${gatewayPort}`);
    expect(payloadOf(signedIn.body.access_token!)).toMatchObject({ iss: issuer, aud: 'sii-hub', sub: 'agent-bobigny', client_id: 'sii-hub-playground', member: 'BOBIGNY' });
    expect(await whoIs(signedIn.body.access_token!)).toBe('MEMBER_AGENT');
    // The playground offers "Sign in" at this provider, and its pages may reach it for the token request.
    const signIn = await fetch(`http://127.0.0.1:${gatewayPort}/playground/sign-in.json`);
    expect(await signIn.json()).toEqual({
      issuer,
      clientId: 'sii-hub-playground',
      scope: 'openid profile',
      authorizationEndpoint: `${issuer}/auth`,
      tokenEndpoint: `${issuer}/token`,
    });
    const playground = await fetch(gatewayUrl, { headers: { accept: 'text/html' } });
    expect(playground.headers.get('content-security-policy')).toContain(`connect-src 'self' ${issuer};`);
    expect(await playground.text()).toContain('\\"Sign in\\" (top right) first');
    const refused = await signInWithPkce(issuer, { clientId: 'sii-hub-playground', redirectUri: `http://localhost:${gatewayPort}/playground/`, login: 'agent-bobigny', password: 'wrong' });
    expect(refused.loginStatus).toBe(401);
    expect(refused.loginPage).toContain('Unknown login or wrong password');

    // The BI demo client, whose secret `npm start` printed: client credentials, a READER.
    const bi = JSON.parse(announced!).biDemoClient as { clientId: string; clientSecret: string };
    const biToken = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${bi.clientId}:${bi.clientSecret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    expect(await whoIs(((await biToken.json()) as { access_token: string }).access_token)).toBe('READER');

    // HS256 is off without HUB_JWT_SECRET (the former public development secret signs nothing).
    const hs256 = token(['--role', 'SII_STAFF'], { HUB_JWT_SECRET: 'sii-hub-development-secret-do-not-use-in-production' });
    expect(hs256.status).toBe(0);
    expect(await whoIs(hs256.stdout)).toBe('401 UNAUTHENTICATED');
  } finally {
    expect(await hub.stop()).toBe(0);
  }
  expect(await listening(providerPort)).toBe(false);

  // The provider's key is kept in HUB_DATA_DIR: a token from before the restart still works.
  const keyFile = path.join(dataDir, 'dev-oidc', 'secrets.json');
  expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
  const again = await startHubProcess(env, 120_000);
  try {
    expect(await whoIs(agentToken)).toBe('MEMBER_AGENT');
  } finally {
    expect(await again.stop()).toBe(0);
  }
});

it('never runs in production: `npm start` there trusts only what is configured', async () => {
  await expect(startDevelopmentProvider({ isProduction: true, dataDir, port: 0, gatewayPort })).rejects.toThrow(/never runs in production/);
  const secrets = productionSecrets();
  const hub = await startHubProcess({ ...env, NODE_ENV: 'production', ...secrets }, 120_000);
  try {
    expect(hub.startupOutput).not.toContain('development OpenID provider');
    expect(await listening(providerPort)).toBe(false);
    const hs256 = token(['--role', 'SII_STAFF'], { NODE_ENV: 'production', ...secrets });
    expect(hs256.status).toBe(0);
    expect(await whoIs(hs256.stdout)).toBe('SII_STAFF');
    const noSecret = token(['--role', 'SII_STAFF'], { NODE_ENV: 'production', HUB_INTERNAL_SECRET: secrets.HUB_INTERNAL_SECRET, HUB_OIDC_ISSUER: 'https://sso.example.org' });
    expect(noSecret).toMatchObject({ status: 1, stderr: expect.stringMatching(/tokens come from your identity provider/) });
  } finally {
    expect(await hub.stop()).toBe(0);
  }
});

it('`npm run token` with HUB_JWT_SECRET signs HS256 itself, within the maximum lifetime', () => {
  const secret = productionSecrets().HUB_JWT_SECRET;
  const signed = token(['--role', 'MEMBER_AGENT', '--member', 'syrec', '--expires', '2h'], { HUB_JWT_SECRET: secret });
  expect(signed.status).toBe(0);
  const claims = payloadOf(signed.stdout);
  expect(headerOf(signed.stdout)).toEqual({ alg: 'HS256', typ: 'JWT' });
  expect(claims).toMatchObject({ sub: 'member_agent-syrec@dev', role: 'MEMBER_AGENT', member: 'SYREC', iss: 'sii-hub', aud: 'sii-hub' });
  expect(claims.exp - claims.iat).toBe(7200);
  expect(payloadOf(token(['--role', 'READER'], { HUB_JWT_SECRET: secret, HUB_JWT_ISSUER: 'https://hub.sii.example', HUB_JWT_AUDIENCE: 'hub-api' }).stdout)).toMatchObject({ iss: 'https://hub.sii.example', aud: 'hub-api' });
  const defaults = payloadOf(token(['--role', 'READER'], { HUB_JWT_SECRET: secret }).stdout);
  expect(defaults.exp - defaults.iat).toBe(12 * 3600);
  expect(token(['--role', 'READER', '--expires', '25h'], { HUB_JWT_SECRET: secret })).toMatchObject({
    status: 1,
    stderr: '--expires 25h is longer than the 86400 s this hub accepts (HUB_JWT_MAX_LIFETIME_SECONDS)',
  });
  expect(token(['--role', 'READER', '--expires', '2h'], { HUB_JWT_SECRET: secret, HUB_JWT_MAX_LIFETIME_SECONDS: '3600' }).status).toBe(1);
  expect(token(['--help']).stdout).toMatch(/npm run token -- --role MEMBER_AGENT --member BOBIGNY/);
});
