import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { startGateway, type RunningGateway } from '../gateway';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/logger';
import { describeInChromium, launchChromium } from './support/browser';
import { startTestHub, TEST_JWT_SECRET, tokenFor, type TestHub } from './support/hub';

/** Browsers on other origins (front-end dev servers, member intranets) calling the gateway. */

const INTRANET = 'https://intranet.bobigny.fr';
let hub: TestHub;
let restricted: RunningGateway;
beforeAll(async () => {
  hub = await startTestHub();
  // A second gateway over the same subgraphs, allowing one origin only.
  restricted = await startGateway({
    port: 0,
    subgraphUrls: Object.fromEntries(Object.entries(hub.subgraphs).map(([name, subgraph]) => [name, subgraph.url])),
    config: { jwtSecret: TEST_JWT_SECRET, isProduction: false, corsOrigins: [INTRANET, 'http://localhost:5173'] },
    logger: createLogger('cors-test', 'silent'),
  });
});
afterAll(async () => {
  await restricted?.stop();
  await hub?.stop();
});

const preflight = (url: string, origin: string) =>
  fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });

const post = (url: string, origin: string) =>
  fetch(url, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json', authorization: `Bearer ${tokenFor('READER')}` },
    body: JSON.stringify({ query: '{ members { code } }' }),
  });

describe('CORS, default: any origin (tokens are headers, not cookies)', () => {
  it('answers a preflight itself: 204, methods, the token and JSON headers, cached 10 minutes', async () => {
    const answer = await preflight(hub.url, 'http://localhost:5173');
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(answer.headers.get('access-control-allow-headers')).toEqual(expect.stringContaining('authorization'));
    expect(answer.headers.get('access-control-allow-headers')).toEqual(expect.stringContaining('content-type'));
    expect(answer.headers.get('access-control-max-age')).toBe('600');
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('lets the page read the answer and its request id', async () => {
    const answer = await post(hub.url, 'https://anything.example');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('access-control-expose-headers')).toEqual(expect.stringContaining('x-request-id'));
    expect(((await answer.json()) as any).data.members).toHaveLength(6);
  });

  it('keeps OPTIONS without Origin (not a preflight) a 405, and adds nothing to same-origin calls', async () => {
    const options = await fetch(hub.url, { method: 'OPTIONS' });
    expect(options.status).toBe(405);
    const sameOrigin = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ staff { total } }"}' });
    expect(sameOrigin.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS with HUB_CORS_ORIGINS', () => {
  it('echoes an allowed origin (with Vary: Origin) on preflights and answers', async () => {
    const answer = await preflight(restricted.url, INTRANET);
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(INTRANET);
    expect(answer.headers.get('vary')).toBe('Origin');
    const response = await post(restricted.url, INTRANET);
    expect(response.headers.get('access-control-allow-origin')).toBe(INTRANET);
  });

  it('refuses a preflight from another origin with FORBIDDEN, and gives its answers no CORS header', async () => {
    const answer = await preflight(restricted.url, 'https://evil.example');
    expect(answer.status).toBe(403);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    const body = (await answer.json()) as any;
    expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(body.errors[0].message).toContain('https://evil.example');
    const response = await post(restricted.url, 'https://evil.example');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('is read and checked from the environment', () => {
    expect(loadConfig({}).corsOrigins).toBe('*');
    expect(loadConfig({ HUB_CORS_ORIGINS: ' https://a.fr , http://localhost:5173 ' }).corsOrigins).toEqual(['https://a.fr', 'http://localhost:5173']);
    for (const bad of ['https://a.fr/', 'intranet.bobigny.fr', 'ftp://a.fr', 'https://a.fr/path', ',']) {
      expect(() => loadConfig({ HUB_CORS_ORIGINS: bad })).toThrow(/HUB_CORS_ORIGINS/);
    }
  });
});

describeInChromium('CORS in Chromium', () => {
  let browser: Browser;
  let pageServer: http.Server;
  let pageOrigin: string;
  beforeAll(async () => {
    browser = await launchChromium();
    // A page on another origin (another port), as a member intranet would be.
    pageServer = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>intranet</title>'));
    await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
    pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => pageServer?.close(resolve));
  });

  const fetchFromPage = async (gatewayUrl: string) => {
    const page = await browser.newPage();
    try {
      await page.goto(pageOrigin);
      return await page.evaluate(
        async ({ url, token }) => {
          try {
            const response = await fetch(url, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body: JSON.stringify({ query: '{ members { code } }' }),
            });
            return { status: response.status, requestId: response.headers.get('x-request-id'), body: await response.json() };
          } catch (error) {
            return { failed: String(error) };
          }
        },
        { url: gatewayUrl, token: tokenFor('READER') },
      );
    } finally {
      await page.close();
    }
  };

  it('lets a page on another origin query the gateway with a token (preflight and all)', async () => {
    const result = await fetchFromPage(hub.url);
    expect(result).toMatchObject({ status: 200, requestId: expect.any(String) });
    expect((result as { body: { data: { members: unknown[] } } }).body.data.members).toHaveLength(6);
  });

  it('blocks it where its origin is not in HUB_CORS_ORIGINS', async () => {
    expect(await fetchFromPage(restricted.url)).toEqual({ failed: expect.stringMatching(/Failed to fetch/) });
  });
});
