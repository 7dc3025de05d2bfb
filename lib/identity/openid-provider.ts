import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';

/**
 * An OpenID provider built on `oidc-provider` (the certified OpenID Connect implementation for
 * Node), configured for the hub: access tokens are JWTs for one resource (the hub), carrying each
 * account's or client's claims, so the gateway verifies them exactly as it verifies a production
 * provider's. `npm start` runs one as its development default (development-provider.ts); the tests
 * run one as the real provider they sign in against.
 *
 * It offers:
 * - authorization code + PKCE for public clients (the playground) with a login page of its own
 *   (password checked against the configured accounts; consent is implied: every client is the hub's);
 * - client credentials for confidential clients (BI tools, the token command), their claims fixed
 *   per client;
 * - discovery, JWKS, userinfo and RP-initiated logout, as oidc-provider serves them.
 */

export interface ProviderAccount {
  /** The login typed on the sign-in page, and the tokens' `sub`. */
  id: string;
  password: string;
  name?: string;
  /** Claims added to the account's access tokens (e.g. { roles: ['MEMBER_AGENT'], member: 'BOBIGNY' }). */
  claims: Record<string, unknown>;
}

export interface ProviderClient {
  clientId: string;
  /** Absent: a public client (authorization code + PKCE). Present: a confidential client (client credentials). */
  clientSecret?: string;
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
  /** Claims of the client's own (client credentials) access tokens. */
  claims?: Record<string, unknown>;
}

export interface OpenIdProviderOptions {
  /** Loopback only, unless told otherwise. */
  host?: string;
  /** 0: any free port. */
  port: number;
  /** Private signing keys (JWKS with `kid` and `alg`); the first one signs. */
  keys: JWK[];
  /** The resource indicator of the hub (an absolute URI) and the `aud` of its access tokens. */
  resource: string;
  audience: string;
  accounts: ProviderAccount[];
  clients: ProviderClient[];
  /** Signs the provider's cookies (sessions, interactions). */
  cookieKeys: string[];
  accessTokenTtlSeconds?: number;
  clientCredentialsTtlSeconds?: number;
  /** Development only: list the accounts (and their passwords) on the sign-in page. */
  showAccountsOnLoginPage?: boolean;
  /**
   * Receives oidc-provider's own console notices (e.g. that it keeps sessions in memory, which is
   * what a development provider wants), so that they go to the hub's log instead of the terminal.
   */
  onNotice?: (message: string) => void;
}

export interface RunningOpenIdProvider {
  issuer: string;
  port: number;
  stop(): Promise<void>;
}

// Held in a variable so that TypeScript leaves the ESM-only package alone; loaded with a native import().
const OIDC_PROVIDER_MODULE: string = 'oidc-provider';

interface OidcProviderInstance {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<{ uid: string; prompt: { name: string; details: Record<string, any> }; params: Record<string, any>; session?: { accountId: string }; grantId?: string }>;
  interactionFinished(req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
  Grant: new (properties: { accountId: string; clientId: string }) => {
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  };
}
interface OidcProviderModule {
  default: new (issuer: string, configuration: Record<string, unknown>) => OidcProviderInstance;
  errors: { InvalidTarget: new (description?: string) => Error };
}

let noticeListener: ((message: string) => void) | undefined;

/** oidc-provider prints its notices with console.warn / console.info, prefixed "oidc-provider ". */
function divertNotices(listener: ((message: string) => void) | undefined): void {
  if (!listener) return;
  if (!noticeListener) {
    for (const method of ['warn', 'info'] as const) {
      const original = console[method].bind(console);
      console[method] = (...args: unknown[]) => {
        const text = typeof args[0] === 'string' ? args[0].replace(/\x1b\[[\d;]*m/g, '') : undefined;
        if (text?.startsWith('oidc-provider ') && noticeListener) noticeListener(text);
        else original(...args);
      };
    }
  }
  noticeListener = listener;
}

async function loadOidcProvider(): Promise<OidcProviderModule> {
  return (await import(OIDC_PROVIDER_MODULE)) as OidcProviderModule;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string);

function loginPage(uid: string, options: OpenIdProviderOptions, clientId: string, error?: string): string {
  const accounts = options.showAccountsOnLoginPage
    ? `<details open><summary>Demo accounts (development only)</summary><table><tr><th>login</th><th>password</th><th>who</th></tr>${options.accounts
        .map((account) => `<tr><td><code>${escapeHtml(account.id)}</code></td><td><code>${escapeHtml(account.password)}</code></td><td>${escapeHtml(account.name ?? '')}</td></tr>`)
        .join('')}</table></details>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in to the SII data hub</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:16px system-ui,sans-serif;max-width:28em;margin:3em auto;padding:0 1em;color:#222}
label{display:block;margin:.8em 0 .2em}input{width:100%;padding:.5em;box-sizing:border-box;font:inherit}
button{margin-top:1.2em;padding:.6em 1.2em;font:inherit}.error{color:#b00020}table{border-collapse:collapse;margin-top:.5em}
td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;font-size:.9em}details{margin-top:2em}
</style></head><body>
<h1>Sign in</h1>
<p>to the SII data hub, for <code>${escapeHtml(clientId)}</code></p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login" autocomplete="off">
<label for="login">Login</label><input id="login" name="login" required autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" required>
<button type="submit">Sign in</button>
</form>
<p><a href="/interaction/${escapeHtml(uid)}/abort">Cancel</a></p>
${accounts}
</body></html>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 10_000) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function originOf(uri: string): string | undefined {
  try {
    return new URL(uri).origin;
  } catch {
    return undefined;
  }
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // No form-action: browsers apply it to the redirects after the form is posted, and the last one goes back to the client.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  });
  res.end(html);
}

/** Starts the provider; its issuer is `http://<host>:<port>`. */
export async function startOpenIdProvider(options: OpenIdProviderOptions): Promise<RunningOpenIdProvider> {
  divertNotices(options.onNotice);
  const { default: Provider, errors } = await loadOidcProvider();
  const host = options.host ?? '127.0.0.1';
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const accounts = new Map(options.accounts.map((account) => [account.id, account]));
  const clientClaims = new Map(options.clients.map((client) => [client.clientId, client.claims ?? {}]));
  const signingAlg = String(options.keys[0]?.alg ?? 'RS256');

  const provider = new Provider(issuer, {
    jwks: { keys: options.keys },
    // ID tokens are signed like the access tokens, with the first key (which need not be RSA).
    clientDefaults: { id_token_signed_response_alg: signingAlg, grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic' },
    cookies: { keys: options.cookieKeys },
    clients: options.clients.map((client) =>
      client.clientSecret
        ? { client_id: client.clientId, client_secret: client.clientSecret, grant_types: ['client_credentials'], response_types: [], redirect_uris: [] }
        : {
            client_id: client.clientId,
            token_endpoint_auth_method: 'none',
            grant_types: ['authorization_code'],
            response_types: ['code'],
            redirect_uris: client.redirectUris ?? [],
            post_logout_redirect_uris: client.postLogoutRedirectUris ?? [],
          },
    ),
    async findAccount(_ctx: unknown, id: string) {
      const account = accounts.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, name: account.name ?? id, preferred_username: id }) };
    },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // One resource, the hub: a client that names none gets it, and tokens for it are JWTs.
        defaultResource: async () => options.resource,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, indicator: string) => {
          if (indicator !== options.resource) throw new errors.InvalidTarget();
          return { scope: 'hub', audience: options.audience, accessTokenFormat: 'jwt', jwt: { sign: { alg: signingAlg } } };
        },
      },
    },
    scopes: ['openid', 'profile', 'hub'],
    async extraTokenClaims(_ctx: unknown, token: { accountId?: string; clientId?: string }) {
      if (token.accountId) return accounts.get(token.accountId)?.claims;
      return token.clientId ? clientClaims.get(token.clientId) : undefined;
    },
    // Every client is the hub's own: consent is implied (granted in the interaction below).
    clientBasedCORS: (_ctx: unknown, origin: string, client: { redirectUris: string[] }) =>
      origin !== 'null' && client.redirectUris.some((uri) => originOf(uri) === origin),
    ttl: {
      AccessToken: options.accessTokenTtlSeconds ?? 3600,
      ClientCredentials: options.clientCredentialsTtlSeconds ?? 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
    },
    pkce: { required: () => true },
    renderError: async (ctx: { type: string; body: string }, out: Record<string, string>) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in error</title></head><body><h1>Sign-in error</h1>${Object.entries(out)
        .map(([key, value]) => `<p><strong>${escapeHtml(key)}</strong>: ${escapeHtml(String(value))}</p>`)
        .join('')}</body></html>`;
    },
  });
  const handleOidc = provider.callback();

  const interaction = async (req: IncomingMessage, res: ServerResponse, uid: string, action: string | undefined): Promise<void> => {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('interaction mismatch');
    if (action === 'abort') {
      return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The user cancelled the sign-in' }, { mergeWithLastSubmission: false });
    }
    if (details.prompt.name === 'login') {
      if (action !== 'login' || req.method !== 'POST') return sendHtml(res, 200, loginPage(uid, options, String(details.params.client_id)));
      const form = await readForm(req);
      const account = accounts.get(form.get('login')?.trim() ?? '');
      if (!account || account.password !== form.get('password')) {
        return sendHtml(res, 401, loginPage(uid, options, String(details.params.client_id), 'Unknown login or wrong password'));
      }
      return provider.interactionFinished(req, res, { login: { accountId: account.id } }, { mergeWithLastSubmission: false });
    }
    if (details.prompt.name === 'consent' && details.session) {
      const grant = new provider.Grant({ accountId: details.session.accountId, clientId: String(details.params.client_id) });
      const missing = details.prompt.details;
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries((missing.missingResourceScopes ?? {}) as Record<string, string[]>)) {
        grant.addResourceScope(indicator, scopes.join(' '));
      }
      const grantId = await grant.save();
      return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    }
    return sendHtml(res, 400, '<!doctype html><title>Sign-in</title><p>This sign-in step is not supported.</p>');
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/interaction\/([\w-]+)(?:\/(login|abort))?$/.exec(new URL(req.url ?? '/', issuer).pathname);
    if (!match) return handleOidc(req, res);
    interaction(req, res, match[1], match[2]).catch(() => {
      if (!res.headersSent) sendHtml(res, 400, '<!doctype html><title>Sign-in</title><p>This sign-in has expired or is not valid: start again from the application.</p>');
      else res.destroy();
    });
  });

  return {
    issuer,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
