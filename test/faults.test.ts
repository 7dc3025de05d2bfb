import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { startGateway, type RunningGateway } from '../gateway';
import { createLogger } from '../lib/logger';
import { listenSubgraph, type RunningSubgraph } from '../lib/subgraph';
import { SUBGRAPHS } from '../subgraphs';
import { postJson, send } from './support/abuse';
import { prepareTestDatabase, productionSecrets, TEST_INTERNAL_SECRET, TEST_JWT_SECRET, testConfig, tokenFor } from './support/hub';
import { createTestDatabase, type TestDatabase } from './support/database';
import { requireBuild, eventually, freePort, spawnService, waitForOk, type ServiceProcess } from './support/process';

/**
 * Issue 6, "Faults": the governance subgraph runs as a real child process (the built
 * `dist/bin/serve.js governance`), catalogue and the gateway in this process. Governance is
 * killed, frozen, restarted and stopped with SIGTERM under a request.
 */

const SUBGRAPH_TIMEOUT_MS = 800;
const silent = createLogger('test', 'silent');
const MIXED = '{ member(code: "SYREC") { name } domain(code: "FIN") { name } }';

let database: TestDatabase;
/** Every subgraph but governance, in this process (the gateway's readiness needs them all). */
let inProcess: RunningSubgraph[] = [];
let gateway: RunningGateway;
let governancePort: number;
let governance: ServiceProcess | undefined;

function startGovernance(extraEnv: Record<string, string> = {}): ServiceProcess {
  governance = spawnService('governance', {
    DATABASE_URL: database.url,
    GOVERNANCE_PORT: String(governancePort),
    HUB_JWT_SECRET: TEST_JWT_SECRET,
    HUB_INTERNAL_SECRET: TEST_INTERNAL_SECRET,
    HUB_LISTEN_HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    HUB_DB_POOL_MAX: '3',
    ...extraEnv,
  });
  return governance;
}

const governanceHealth = () => `http://127.0.0.1:${governancePort}/health/ready`;
const gatewayHealth = () => gateway.url.replace('/graphql', '/health/ready');

async function stopGovernance(): Promise<void> {
  if (!governance || governance.child.exitCode !== null || governance.child.signalCode !== null) return;
  governance.child.kill('SIGKILL');
  await governance.exited;
}

beforeAll(async () => {
  requireBuild();
  database = await prepareTestDatabase();
  governancePort = await freePort();
  startGovernance();
  for (const definition of SUBGRAPHS.filter((subgraph) => subgraph.name !== 'governance')) {
    inProcess.push(await listenSubgraph(definition, { port: 0, databaseUrl: database.url, config: testConfig, logger: silent }));
  }
  gateway = await startGateway({
    port: 0,
    subgraphUrls: {
      governance: `http://127.0.0.1:${governancePort}/graphql`,
      ...Object.fromEntries(inProcess.map((subgraph) => [subgraph.name, subgraph.url])),
    },
    config: { ...testConfig, subgraphTimeoutMs: SUBGRAPH_TIMEOUT_MS },
    logger: silent,
  });
  await waitForOk(governanceHealth());
}, 120_000);

afterAll(async () => {
  if (governance?.child.signalCode === 'SIGSTOP' || governance) governance?.child.kill('SIGCONT');
  await stopGovernance();
  await gateway?.stop();
  for (const subgraph of inProcess) await subgraph.stop();
  await database?.drop();
});

describe('a subgraph that goes down', () => {
  it('serves both subgraphs while all is well, and the subgraph logs the gateway\'s request id', async () => {
    const answer = await send(gateway.url, postJson({ query: MIXED }, { 'x-request-id': 'fault-trace-1' }));
    expect(answer.json).toEqual({ data: { member: { name: 'SYREC' }, domain: { name: expect.any(String) } } });
    // Structured pino line, in the subgraph's own process, carrying the id the gateway passed on.
    await eventually(() => governance!.logs.some((line) => line.requestId === 'fault-trace-1'));
    const line = governance!.logs.find((l) => l.requestId === 'fault-trace-1')!;
    expect(line).toMatchObject({ service: 'governance', requestId: 'fault-trace-1', method: 'POST', path: '/graphql', status: 200 });
    expect(typeof line.durationMs).toBe('number');
    expect(typeof line.level).toBe('number');
    const ready = await send(gatewayHealth());
    expect(ready.status).toBe(200);
  });

  it('answers the other subgraph\'s data and a coded error naming the missing one when it is killed', async () => {
    await stopGovernance();
    const answer = await send(gateway.url, postJson({ query: MIXED }));
    expect(answer.status).toBe(200);
    expect(answer.json.data).toEqual({ member: null, domain: { name: expect.any(String) } });
    expect(answer.json.errors).toEqual([
      expect.objectContaining({ message: 'The governance service is unavailable', extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', service: 'governance' }) }),
    ]);
    // The client learns which service is missing, not where it lives.
    expect(JSON.stringify(answer.json)).not.toContain(String(governancePort));
    // Readiness answers are reused for a second: the change shows within it.
    await eventually(async () => (await send(gatewayHealth())).status === 503, 3000);
    const ready = await send(gatewayHealth());
    expect(ready.status).toBe(503);
    expect(ready.json.subgraphs).toEqual({ ...Object.fromEntries(SUBGRAPHS.map((s) => [s.name, 'ready'])), governance: 'unavailable' });
    const live = await send(gateway.url.replace('/graphql', '/health/live'));
    expect(live.status).toBe(200);
  });

  it('recovers as soon as the subgraph is back', async () => {
    startGovernance();
    await waitForOk(governanceHealth());
    const answer = await send(gateway.url, postJson({ query: MIXED }));
    expect(answer.json).toEqual({ data: { member: { name: 'SYREC' }, domain: { name: expect.any(String) } } });
    await eventually(async () => (await send(gatewayHealth())).status === 200, 3000);
  });
});

describe('a subgraph that hangs', () => {
  it('is given up after the subgraph timeout with a TIMEOUT error, the rest still answered, and recovers', async () => {
    governance!.child.kill('SIGSTOP');
    try {
      const startedAt = Date.now();
      const answer = await send(gateway.url, postJson({ query: MIXED }));
      const elapsed = Date.now() - startedAt;
      expect(answer.json.data).toEqual({ member: null, domain: { name: expect.any(String) } });
      expect(answer.json.errors).toEqual([
        expect.objectContaining({
          message: `The governance service did not answer within ${SUBGRAPH_TIMEOUT_MS} ms`,
          extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', service: 'governance', reason: 'TIMEOUT' }),
        }),
      ]);
      // Bounded by the configured timeout, not by the frozen process (generous margin for CI).
      expect(elapsed).toBeGreaterThanOrEqual(SUBGRAPH_TIMEOUT_MS - 50);
      expect(elapsed).toBeLessThan(SUBGRAPH_TIMEOUT_MS + 4000);
    } finally {
      governance!.child.kill('SIGCONT');
    }
    await waitForOk(governanceHealth());
    const answer = await send(gateway.url, postJson({ query: MIXED }));
    expect(answer.json.errors).toBeUndefined();
  });
});

describe('SIGTERM', () => {
  it('lets the request in flight finish, refuses new ones, closes the pool and exits 0', async () => {
    const service = governance!;
    const otherBackends = async (client: Client) =>
      (
        await client.query(
          "select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'",
        )
      ).rows[0].n as number;
    let backendsWhileServing = 0;
    // Hold a lock so that a members query stays in flight until we let it go.
    const locker = new Client({ connectionString: database.url });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table governance.member in access exclusive mode');
      const inFlight = send(`http://127.0.0.1:${governancePort}/graphql`, postJson({ query: '{ members { code } }' }, { 'x-request-id': 'in-flight-1' }));
      // The request has reached the subgraph and waits on the lock.
      await eventually(async () => {
        const { rows } = await locker.query("select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()");
        return rows[0].n > 0;
      });
      backendsWhileServing = await otherBackends(locker);
      service.child.kill('SIGTERM');
      await eventually(() => service.logs.some((line) => line.msg === 'draining and stopping'));
      // No new request is accepted while draining.
      await expect(fetch(governanceHealth(), { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
      expect(service.child.exitCode).toBeNull();
      await locker.query('commit');
      const answer = await inFlight;
      expect(answer.status).toBe(200);
      expect(answer.json.data.members).toHaveLength(6);
    } finally {
      await locker.end();
    }
    expect(await service.exited).toEqual({ code: 0, signal: null });
    const messages = service.logs.map((line) => line.msg);
    expect(messages.indexOf('drained and stopped')).toBeGreaterThan(messages.indexOf('draining and stopping'));
    expect(service.logs.find((line) => line.requestId === 'in-flight-1')).toMatchObject({ status: 200 });
    // Its pool is closed: no connection of the stopped process remains on the server.
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    try {
      // Counted from the locker while serving: governance's in-flight connection and catalogue's idle
      // ones. Now governance's pool is closed, so at least one fewer remains.
      await eventually(async () => (await otherBackends(admin)) <= backendsWhileServing - 1);
    } finally {
      await admin.end();
    }
  });
});

describe('configuration at start', () => {
  it('runs the one-shot migrate job of docker-compose.yml: migrations and seed, idempotent, exit 0', async () => {
    const fresh = await createTestDatabase();
    try {
      for (let run = 0; run < 2; run += 1) {
        const job = spawnService('migrate', { DATABASE_URL: fresh.url, ...productionSecrets(), NODE_ENV: 'production', LOG_LEVEL: 'info' });
        expect(await job.exited).toEqual({ code: 0, signal: null });
        const done = job.logs.filter((line) => /schema up to date, seed applied/.test(line.msg)).map((line) => line.subgraph);
        expect(done).toEqual(SUBGRAPHS.map((definition) => definition.name));
        const applied = job.logs.flatMap((line) => line.migrationsApplied ?? []);
        if (run === 0) expect(applied.length).toBeGreaterThan(0);
        else expect(applied).toEqual([]);
      }
    } finally {
      await fresh.drop();
    }
  });

  it('refuses to start in production without a way to authenticate, or with a weak secret, with one clear line', async () => {
    const { HUB_INTERNAL_SECRET } = productionSecrets();
    for (const [env, line] of [
      [{ HUB_INTERNAL_SECRET }, 'Invalid configuration: HUB_OIDC_ISSUER: production needs HUB_OIDC_ISSUER (an OpenID provider) or HUB_JWT_SECRET (HS256 tokens), or both'],
      [{ HUB_INTERNAL_SECRET, HUB_JWT_SECRET: ' '.repeat(16) }, 'Invalid configuration: HUB_JWT_SECRET: HUB_JWT_SECRET is 16 bytes long; at least 32 are needed (e.g. openssl rand -hex 32)'],
      [{ HUB_JWT_SECRET: productionSecrets().HUB_JWT_SECRET }, expect.stringMatching(/^Invalid configuration: HUB_INTERNAL_SECRET: HUB_INTERNAL_SECRET is required when NODE_ENV=production/)],
    ] as const) {
      const service = spawnService('gateway', { NODE_ENV: 'production', GATEWAY_PORT: String(await freePort()), ...env });
      expect(await service.exited).toEqual({ code: 1, signal: null });
      expect(service.text).toEqual([line]);
    }
  });

  it('refuses to run a service on its own without HUB_INTERNAL_SECRET, even in development', async () => {
    const service = spawnService('gateway', { GATEWAY_PORT: String(await freePort()), HUB_JWT_SECRET: TEST_JWT_SECRET });
    expect(await service.exited).toEqual({ code: 1, signal: null });
    expect(service.text).toEqual([expect.stringMatching(/^HUB_INTERNAL_SECRET is not set: the gateway and every subgraph need the same random value/)]);
  });

  it('accepts no HS256 token when HUB_JWT_SECRET is not set, and says so', async () => {
    const port = await freePort();
    const service = spawnService('gateway', {
      GATEWAY_PORT: String(port),
      GOVERNANCE_URL: `http://127.0.0.1:${governancePort}/graphql`,
      CATALOGUE_URL: inProcess.find((s) => s.name === 'catalogue')!.url,
      HUB_INTERNAL_SECRET: TEST_INTERNAL_SECRET,
      LOG_LEVEL: 'info',
    });
    try {
      await waitForOk(`http://127.0.0.1:${port}/health/live`);
      expect(service.logs.find((line) => String(line.msg).includes('every caller is an anonymous reader'))).toMatchObject({ level: 40, service: 'gateway' });
      const answer = await send(`http://127.0.0.1:${port}/graphql`, postJson({ query: '{ staff { total } }' }, { authorization: `Bearer ${tokenFor('SII_STAFF')}` }));
      expect([answer.status, answer.codes]).toEqual([401, ['UNAUTHENTICATED']]);
      expect(answer.json.errors[0].message).toMatch(/accepts no HS256 tokens/);
    } finally {
      service.child.kill('SIGTERM');
      expect(await service.exited).toEqual({ code: 0, signal: null });
    }
  });
});

describe('the gateway\'s connections to a subgraph', () => {
  it('are kept alive and capped: a burst of requests shares at most HUB_SUBGRAPH_MAX_SOCKETS sockets', async () => {
    const sockets = new Set<unknown>();
    let inFlight = 0;
    let maxInFlight = 0;
    const fake = http.createServer((req, res) => {
      sockets.add(req.socket);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      req.resume();
      req.on('end', () =>
        setTimeout(() => {
          inFlight -= 1;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ data: { staff: { total: 25 } } }));
        }, 30),
      );
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    const capped = await startGateway({
      port: 0,
      subgraphUrls: { governance: `http://127.0.0.1:${(fake.address() as AddressInfo).port}/graphql`, catalogue: inProcess.find((s) => s.name === 'catalogue')!.url },
      config: { ...testConfig, subgraphMaxSockets: 2 },
      logger: silent,
    });
    try {
      const answers = await Promise.all(Array.from({ length: 12 }, () => send(capped.url, postJson({ query: '{ staff { total } }' }))));
      for (const answer of answers) expect(answer.json).toEqual({ data: { staff: { total: 25 } } });
      expect(maxInFlight).toBeLessThanOrEqual(2);
      expect(sockets.size).toBeLessThanOrEqual(2);
    } finally {
      await capped.stop();
      fake.closeAllConnections();
      await new Promise<void>((resolve) => fake.close(() => resolve()));
    }
  });
});
