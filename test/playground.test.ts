import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startGateway, type RunningGateway } from '../gateway';
import type { SubgraphName } from '../lib/config';
import { createLogger } from '../lib/logger';
import { PROJECT_ROOT, SDK_OPERATIONS_DIR } from '../lib/paths';
import { describeInChromium, launchChromium } from './support/browser';
import { startTestHub, testIdentity, TEST_JWT_SECRET, tokenFor, type TestHub } from './support/hub';
import { AUTHORIZATION_KEY, BROWSER_ACCEPT, HEADERS_EDITOR, operationsOfTabs, playgroundConfig, playgroundDriver, VARIABLES_EDITOR } from './support/playground-page';

/**
 * The playground (issue 15, "the playground's first click fails"): a first tab any reader can run,
 * each operation with its own variables, one authorization for every tab kept for the browser
 * session, no stack trace in its answers; driven in Debian's Chromium. Signing in at an OpenID
 * provider: playground-signin.test.ts.
 */

/** Only inside page.evaluate callbacks, which run in the browser. */
declare const sessionStorage: { getItem(key: string): string | null };

const ARTIFACTS = path.join(PROJECT_ROOT, 'test-artifacts');
const EXAMPLES: Record<string, Record<string, unknown>> = JSON.parse(fs.readFileSync(path.join(SDK_OPERATIONS_DIR, 'examples.json'), 'utf8'));
const silent = createLogger('test', 'silent');

let hub: TestHub;
let origin: string;
beforeAll(async () => {
  hub = await startTestHub();
  origin = new URL(hub.url).origin;
});
afterAll(() => hub?.stop());



const MEMBER_DASHBOARD_ANONYMOUSLY = {
  query: fs.readFileSync(path.join(SDK_OPERATIONS_DIR, 'dashboard.graphql'), 'utf8') + fs.readFileSync(path.join(SDK_OPERATIONS_DIR, 'governance.graphql'), 'utf8'),
  operationName: 'MemberDashboard',
  variables: { code: 'BOBIGNY' },
};

describe('the playground over HTTP', () => {
  it('answers a browser on GET /graphql with the IDE, whose every asset the gateway serves', async () => {
    const page = await fetch(hub.url, { headers: { accept: BROWSER_ACCEPT } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    // No identity provider here: the page talks to the gateway only.
    expect(csp).toContain("connect-src 'self';");
    const html = await page.text();
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const assets = [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((match) => match[1]);
    expect(assets).toEqual(expect.arrayContaining(['/playground/graphiql.min.js', '/playground/graphiql.min.css', '/playground/playground.js']));
    for (const asset of assets) {
      const response = await fetch(new URL(asset, origin));
      expect([asset, response.status]).toEqual([asset, 200]);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
  });

  it('opens on an operation any reader may run, then the SDK\'s files, each operation with its own variables', async () => {
    const config = await playgroundConfig(hub.url);
    expect(config.signIn).toBe(false);
    const [start, dashboard, ...others] = config.tabs as { query: string; variables: string }[];
    expect(start.query).toMatch(/^# SII data hub: GraphQL playground/);
    expect(start.query).toContain('query StartHere');
    expect(start.query).toContain('"Use a token"');
    expect(start.query).not.toMatch(/\bmutation\b|tickets/);
    expect(dashboard.query).toContain('query MemberDashboard');
    expect(dashboard.query).toContain('fragment MemberSummary');
    expect(JSON.parse(dashboard.variables)).toEqual({ code: 'BOBIGNY', year: 2018 });
    expect(others.map((tab) => tab.query).join('\n')).toMatch(/mutation AppointDelegate[\s\S]*query ServiceOfferings|query ServiceOfferings[\s\S]*mutation AppointDelegate/);
    // The Tickets tab's three `$input`s are three different inputs: each operation has its own.
    for (const operation of ['OpenTicket', 'ChangeTicketStatus', 'RecordDeployment', 'MemberDashboard', 'RemoveDelegate']) {
      expect([operation, JSON.parse(config.variables[operation])]).toEqual([operation, EXAMPLES[operation]]);
    }
    // The first tab, run as it opens, answers without an error.
    const answer = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: start.query, variables: JSON.parse(start.variables) }) });
    const body = (await answer.json()) as { errors?: unknown; data: { members: { code: string }[] } };
    expect(body.errors).toBeUndefined();
    expect(body.data.members.map((member: { code: string }) => member.code)).toContain('BOBIGNY');
  });

  it('keeps answering GraphQL clients as before', async () => {
    const post = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ staff { total } }' }) });
    expect(await post.json()).toEqual({ data: { staff: { total: 25 } } });
    const get = await fetch(`${hub.url}?query=${encodeURIComponent('{ staff { total } }')}`, {
      headers: { accept: BROWSER_ACCEPT, 'apollo-require-preflight': 'true' },
    });
    expect(get.headers.get('content-type')).toMatch(/json/);
    expect(await fetch(new URL('/playground/../lib/config.ts', origin)).then((r) => r.status)).toBe(404);
  });

  it('has no sign-in to offer without an identity provider', async () => {
    const answer = await fetch(new URL('/playground/sign-in.json', origin));
    expect(answer.status).toBe(404);
    expect(await answer.json()).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
  });

  it('sends no stack trace with a coded error, in development; none at all in production', async () => {
    const post = (url: string, body: unknown, token?: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, text: await r.text() }));
    const anonymous = await post(hub.url, MEMBER_DASHBOARD_ANONYMOUSLY);
    expect(JSON.parse(anonymous.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(anonymous.text).not.toContain('stacktrace');
    expect((await post(hub.url, MEMBER_DASHBOARD_ANONYMOUSLY, tokenFor('READER'))).text).not.toContain('stacktrace');

    const subgraphUrls = Object.fromEntries(Object.values(hub.subgraphs).map((s) => [s.name, s.url])) as Partial<Record<SubgraphName, string>>;
    const production: RunningGateway = await startGateway({ port: 0, subgraphUrls, config: { jwtSecret: TEST_JWT_SECRET, isProduction: true, identity: testIdentity }, logger: silent });
    try {
      const answers = [
        await post(production.url, MEMBER_DASHBOARD_ANONYMOUSLY),
        await post(production.url, { query: '{ members { nope } }' }),
        await post(production.url, { query: '{ members { code ' }),
        await post(production.url, { query: 'mutation { removeDelegate(id: "00000000-0000-4000-8000-000000000000") { id } }' }, tokenFor('SII_STAFF')),
        await post(production.url, { query: '{ members { code } }' }, 'not-a-jwt'),
      ];
      expect(answers.map((answer) => JSON.parse(answer.text).errors?.[0]?.extensions?.code)).toEqual([
        'UNAUTHENTICATED',
        'GRAPHQL_VALIDATION_FAILED',
        'GRAPHQL_PARSE_FAILED',
        'NOT_FOUND',
        'UNAUTHENTICATED',
      ]);
      for (const answer of answers) expect(answer.text).not.toMatch(/stacktrace|\bat .*\.ts:\d+/);
    } finally {
      await production.stop();
    }
  });
});

/** Who runs each operation in Chromium: anonymous unless listed (the public reads). */
const AGENT_BOBIGNY = new Set(['MemberDashboard', 'Tickets', 'Ticket', 'OpenTicket', 'ChangeTicketStatus']);
const STAFF = new Set([
  'AddApplication',
  'UpdateApplication',
  'RetireApplication',
  'RemoveDelegate',
  'AppointDelegate',
  'ApiKeys',
  'CreateApiKey',
  'RevokeApiKey',
  'RecordAvailability',
  'RecordIndicatorValue',
  'Changes',
  'RecordDeployment',
  'UpdateSlaPolicy',
  'RecordProject',
]);
type Who = 'anonymous' | 'agent' | 'staff';
const whoRuns = (operation: string): Who => (AGENT_BOBIGNY.has(operation) ? 'agent' : STAFF.has(operation) ? 'staff' : 'anonymous');

describeInChromium('the playground in Chromium', () => {
  let browser: Browser;
  let page: Page;
  const offsite: string[] = [];
  const problems: string[] = [];
  const failures: string[] = [];
  const tokens: Record<Exclude<Who, 'anonymous'>, string> = { agent: tokenFor('MEMBER_AGENT', 'BOBIGNY'), staff: tokenFor('SII_STAFF') };
  /** Each tab's operations, in order (from the page's own configuration). */
  let tabs: string[][];
  let driver: ReturnType<typeof playgroundDriver>;
  beforeAll(async () => {
    tabs = operationsOfTabs(await playgroundConfig(hub.url));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    driver = playgroundDriver(page, hub.url, tabs);
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(`${origin}/`) && !url.startsWith('data:')) offsite.push(url);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // Failed requests are checked below through their responses.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) failures.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
    });
  }, 60_000);
  afterAll(() => browser?.close());

  /** The shared authorization, set through the bar: none, or a token for every tab. */
  async function authorize(who: Who): Promise<void> {
    if (await page.locator('#hub-sign-out').isVisible()) await page.locator('#hub-sign-out').click();
    if (who === 'anonymous') return;
    await page.locator('#hub-use-token').click();
    await page.locator('#hub-token-input').fill(tokens[who]);
    await page.locator('#hub-token-save').click();
    await page.locator('#hub-auth-status').filter({ hasText: /^Using / }).waitFor();
  }

  it('opens on a first tab that runs anonymously, as it opens', async () => {
    await page.goto(hub.url, { waitUntil: 'load' });
    await driver.ready();
    expect(await page.locator('.graphiql-tab').allInnerTexts()).toEqual(tabs.map((operations) => operations[0]));
    expect(await driver.editorValue('.graphiql-query-editor')).toContain('query StartHere');
    expect(await page.locator('#hub-auth-status').innerText()).toMatch(/public data only/);
    expect(await page.locator('#hub-sign-in').isVisible()).toBe(false); // no provider here
    const first = await driver.run('StartHere', false);
    expect(first.status).toBe(200);
    expect(first.body.errors).toBeUndefined();
    expect(first.authorization).toBeUndefined();
    expect(first.text).toContain('"Bobigny"');
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'playground-start.png') });

    // The dashboard needs a role: anonymously, a plain UNAUTHENTICATED, no stack trace.
    await driver.openTab(1);
    const anonymous = await driver.run('MemberDashboard', false);
    expect(anonymous.body.errors.map((error: { extensions: { code: string } }) => error.extensions.code)).toEqual(['UNAUTHENTICATED']);
    expect(anonymous.text).not.toContain('stacktrace');
  }, 90_000);

  it('runs every operation of every tab with the right role, through one authorization shared by the tabs', async () => {
    const answers = new Map<string, any>();
    const ranBy: Record<string, Who> = {};
    // Ids come from earlier answers: a delegate removed, its seat filled, an API key created then revoked.
    const overrides: Record<string, () => Record<string, unknown>> = {
      RemoveDelegate: () => ({ id: answers.get('Member').data.member.delegates.find((d: { isPresident: boolean }) => !d.isPresident).id }),
      AppointDelegate: () => ({ input: { memberCode: 'SYREC', role: 'TITULAR', firstName: 'Anne', lastName: 'Martin' } }),
      RevokeApiKey: () => ({ id: answers.get('CreateApiKey').data.createApiKey.apiKey.id }),
    };
    const order = (operations: string[]) => [...operations].sort((a, b) => Number(a === 'AppointDelegate') - Number(b === 'AppointDelegate'));
    for (const who of ['anonymous', 'agent', 'staff'] as const) {
      await authorize(who);
      for (const [index, tab] of tabs.entries()) {
        const operations = order(tab.filter((operation) => whoRuns(operation) === who));
        if (operations.length === 0) continue;
        await driver.openTab(index);
        for (const operation of operations) {
          await driver.pointAt(operation);
          // The Variables editor follows the cursor: this operation's own variables.
          const own = JSON.stringify(EXAMPLES[operation] ?? {}, null, 2);
          await driver.until(`${operation}'s variables show`, async () => (await driver.editorValue(VARIABLES_EDITOR)) === own);
          if (overrides[operation]) await driver.setEditor(VARIABLES_EDITOR, JSON.stringify(overrides[operation](), null, 2));
          const answer = await driver.run(operation, tab.length > 1);
          expect([operation, answer.status, answer.body.errors]).toEqual([operation, 200, undefined]);
          expect([operation, answer.request.variables]).toEqual([operation, overrides[operation]?.() ?? EXAMPLES[operation] ?? {}]);
          expect([operation, answer.authorization]).toEqual([operation, who === 'anonymous' ? undefined : `Bearer ${tokens[who]}`]);
          if (operation === 'OpenTicket' || operation === 'AppointDelegate') {
            // The editor checks them against this operation's own `$input`, not another's of the tab (after the lint's delay).
            await page.waitForTimeout(1000);
            const marks = page.locator(`${VARIABLES_EDITOR} .CodeMirror-lint-mark-error, ${VARIABLES_EDITOR} .CodeMirror-lint-mark-warning`);
            expect([operation, await marks.count()]).toEqual([operation, 0]);
          }
          answers.set(operation, answer.body);
          ranBy[operation] = who;
        }
        await page.screenshot({ path: path.join(ARTIFACTS, `playground-tab${index}-${tab[0]}-${who}.png`) });
      }
    }
    expect(Object.keys(ranBy).sort()).toEqual(tabs.flat().sort());
    expect(answers.get('OpenTicket').data.openTicket).toBeTruthy();
    expect(answers.get('RevokeApiKey').data.revokeApiKey.revokedAt).toBeTruthy();
  }, 300_000);

  it('keeps the authorization for the browser session, across tabs and reloads; a tab\'s own Headers win', async () => {
    await authorize('agent');
    await page.reload({ waitUntil: 'load' });
    await driver.ready();
    expect(await page.locator('#hub-auth-status').innerText()).toMatch(/^Using member_agent@test \(MEMBER_AGENT BOBIGNY\) until .*, in every tab\.$/);
    expect(JSON.parse((await page.evaluate((key) => sessionStorage.getItem(key), AUTHORIZATION_KEY))!)).toMatchObject({ token: tokens.agent });
    await driver.openTab(1);
    const dashboard = await driver.run('MemberDashboard', false);
    expect(dashboard.body.errors).toBeUndefined();
    expect(dashboard.body.data.member.code).toBe('BOBIGNY');
    expect(dashboard.body.data.member.tickets.totalCount).toBeGreaterThan(0);

    // An invalid token typed in this tab's Headers is sent instead of the shared one…
    await page.getByRole('button', { name: 'Headers' }).click();
    await driver.setEditor(HEADERS_EDITOR, JSON.stringify({ Authorization: 'Bearer not-a-jwt' }));
    const refused = await driver.run('MemberDashboard', false);
    expect(refused.authorization).toBe('Bearer not-a-jwt');
    expect(refused.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(refused.text).not.toContain('stacktrace');
    // …and without it, the shared one again.
    await driver.setEditor(HEADERS_EDITOR, '');
    expect((await driver.run('MemberDashboard', false)).authorization).toBe(`Bearer ${tokens.agent}`);
    await page.getByRole('button', { name: 'Variables' }).click();
    await page.screenshot({ path: path.join(ARTIFACTS, 'playground-dashboard.png') });

    await page.locator('#hub-sign-out').click();
    expect(await page.evaluate((key) => sessionStorage.getItem(key), AUTHORIZATION_KEY)).toBeNull();
    expect((await driver.run('MemberDashboard', false)).authorization).toBeUndefined();
  }, 90_000);

  it('has the docs explorer (schema from introspection) and the history', async () => {
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().waitFor({ timeout: 20_000 });
    await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().click();
    await page.locator('.graphiql-doc-explorer').getByText('memberDashboard').or(page.locator('.graphiql-doc-explorer').getByText('members', { exact: true })).first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'playground-docs.png') });

    await page.getByRole('button', { name: 'Show History' }).click();
    await page.locator('.graphiql-history').getByText('MemberDashboard').first().waitFor({ timeout: 10_000 });
  }, 60_000);

  it('fetched nothing from outside the gateway and logged no errors', () => {
    expect(offsite).toEqual([]);
    expect(problems).toEqual([]);
    // Only the deliberate invalid-token run failed (the gateway answers UNAUTHENTICATED from its context with an HTTP error status).
    expect(failures).toEqual(['401 POST /graphql']);
  });
});
