import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../lib/paths';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { measureGraphQL } from '../scripts/bench/graphql';
import { PEERS_DIR } from '../scripts/bench/peers';
import { combine, percentile, summarize } from '../scripts/bench/stats';
import { createTestDatabase, type TestDatabase } from './support/database';
import { freePort } from '../lib/ports';

describe('bench statistics', () => {
  it('takes nearest-rank percentiles and rates', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(summarize([3, 1, 2], 1, 1000)).toEqual({ requests: 3, errors: 1, requestsPerSecond: 3, p50: 2, p95: 3, p99: 3 });
  });

  it('combines the two halves of an ABBA lever measure', () => {
    const first = { requests: 10, errors: 1, requestsPerSecond: 20, p50: 4, p95: 8, p99: 9 };
    const second = { requests: 30, errors: 0, requestsPerSecond: 31, p50: 5, p95: 9, p99: 12 };
    expect(combine(first, second)).toEqual({ requests: 40, errors: 1, requestsPerSecond: 26, p50: 4.5, p95: 8.5, p99: 10.5 });
    // A half without any answer (NaN percentiles) leaves the other half alone.
    const empty = summarize([], 2, 300);
    expect(combine(empty, second)).toEqual({ ...second, errors: 2 });
    expect(combine(first, empty)).toEqual({ ...first, errors: 3 });
  });
});

describe('bench load and peers', () => {
  it('sends one token per connection for distinct clients', async () => {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(String(req.headers.authorization));
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"ok":true}}'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    try {
      const tokens = ['one', 'two', 'three', 'four'];
      const distinct = await measureGraphQL(url, '{ ok }', { concurrency: 4, durationMs: 300 }, undefined, {}, tokens);
      expect(distinct.requests).toBeGreaterThan(0);
      expect(new Set(seen)).toEqual(new Set(tokens.map((token) => `Bearer ${token}`)));
      // autocannon leaves its last requests in flight when a window closes: let them land first.
      await new Promise((resolve) => setTimeout(resolve, 300));
      seen.length = 0;
      await measureGraphQL(url, '{ ok }', { concurrency: 4, durationMs: 300 }, 'same');
      expect(new Set(seen)).toEqual(new Set(['Bearer same']));
    } finally {
      server.close();
      server.closeAllConnections();
    }
  });

  it('keeps the peer gateways out of the project: their own package.json and lock file, node_modules ignored', () => {
    const project = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
    const projectLock = fs.readFileSync(path.join(PROJECT_ROOT, 'package-lock.json'), 'utf8');
    const peers = JSON.parse(fs.readFileSync(path.join(PEERS_DIR, 'package.json'), 'utf8'));
    const peersLock = JSON.parse(fs.readFileSync(path.join(PEERS_DIR, 'package-lock.json'), 'utf8'));
    expect(Object.keys(peers.dependencies)).toEqual(['@graphql-hive/gateway', '@graphql-hive/router-runtime']);
    // Exact versions, locked as declared, and nowhere in the project's own dependencies.
    for (const [name, version] of Object.entries(peers.dependencies as Record<string, string>)) {
      expect(version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(peersLock.packages[`node_modules/${name}`].version).toBe(version);
      expect({ ...project.dependencies, ...project.devDependencies }[name]).toBeUndefined();
      expect(projectLock).not.toContain(`"node_modules/${name}"`);
    }
    expect(fs.readFileSync(path.join(PEERS_DIR, '.gitignore'), 'utf8')).toContain('node_modules/');
  });
});

/**
 * `npm run bench -- --quick` end to end on a tiny dataset: what it measures is not checked here
 * (speed is the benchmark's business), but that every scenario ran and the report is complete.
 */
describe('npm run bench --quick', () => {
  let workDir: string;
  let database: TestDatabase | undefined;
  beforeAll(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-'));
    fs.chmodSync(workDir, 0o755);
  });
  afterAll(async () => {
    await database?.drop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('runs every scenario and writes the JSON report', async () => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, HUB_DATA_DIR: path.join(workDir, 'data') };
    if (process.env.DATABASE_URL) {
      database = await createTestDatabase();
      env.DATABASE_URL = database.url;
    } else {
      env.HUB_EMBEDDED_PG_PORT = String(await freePort());
    }
    const outDir = path.join(workDir, 'results');
    const child = spawn(
      process.execPath,
      [path.join(PROJECT_ROOT, 'dist', 'scripts', 'bench.js'), '--quick', '--tickets', '400', '--duration', '0.3', '--concurrency', '2', '--out', outDir],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect({ code, output: code === 0 ? '' : output }).toEqual({ code: 0, output: '' });
    expect(output).toContain('| scenario');

    const [file] = fs.readdirSync(outDir);
    const report = JSON.parse(fs.readFileSync(path.join(outDir, file), 'utf8'));
    expect(report.dataset.tickets).toBeGreaterThanOrEqual(400);
    // The whole hub's footprint: npm start, the shared subgraphs process, the gateway, PostgreSQL and its helpers.
    const commands = report.footprint.processes.map((process: { command: string }) => process.command);
    // (PostgreSQL is one of them when embedded; with DATABASE_URL the server is not npm start's.)
    const embeddedServer = process.env.DATABASE_URL ? [] : [expect.stringMatching(/^postgres /)];
    expect(commands).toEqual(expect.arrayContaining([expect.stringMatching(/bin\/start\.js$/), 'node bin/serve.js subgraphs', 'node bin/serve.js gateway', ...embeddedServer]));
    expect(report.footprint.rssMb).toBeGreaterThan(100);
    expect(report.footprint.pssMb).toBeLessThanOrEqual(report.footprint.rssMb);
    expect(report.targets.map((target: { target: string }) => target.target)).toContain('whole hub RSS at rest (every process of npm start)');
    for (const summary of [report.scenario1.direct, report.scenario1.gateway, report.scenario3.MEMBER.plainSql, report.scenario4.latency]) {
      expect(summary).toEqual({
        requests: expect.any(Number),
        errors: expect.any(Number),
        requestsPerSecond: expect.any(Number),
        p50: expect.any(Number),
        p95: expect.any(Number),
        p99: expect.any(Number),
      });
      expect(summary.requests).toBeGreaterThan(0);
    }
    expect(report.scenario1.direct.errors + report.scenario1.gateway.errors).toBe(0);
    // Same query shape at 10, 100 and 1000 parents: fetches never exceed the plan, and SQL is bounded
    // by the plan (a couple of batched statements per fetch), not by the number of parents.
    const perSize = report.scenario2.perSize as {
      subgraphFetches: number;
      queryPlanFetches: number;
      sqlStatements: number;
      breakdown: { totalMs: number; fetches: { subgraph: string; requestBytes: number; responseBytes: number; representations: number; distinctRepresentations: number }[] };
    }[];
    expect(perSize).toHaveLength(3);
    for (const row of perSize) {
      expect(row.subgraphFetches).toBeLessThanOrEqual(row.queryPlanFetches);
      expect(row.sqlStatements).toBeLessThanOrEqual(2 * row.queryPlanFetches);
      // Where the time goes: every fetch of the plan, with its bytes and representations.
      expect(row.breakdown.fetches).toHaveLength(row.subgraphFetches);
      expect(row.breakdown.totalMs).toBeGreaterThan(0);
      for (const fetch of row.breakdown.fetches) {
        expect(fetch.requestBytes).toBeGreaterThan(0);
        expect(fetch.responseBytes).toBeGreaterThan(0);
        expect(fetch.distinctRepresentations).toBeLessThanOrEqual(fetch.representations);
      }
    }
    expect(report.scenario3.MEMBER.plainSqlOverRollup.requests).toBeGreaterThan(0);
    expect(report.scenario1.oneClient.gateway.requests).toBeGreaterThan(0);
    for (const scenario of [report.scenario1, report.scenario2, report.scenario3.MEMBER, report.scenario4]) {
      expect(scenario.gatewayProcess).toEqual({ rssMb: expect.any(Number), eventLoopDelayP99Ms: expect.any(Number) });
    }
    // Every lever measured both ways, without a failed request.
    expect(report.levers.map((lever: { lever: string }) => lever.lever)).toEqual([
      'query-plan cache + variables',
      'keep-alive agent, 64 sockets per subgraph',
      'sibling _entities fetches merged',
      'single-subgraph pass-through',
      expect.stringMatching(/^simpleResolvers on \d+ bulk types$/),
      expect.stringMatching(/^covering index/),
      expect.stringMatching(/^monthly rollup/),
    ]);
    for (const lever of report.levers) {
      for (const side of [lever.without, lever.with]) expect(side).toMatchObject({ requests: expect.any(Number), errors: 0 });
      expect(lever.without.requests).toBeGreaterThan(0);
      expect(lever.with.requests).toBeGreaterThan(0);
      expect(lever.p50Gain).toBeGreaterThan(0);
    }
    // Scenario 5: the indicators and the catalogue, cached, against static JSON of the same size.
    expect(report.scenario5.map((read: { read: string }) => read.read)).toEqual(['indicators', 'catalogue']);
    for (const read of report.scenario5) {
      expect(read.bytes).toBeGreaterThan(100);
      for (const side of [read.cached, read.staticJson, read.uncached]) expect(side).toMatchObject({ requests: expect.any(Number), errors: 0 });
      expect(read.cached.requests).toBeGreaterThan(0);
    }
    expect(report.targets).toHaveLength(10);
    expect(report.gatewayAtRest.rssMb).toBeGreaterThan(0);
  }, 300_000);
});
