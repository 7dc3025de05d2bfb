import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../lib/paths';
import { describeInChromium, launchChromium } from './support/browser';
import { startTestHub, tokenFor, type TestHub } from './support/hub';

/** Only inside page.evaluate / waitForFunction callbacks, which run in the browser. */
declare const document: { querySelector(selector: string): any };

const ARTIFACTS = path.join(PROJECT_ROOT, 'test-artifacts');

let hub: TestHub;
let origin: string;
beforeAll(async () => {
  hub = await startTestHub();
  origin = new URL(hub.url).origin;
});
afterAll(() => hub?.stop());

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('the playground over HTTP', () => {
  it('answers a browser on GET /graphql with the IDE, whose every asset the gateway serves', async () => {
    const page = await fetch(hub.url, { headers: { accept: BROWSER_ACCEPT } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const assets = [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((match) => match[1]);
    expect(assets).toEqual(expect.arrayContaining(['/playground/graphiql.min.js', '/playground/graphiql.min.css', '/playground/playground.js']));
    for (const asset of assets) {
      const response = await fetch(new URL(asset, origin));
      expect([asset, response.status]).toEqual([asset, 200]);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
    // The SDK's operations are preloaded, the dashboard first with its variables.
    const config = JSON.parse(html.match(/<script id="hub-playground-config" type="application\/json">(.*?)<\/script>/s)![1]);
    expect(config.tabs[0].query).toContain('query MemberDashboard');
    expect(config.tabs[0].query).toContain('fragment MemberSummary');
    expect(JSON.parse(config.tabs[0].variables)).toEqual({ code: 'BOBIGNY', year: 2018 });
    expect(config.tabs.map((tab: { query: string }) => tab.query).join('\n')).toMatch(/mutation AppointDelegate[\s\S]*query ServiceOfferings|query ServiceOfferings[\s\S]*mutation AppointDelegate/);
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
});

describeInChromium('the playground in Chromium', () => {
  let browser: Browser;
  let page: Page;
  const offsite: string[] = [];
  const problems: string[] = [];
  const failures: string[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
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

  const responseText = () => page.locator('.graphiql-response').innerText();
  /** Sets a CodeMirror 5 editor's content the way a paste would. */
  const setEditor = (selector: string, value: string) =>
    page.evaluate(
      ([sel, text]) => (document.querySelector(`${sel} .CodeMirror`) as unknown as { CodeMirror: { setValue(v: string): void } }).CodeMirror.setValue(text),
      [selector, value] as const,
    );

  it('runs the preloaded member dashboard through the page, with a token from the headers editor', async () => {
    await page.goto(hub.url, { waitUntil: 'load' });
    await page.locator('.graphiql-container').waitFor({ timeout: 30_000 });
    await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
    expect(await page.locator('.graphiql-query-editor').innerText()).toContain('query MemberDashboard');

    // An invalid token typed in the headers editor reaches the gateway…
    await page.getByRole('button', { name: 'Headers' }).click();
    await setEditor('.graphiql-editor-tool .graphiql-editor:not(.hidden)', JSON.stringify({ Authorization: 'Bearer not-a-jwt' }));
    await page.locator('.graphiql-execute-button').click();
    await page.waitForFunction(() => document.querySelector('.graphiql-response')?.textContent?.includes('UNAUTHENTICATED'), null, { timeout: 20_000 });

    // …and a valid one gets the dashboard.
    await setEditor('.graphiql-editor-tool .graphiql-editor:not(.hidden)', JSON.stringify({ Authorization: `Bearer ${tokenFor('MEMBER_AGENT', 'BOBIGNY')}` }));
    await page.locator('.graphiql-execute-button').click();
    await page.waitForFunction(() => document.querySelector('.graphiql-response')?.textContent?.includes('"Bobigny"'), null, { timeout: 20_000 });
    const text = await responseText();
    expect(text).toContain('"code": "BOBIGNY"');
    expect(text).not.toContain('"errors"');

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'playground-dashboard.png') });
  }, 90_000);

  it('has the docs explorer (schema from introspection) and the history', async () => {
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().waitFor({ timeout: 20_000 });
    await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().click();
    await page.locator('.graphiql-doc-explorer').getByText('memberDashboard').or(page.locator('.graphiql-doc-explorer').getByText('members', { exact: true })).first().waitFor();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'playground-docs.png') });

    await page.getByRole('button', { name: 'Show History' }).click();
    await page.locator('.graphiql-history').getByText('MemberDashboard').first().waitFor({ timeout: 10_000 });
  }, 60_000);

  it('fetched nothing from outside the gateway and logged no errors', () => {
    expect(offsite).toEqual([]);
    expect(problems).toEqual([]);
    // Only the deliberate invalid-token run failed (the gateway answers UNAUTHENTICATED from its context with an HTTP error status).
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^(401|500) POST \/graphql$/);
  });
});
