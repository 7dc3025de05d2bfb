import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { type DocumentNode, type FragmentDefinitionNode, Kind, parse, print, visit } from 'graphql';
import { createHash } from 'node:crypto';
import { HttpError, type RouteHandler } from '../lib/http';
import { discoveryUrlOf } from '../lib/identity/oidc';
import { SDK_OPERATIONS_DIR } from '../lib/paths';
import { CALLBACK_SCRIPT, PLAYGROUND_SCRIPT } from './playground-client';

/**
 * The GraphQL IDE served on GET /graphql to browsers: GraphiQL 3 (docs/schema explorer, history,
 * headers editor) from its own npm package's prebuilt bundles, with React 18's UMD builds. Every
 * byte comes from this gateway: intranets and CI have no internet, and the CSP forbids any other
 * origin but the identity provider's. A first tab that any anonymous reader can run, then the SDK's
 * operations (sdk/operations/*.graphql) as tabs, each operation with its own example variables
 * (sdk/operations/examples.json). One authorization for every tab, kept for the browser session:
 * "Sign in" at the hub's OpenID provider (authorization code + PKCE, playground-client.ts), or a
 * pasted token.
 */
export const PLAYGROUND_PREFIX = '/playground/';

const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

const ASSETS: Record<string, { file: () => string; type: string }> = {
  'react.production.min.js': { file: () => path.join(packageDir('react'), 'umd', 'react.production.min.js'), type: 'text/javascript' },
  'react-dom.production.min.js': {
    file: () => path.join(packageDir('react-dom'), 'umd', 'react-dom.production.min.js'),
    type: 'text/javascript',
  },
  'graphiql.min.js': { file: () => path.join(packageDir('graphiql'), 'graphiql.min.js'), type: 'text/javascript' },
  'graphiql.min.css': { file: () => path.join(packageDir('graphiql'), 'graphiql.min.css'), type: 'text/css' },
};

const PAGE_CSS = `html, body { height: 100%; margin: 0; width: 100%; overflow: hidden; }
body { display: flex; flex-direction: column; font: 14px system-ui, sans-serif; }
#graphiql { flex: 1; min-height: 0; }
#graphiql > .loading { font: 16px sans-serif; padding: 2em; }
.hub-auth { display: flex; align-items: center; gap: .6em; padding: .35em 1em; border-bottom: 1px solid #d8dbe0; background: #f6f7f9; color: #222; }
.hub-auth strong { margin-right: .4em; }
.hub-auth #hub-auth-status { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.hub-auth button { font: inherit; padding: .2em .9em; border: 1px solid #9aa3ae; border-radius: 4px; background: #fff; cursor: pointer; }
.hub-auth button.primary { background: #1f5fbf; border-color: #1f5fbf; color: #fff; }
.hub-auth input { font: inherit; width: 28em; padding: .2em .4em; }
[hidden] { display: none !important; }
.hub-callback { max-width: 40em; margin: 3em auto; padding: 0 1em; overflow: auto; }
`;

export interface PlaygroundTab {
  query: string;
  /** The variables of the tab's first operation (what the editor shows when the tab opens). */
  variables?: string;
  headers?: string;
  /** Each operation's own example variables (JSON text), by operation name. */
  operations: Record<string, string>;
}

function fragmentsUsed(document: DocumentNode): Set<string> {
  const names = new Set<string>();
  visit(document, { FragmentSpread: (spread) => void names.add(spread.name.value) });
  return names;
}

/** The first tab: what any reader may run, and what to do before running the rest. */
function startTab(signIn: boolean, isProduction: boolean): PlaygroundTab {
  const howToSignIn = signIn
    ? [
        '# Tickets, member dashboards and every write need a role: "Sign in" (top right) first.',
        "# You sign in at the hub's identity provider; every tab then runs as you until you sign",
        '# out or close this browser tab.',
        ...(isProduction ? [] : ['# With `npm start`: agent-bobigny / demo (a Bobigny agent), staff / demo, reader / demo.']),
        '# Or "Use a token": a token or API key pasted once, for every tab.',
      ]
    : [
        '# Tickets, member dashboards and every write need a role: "Use a token" (top right) first,',
        '# then every tab runs with it until you forget it or close this browser tab.',
        ...(isProduction ? [] : ['# A development token: npm run -s token -- --role MEMBER_AGENT --member BOBIGNY']),
      ];
  const query = [
    '# SII data hub: GraphQL playground.',
    '#',
    '# ▶ (or Ctrl-Enter) runs the operation under the cursor. This one needs no sign-in:',
    '# the members, the council and the application domains are public.',
    '#',
    ...howToSignIn,
    '#',
    '# The other tabs are the typed SDK\'s operations (sdk/operations/*.graphql), one tab per file.',
    '# Each operation keeps its own variables: the Variables editor below shows those of the',
    '# operation under the cursor (or the one picked from ▶).',
    '# Docs (book icon): every type. History (clock): what you ran.',
    '',
    'query StartHere {',
    '  members {',
    '    code',
    '    name',
    '    kind',
    '  }',
    '  council {',
    '    president {',
    '      fullName',
    '      member {',
    '        name',
    '      }',
    '    }',
    '  }',
    '  domains {',
    '    code',
    '    name',
    '  }',
    '}',
    '',
  ].join('\n');
  return { query, variables: '{}', operations: { StartHere: '{}' } };
}

export interface PlaygroundTabsOptions {
  operationsDir?: string;
  /** Whether the page offers "Sign in" (the first tab says what to do). */
  signIn?: boolean;
  isProduction?: boolean;
}

/**
 * The first tab (anonymous), then one tab per file of sdk/operations (the dashboard first), each
 * made self-contained by appending the fragments it uses from other files, with each operation's
 * example variables.
 */
export function playgroundTabs(options: PlaygroundTabsOptions = {}): PlaygroundTab[] {
  const operationsDir = options.operationsDir ?? SDK_OPERATIONS_DIR;
  if (!fs.existsSync(operationsDir)) return [];
  const files = fs
    .readdirSync(operationsDir)
    .filter((file) => file.endsWith('.graphql'))
    .sort((a, b) => (a === 'dashboard.graphql' ? -1 : b === 'dashboard.graphql' ? 1 : a.localeCompare(b)));
  if (files.length === 0) return [];
  const examplesFile = path.join(operationsDir, 'examples.json');
  const examples: Record<string, Record<string, unknown>> = fs.existsSync(examplesFile) ? JSON.parse(fs.readFileSync(examplesFile, 'utf8')) : {};
  const sources = files.map((file) => ({ file, text: fs.readFileSync(path.join(operationsDir, file), 'utf8') }));
  const fragments = new Map<string, FragmentDefinitionNode>();
  const documents = sources.map(({ text }) => parse(text));
  for (const document of documents) {
    for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const tabs = sources.map(({ text }, index): PlaygroundTab => {
    const document = documents[index];
    const defined = new Set(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [d.name.value] : [])));
    const missing: FragmentDefinitionNode[] = [];
    const pending = [...fragmentsUsed(document)];
    while (pending.length > 0) {
      const name = pending.pop()!;
      const fragment = fragments.get(name);
      if (defined.has(name) || !fragment) continue;
      defined.add(name);
      missing.push(fragment);
      pending.push(...fragmentsUsed({ kind: Kind.DOCUMENT, definitions: [fragment] }));
    }
    // Each operation its own variables: operations of one file may share a name ($input) with different types.
    const operations: Record<string, string> = {};
    for (const definition of document.definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) {
        operations[definition.name.value] = JSON.stringify(examples[definition.name.value] ?? {}, null, 2);
      }
    }
    const appended = missing.length > 0 ? `\n# Fragments from the other files of sdk/operations/\n\n${missing.map((f) => print(f)).join('\n\n')}\n` : '';
    return { query: `${text.trimEnd()}\n${appended}`, variables: Object.values(operations)[0] ?? '{}', operations };
  });
  return [startTab(options.signIn ?? false, options.isProduction ?? false), ...tabs];
}

/** The playground's sign-in: the hub's OpenID provider and the playground's public client there. */
export interface PlaygroundSignInSettings {
  issuer: string;
  clientId: string;
  scope: string;
  /** Bound on fetching the provider's discovery document. */
  timeoutMs: number;
}

/** What the page needs to sign in (GET /playground/sign-in.json). */
export interface SignInEndpoints {
  issuer: string;
  clientId: string;
  scope: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
}

/** How long a discovery document is reused (a provider moving its endpoints is rare; a restart is not needed). */
const DISCOVERY_CACHE_MS = 10 * 60 * 1000;
const DISCOVERY_RETRY_MS = 5000;

const originOf = (url: string): string | undefined => {
  try {
    const parsed = new URL(url);
    return /^https?:$/.test(parsed.protocol) ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The provider's authorization and token endpoints, from its discovery document, fetched by the
 * gateway (the provider need not allow the browser to read it), cached, each fetch bounded in time.
 */
class ProviderEndpoints {
  private cached: { endpoints: SignInEndpoints; fetchedAt: number } | undefined;
  private inFlight: Promise<SignInEndpoints> | undefined;
  /** A provider out of reach is asked again only after a while: the route is not rate-limited. */
  private failed: { error: Error; at: number } | undefined;

  constructor(private readonly settings: PlaygroundSignInSettings) {}

  /** Known origins the page talks to for the sign-in (the CSP's connect-src). */
  get origins(): string[] {
    const origins = [originOf(this.settings.issuer), this.cached && originOf(this.cached.endpoints.tokenEndpoint)];
    return [...new Set(origins.filter((origin): origin is string => Boolean(origin)))];
  }

  get(): Promise<SignInEndpoints> {
    if (this.cached && Date.now() - this.cached.fetchedAt < DISCOVERY_CACHE_MS) return Promise.resolve(this.cached.endpoints);
    if (this.failed && Date.now() - this.failed.at < DISCOVERY_RETRY_MS) return this.cached ? Promise.resolve(this.cached.endpoints) : Promise.reject(this.failed.error);
    this.inFlight ??= this.discover()
      .then(
        (endpoints) => {
          this.failed = undefined;
          return endpoints;
        },
        (error: Error) => {
          this.failed = { error, at: Date.now() };
          // Endpoints known from before are better than none while the provider is away.
          if (this.cached) return this.cached.endpoints;
          throw error;
        },
      )
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  private async discover(): Promise<SignInEndpoints> {
    const { issuer, clientId, scope, timeoutMs } = this.settings;
    const response = await fetch(discoveryUrlOf(issuer), { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' }, redirect: 'error' });
    if (!response.ok) throw new Error(`its discovery document answered HTTP ${response.status}`);
    const discovery = (await response.json()) as { issuer?: unknown; authorization_endpoint?: unknown; token_endpoint?: unknown };
    if (discovery.issuer !== issuer) throw new Error('its discovery document names another issuer');
    const authorizationEndpoint = typeof discovery.authorization_endpoint === 'string' && originOf(discovery.authorization_endpoint) ? discovery.authorization_endpoint : undefined;
    const tokenEndpoint = typeof discovery.token_endpoint === 'string' && originOf(discovery.token_endpoint) ? discovery.token_endpoint : undefined;
    if (!authorizationEndpoint || !tokenEndpoint) throw new Error('its discovery document names no authorization or token endpoint');
    const endpoints = { issuer, clientId, scope, authorizationEndpoint, tokenEndpoint };
    this.cached = { endpoints, fetchedAt: Date.now() };
    return endpoints;
  }
}

/**
 * The pages' policy: scripts, styles and fonts from the gateway only; requests to the gateway and,
 * for the sign-in's token request, to the identity provider (its issuer's origin, and its token
 * endpoint's when that is elsewhere). No forms are posted; the sign-in leaves by navigation.
 */
function contentSecurityPolicy(providerOrigins: string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    ["connect-src 'self'", ...providerOrigins].join(' '),
    "worker-src 'self' blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/** JSON inside <script type="application/json">: escaping "<" keeps "</script>" in a document from closing it. */
const embedded = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
const asset = (name: string) => `${PLAYGROUND_PREFIX}${name}`;

const AUTH_BAR = `<header class="hub-auth" aria-label="Authorization for every tab">
<strong>SII data hub</strong>
<span id="hub-auth-status" role="status">Loading…</span>
<span id="hub-token-entry" hidden><input id="hub-token-input" type="password" autocomplete="off" placeholder="a token or API key (siihub_…)" aria-label="Token or API key"> <button id="hub-token-save" type="button" class="primary">Use</button> <button id="hub-token-cancel" type="button">Cancel</button></span>
<button id="hub-use-token" type="button">Use a token</button>
<button id="hub-sign-in" type="button" class="primary" hidden>Sign in</button>
<button id="hub-sign-out" type="button" hidden>Sign out</button>
</header>`;

function pageHtml(config: unknown): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SII data hub · GraphQL playground</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${asset('graphiql.min.css')}">
<link rel="stylesheet" href="${asset('playground.css')}">
</head>
<body>
${AUTH_BAR}
<div id="graphiql"><p class="loading">Loading the playground…</p></div>
<script id="hub-playground-config" type="application/json">${embedded(config)}</script>
<script src="${asset('react.production.min.js')}"></script>
<script src="${asset('react-dom.production.min.js')}"></script>
<script src="${asset('graphiql.min.js')}"></script>
<script src="${asset('playground.js')}"></script>
</body>
</html>
`;
}

function callbackHtml(config: unknown): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>SII data hub · signing in</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${asset('playground.css')}">
</head>
<body>
<main class="hub-callback">
<h1>Signing in…</h1>
<p id="hub-callback-message" role="status">Exchanging the identity provider's answer for a token.</p>
<p id="hub-callback-back" hidden><a href="${(config as { endpoint: string }).endpoint}">Back to the playground</a></p>
</main>
<script id="hub-playground-config" type="application/json">${embedded(config)}</script>
<script src="${asset('callback.js')}"></script>
</body>
</html>
`;
}

function send(res: ServerResponse, body: string | Buffer, type: string, cacheControl: string, csp: string, status = 200): void {
  res.writeHead(status, {
    'content-type': `${type}; charset=utf-8`,
    'content-length': Buffer.byteLength(body),
    'cache-control': cacheControl,
    'x-content-type-options': 'nosniff',
    'content-security-policy': csp,
    // The callback's address carries a one-time code: it is not sent on to anyone.
    'referrer-policy': 'no-referrer',
  });
  res.end(body);
}

export interface Playground {
  /** Routes for the assets, the sign-in's callback and endpoints, to spread into the gateway's routes. */
  routes: Record<string, RouteHandler>;
  /** A browser navigating to the endpoint: GET, HTML accepted, no GraphQL query in the URL. */
  wants(req: IncomingMessage): boolean;
  serve(res: ServerResponse): void;
}

export interface PlaygroundOptions {
  tabs?: PlaygroundTab[];
  /** Absent: no identity provider, so no "Sign in" (a pasted token still works). */
  signIn?: PlaygroundSignInSettings;
  isProduction?: boolean;
  /** Where the page sends GraphQL (the gateway's own endpoint). */
  endpoint?: string;
}

export function createPlayground(options: PlaygroundOptions = {}): Playground {
  const tabs = options.tabs ?? playgroundTabs({ signIn: Boolean(options.signIn), isProduction: options.isProduction });
  const endpoint = options.endpoint ?? '/graphql';
  const provider = options.signIn ? new ProviderEndpoints(options.signIn) : undefined;
  const variables = Object.assign({}, ...tabs.map((tab) => tab.operations)) as Record<string, string>;
  // GraphiQL keeps its tabs in localStorage under this name: new operations in the SDK open new tabs.
  const storageNamespace = `sii-hub:${createHash('sha256').update(JSON.stringify(tabs)).digest('hex').slice(0, 12)}`;
  const html = pageHtml({
    endpoint,
    prefix: PLAYGROUND_PREFIX,
    signIn: Boolean(provider),
    storageNamespace,
    tabs: tabs.map(({ query, variables: tabVariables, headers }) => ({ query, variables: tabVariables, ...(headers ? { headers } : {}) })),
    variables,
  });
  const callback = callbackHtml({ endpoint, prefix: PLAYGROUND_PREFIX });
  const policy = () => contentSecurityPolicy(provider?.origins ?? []);
  const cache = new Map<string, Buffer>();
  const routes: Record<string, RouteHandler> = {
    [`GET ${PLAYGROUND_PREFIX}playground.js`]: (_req, res) => send(res, PLAYGROUND_SCRIPT, 'text/javascript', 'no-cache', policy()),
    [`GET ${PLAYGROUND_PREFIX}callback.js`]: (_req, res) => send(res, CALLBACK_SCRIPT, 'text/javascript', 'no-cache', policy()),
    [`GET ${PLAYGROUND_PREFIX}playground.css`]: (_req, res) => send(res, PAGE_CSS, 'text/css', 'no-cache', policy()),
    [`GET ${PLAYGROUND_PREFIX}callback`]: async (_req, res) => {
      // The token request goes to the token endpoint's origin: know it (another replica may have served the sign-in).
      await provider?.get().catch(() => undefined);
      send(res, callback, 'text/html', 'no-store', policy());
    },
    [`GET ${PLAYGROUND_PREFIX}sign-in.json`]: async (_req, res) => {
      if (!provider) throw new HttpError(404, 'NOT_FOUND', 'This hub has no identity provider to sign in with (HUB_OIDC_ISSUER is not set): use a token');
      let endpoints: SignInEndpoints;
      try {
        endpoints = await provider.get();
      } catch (error) {
        const reason = (error as Error).name === 'TimeoutError' ? 'it did not answer in time' : (error as Error).message;
        throw new HttpError(503, 'SERVICE_UNAVAILABLE', `The identity provider cannot be reached (${reason}): try again in a moment`, { 'retry-after': '5' });
      }
      send(res, JSON.stringify(endpoints), 'application/json', 'no-store', policy());
    },
  };
  for (const [name, file] of Object.entries(ASSETS)) {
    routes[`GET ${PLAYGROUND_PREFIX}${name}`] = (_req, res) => {
      let body = cache.get(name);
      if (!body) {
        body = fs.readFileSync(file.file());
        cache.set(name, body);
      }
      send(res, body, file.type, 'public, max-age=3600', policy());
    };
  }
  return {
    routes,
    wants(req) {
      if (req.method !== 'GET') return false;
      const accept = String(req.headers.accept ?? '');
      const search = new URL(req.url ?? '/', 'http://localhost').searchParams;
      return accept.includes('text/html') && !search.has('query') && !search.has('extensions');
    },
    serve(res) {
      send(res, html, 'text/html', 'no-cache', policy());
    },
  };
}
