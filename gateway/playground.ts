import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { type DocumentNode, type FragmentDefinitionNode, Kind, parse, print, visit } from 'graphql';
import type { RouteHandler } from '../lib/http';
import { SDK_OPERATIONS_DIR } from '../lib/paths';

/**
 * The GraphQL IDE served on GET /graphql to browsers: GraphiQL 3 (docs/schema explorer, history,
 * headers editor) from its own npm package's prebuilt bundles, with React 18's UMD builds. Every
 * byte comes from this gateway: intranets and CI have no internet, and the CSP forbids any other
 * origin. The SDK's operations (sdk/operations/*.graphql) are preloaded as tabs, with the example
 * variables of sdk/operations/examples.json.
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

/** Runs in the browser: mounts GraphiQL on the config embedded in the page (no inline script, so a strict CSP holds). */
const INIT_SCRIPT = `'use strict';
(function () {
  var config = JSON.parse(document.getElementById('hub-playground-config').textContent);
  var fetcher = GraphiQL.createFetcher({ url: window.location.pathname });
  var props = {
      fetcher: fetcher,
      defaultTabs: config.tabs,
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
  };
  // GraphiQL 3 fills the first tab's editor from the variables prop, not from defaultTabs: pass it on a first visit.
  var firstVisit = true;
  try { firstVisit = !window.localStorage.getItem('graphiql:tabState'); } catch (e) { /* storage disabled */ }
  if (firstVisit && config.tabs.length > 0) props.variables = config.tabs[0].variables;
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, props, React.createElement(GraphiQL.Logo, null, 'SII data hub')),
  );
})();
`;

const PAGE_CSS = `html, body, #graphiql { height: 100%; margin: 0; width: 100%; overflow: hidden; }
#graphiql > .loading { font: 16px sans-serif; padding: 2em; }
`;

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

export interface PlaygroundTab {
  query: string;
  variables?: string;
  headers?: string;
}

function fragmentsUsed(document: DocumentNode): Set<string> {
  const names = new Set<string>();
  visit(document, { FragmentSpread: (spread) => void names.add(spread.name.value) });
  return names;
}

const WELCOME = `# SII data hub: run an operation with ▶ (Ctrl-Enter).
# Docs (book icon): every type. History (clock): what you ran.
# To act as someone, put under Headers below:
#   {"Authorization": "Bearer <token>"}
# with a token from
#   npm run token -- --role MEMBER_AGENT --member BOBIGNY
# Each tab is one file of sdk/operations/ (the typed SDK).

`;

/**
 * One tab per file of sdk/operations (the dashboard first), each made self-contained by appending
 * the fragments it uses from other files, with its operations' example variables.
 */
export function playgroundTabs(operationsDir = SDK_OPERATIONS_DIR): PlaygroundTab[] {
  if (!fs.existsSync(operationsDir)) return [];
  const files = fs
    .readdirSync(operationsDir)
    .filter((file) => file.endsWith('.graphql'))
    .sort((a, b) => (a === 'dashboard.graphql' ? -1 : b === 'dashboard.graphql' ? 1 : a.localeCompare(b)));
  const examplesFile = path.join(operationsDir, 'examples.json');
  const examples: Record<string, Record<string, unknown>> = fs.existsSync(examplesFile) ? JSON.parse(fs.readFileSync(examplesFile, 'utf8')) : {};
  const sources = files.map((file) => ({ file, text: fs.readFileSync(path.join(operationsDir, file), 'utf8') }));
  const fragments = new Map<string, FragmentDefinitionNode>();
  const documents = sources.map(({ text }) => parse(text));
  for (const document of documents) {
    for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return sources.map(({ text }, index) => {
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
    const variables: Record<string, unknown> = {};
    for (const definition of document.definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) Object.assign(variables, examples[definition.name.value]);
    }
    const appended = missing.length > 0 ? `\n# Fragments from the other files of sdk/operations/\n\n${missing.map((f) => print(f)).join('\n\n')}\n` : '';
    return {
      query: `${index === 0 ? WELCOME : ''}${text.trimEnd()}\n${appended}`,
      variables: JSON.stringify(variables, null, 2),
    };
  });
}

function pageHtml(tabs: PlaygroundTab[]): string {
  // JSON inside <script type="application/json">: escaping "<" keeps "</script>" in a document from closing it.
  const config = JSON.stringify({ tabs }).replace(/</g, '\\u003c');
  const asset = (name: string) => `${PLAYGROUND_PREFIX}${name}`;
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
<div id="graphiql"><p class="loading">Loading the playground…</p></div>
<script id="hub-playground-config" type="application/json">${config}</script>
<script src="${asset('react.production.min.js')}"></script>
<script src="${asset('react-dom.production.min.js')}"></script>
<script src="${asset('graphiql.min.js')}"></script>
<script src="${asset('playground.js')}"></script>
</body>
</html>
`;
}

function send(res: ServerResponse, body: string | Buffer, type: string, cacheControl: string): void {
  res.writeHead(200, {
    'content-type': `${type}; charset=utf-8`,
    'content-length': Buffer.byteLength(body),
    'cache-control': cacheControl,
    'x-content-type-options': 'nosniff',
    'content-security-policy': CONTENT_SECURITY_POLICY,
  });
  res.end(body);
}

export interface Playground {
  /** Routes for the assets, to spread into the gateway's routes. */
  routes: Record<string, RouteHandler>;
  /** A browser navigating to the endpoint: GET, HTML accepted, no GraphQL query in the URL. */
  wants(req: IncomingMessage): boolean;
  serve(res: ServerResponse): void;
}

export function createPlayground(tabs: PlaygroundTab[] = playgroundTabs()): Playground {
  const html = pageHtml(tabs);
  const cache = new Map<string, Buffer>();
  const routes: Record<string, RouteHandler> = {
    [`GET ${PLAYGROUND_PREFIX}playground.js`]: (_req, res) => send(res, INIT_SCRIPT, 'text/javascript', 'no-cache'),
    [`GET ${PLAYGROUND_PREFIX}playground.css`]: (_req, res) => send(res, PAGE_CSS, 'text/css', 'no-cache'),
  };
  for (const [name, asset] of Object.entries(ASSETS)) {
    routes[`GET ${PLAYGROUND_PREFIX}${name}`] = (_req, res) => {
      let body = cache.get(name);
      if (!body) {
        body = fs.readFileSync(asset.file());
        cache.set(name, body);
      }
      send(res, body, asset.type, 'public, max-age=3600');
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
      send(res, html, 'text/html', 'no-cache');
    },
  };
}
