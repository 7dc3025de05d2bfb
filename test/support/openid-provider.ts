import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import type { ProviderAccount, ProviderClient } from '../../lib/identity/openid-provider';
import { PROJECT_ROOT } from '../../lib/paths';

/**
 * A real oidc-provider on loopback for the identity tests, run by test/support/openid-provider-process.ts.
 * Restarting it with other keys on the same port is how a key rotation looks from the hub.
 */

export const TEST_RESOURCE = 'urn:sii-hub';
export const TEST_AUDIENCE = 'sii-hub';

export interface SigningKey {
  /** Private JWK (kid, alg, use), as the provider's JWKS holds it. */
  jwk: JWK;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function signingKey(alg: 'RS256' | 'ES256' | 'EdDSA', kid = `${alg.toLowerCase()}-${randomBytes(4).toString('hex')}`): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
  return { jwk, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** A token signed by `key` with exactly these claims (the tests' hostile and edge-case tokens). */
export function signWith(key: SigningKey, claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: String(key.jwk.alg), kid: key.jwk.kid, typ: 'at+jwt', ...header }).sign(key.privateKey);
}

export interface TestProviderOptions {
  port?: number;
  keys: SigningKey[];
  clients: ProviderClient[];
  accounts?: ProviderAccount[];
  accessTokenTtlSeconds?: number;
}

export interface TestProvider {
  issuer: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
  /** A client-credentials token for one of its clients. */
  token(clientId: string, clientSecret: string): Promise<string>;
}

const REGISTER = path.join(PROJECT_ROOT, 'test', 'support', 'register-ts.js');
const ENTRY = path.join(PROJECT_ROOT, 'test', 'support', 'openid-provider-process.ts');

export async function startTestProvider(options: TestProviderOptions): Promise<TestProvider> {
  const child = spawn(process.execPath, ['-r', REGISTER, ENTRY], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      OPENID_PROVIDER_OPTIONS: JSON.stringify({
        port: options.port ?? 0,
        keys: options.keys.map((key) => key.jwk),
        resource: TEST_RESOURCE,
        audience: TEST_AUDIENCE,
        accounts: options.accounts ?? [],
        clients: options.clients,
        cookieKeys: [randomBytes(16).toString('hex')],
        accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 600,
        clientCredentialsTtlSeconds: options.accessTokenTtlSeconds ?? 600,
      }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = await new Promise<{ issuer: string; port: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the test OpenID provider did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line));
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the test OpenID provider exited with ${code}:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    ...ready,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    async token(clientId, clientSecret) {
      const response = await fetch(`${ready.issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
        body: new URLSearchParams({ grant_type: 'client_credentials' }),
      });
      const body = (await response.json()) as { access_token?: string; error?: string };
      if (!body.access_token) throw new Error(`no token for ${clientId}: ${JSON.stringify(body)}`);
      return body.access_token;
    },
  };
}

export interface PkceSignIn {
  clientId: string;
  redirectUri: string;
  login: string;
  password: string;
  /** Sent as Origin to the token endpoint, as a browser page on that origin would. */
  origin?: string;
}

export interface PkceResult {
  status: number;
  /** The token endpoint's CORS answer to `origin`. */
  allowOrigin: string | null;
  body: { access_token?: string; id_token?: string; error?: string; error_description?: string };
  /** The sign-in page answer when the login was refused. */
  loginStatus?: number;
  loginPage?: string;
}

/**
 * Authorization code + PKCE against a provider, as a browser does it, over plain HTTP: the
 * authorization request, the provider's sign-in form, the redirect back with the code, then the
 * code exchanged with its verifier. (The playground's own test drives the same in Chromium.)
 */
export async function signInWithPkce(issuer: string, options: PkceSignIn): Promise<PkceResult> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const cookies = new Map<string, string>();
  const go = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
    return response;
  };
  let url = `${issuer}/auth?${new URLSearchParams({
    client_id: options.clientId,
    response_type: 'code',
    redirect_uri: options.redirectUri,
    scope: 'openid profile',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 'state-1',
  })}`;
  let code: string | null = null;
  for (let step = 0; step < 10 && code === null; step += 1) {
    const response = await go(url);
    if (response.status === 302 || response.status === 303) {
      const location = new URL(response.headers.get('location') ?? '', url).toString();
      if (location.startsWith(options.redirectUri)) {
        const query = new URL(location).searchParams;
        if (query.get('state') !== 'state-1') throw new Error('state lost on the way back');
        code = query.get('code');
        if (!code) throw new Error(`no code: ${location}`);
      }
      url = location;
      continue;
    }
    const page = await response.text();
    const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1];
    if (!action) throw new Error(`unexpected page (${response.status}): ${page.slice(0, 300)}`);
    const login = await go(new URL(action, issuer).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ login: options.login, password: options.password }),
    });
    if (login.status !== 303) return { status: 0, allowOrigin: null, body: {}, loginStatus: login.status, loginPage: await login.text() };
    url = new URL(login.headers.get('location') ?? '', issuer).toString();
  }
  if (!code) throw new Error('the sign-in did not come back with a code');
  const token = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(options.origin ? { origin: options.origin } : {}) },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: options.redirectUri, client_id: options.clientId, code_verifier: verifier }),
  });
  return { status: token.status, allowOrigin: token.headers.get('access-control-allow-origin'), body: (await token.json()) as PkceResult['body'] };
}
