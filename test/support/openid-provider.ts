import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
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
