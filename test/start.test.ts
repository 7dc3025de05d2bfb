import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { START_SCRIPT, startHubProcess } from '../scripts/hub-process';
import { createTestDatabase, type TestDatabase } from './support/database';
import { graphql, TEST_JWT_SECRET, tokenFor } from './support/hub';
import { freePort } from '../lib/ports';
import { descendantsOf, isRunning } from '../lib/process-tree';
import { spawn } from 'node:child_process';

/**
 * Runs the BUILT hub (`node dist/bin/start.js`, what `npm start` runs) as a new user would:
 * embedded PostgreSQL in a fresh data folder, or the external server when DATABASE_URL is set.
 */
const external = Boolean(process.env.DATABASE_URL);

jest.setTimeout(240_000);

/** A fresh temporary folder; the hub's data folder is created inside it by `npm start`, as in a new clone. */
let workDir: string;
let dataDir: string;
let database: TestDatabase | undefined;
let env: NodeJS.ProcessEnv;
let gatewayUrl: string;

beforeAll(async () => {
  if (!fs.existsSync(START_SCRIPT)) throw new Error('dist/ is missing: run `npm run build` (npm test does it)');
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-start-'));
  fs.chmodSync(workDir, 0o755);
  // Not created here: npm start creates it (and, as root, PostgreSQL's own user must be able to enter it).
  dataDir = path.join(workDir, 'data');
  const [gateway, governance, catalogue, operations, metrics, postgres] = await Promise.all(Array.from({ length: 6 }, freePort));
  env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'development',
    LOG_LEVEL: 'info',
    HUB_DATA_DIR: dataDir,
    HUB_EMBEDDED_PG_PORT: String(postgres),
    HUB_JWT_SECRET: TEST_JWT_SECRET,
    GATEWAY_PORT: String(gateway),
    GOVERNANCE_PORT: String(governance),
    CATALOGUE_PORT: String(catalogue),
    OPERATIONS_PORT: String(operations),
    METRICS_PORT: String(metrics),
  };
  if (external) {
    database = await createTestDatabase();
    env.DATABASE_URL = database.url;
  }
  gatewayUrl = `http://127.0.0.1:${gateway}/graphql`;
});

afterAll(async () => {
  await database?.drop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

const startHub = () => startHubProcess(env, 90_000);

const COUNTS = '{ members { code } council { delegates { id fullName } } applications { id } serviceOfferings { id } staff { total } }';

it('starts from the build, serves the seeded graph, keeps data across restarts and seeds only once', async () => {
  const first = await startHub();
  let removedId: string;
  try {
    expect(first.startupOutput).toContain(external ? 'using the external PostgreSQL' : 'starting embedded PostgreSQL');
    const ready = await fetch(gatewayUrl.replace('/graphql', '/health/ready'));
    expect(ready.status).toBe(200);
    const { data, errors } = await graphql(gatewayUrl, COUNTS);
    expect(errors).toBeUndefined();
    expect(data.members).toHaveLength(6);
    expect(data.council.delegates).toHaveLength(20);
    expect(data.applications).toHaveLength(60);
    expect(data.serviceOfferings).toHaveLength(13);
    expect(data.staff.total).toBe(25);
    removedId = data.council.delegates.find((d: { fullName: string }) => d.fullName === 'Patrice Calsat').id;
    const removal = await graphql(gatewayUrl, 'mutation R($id: ID!) { removeDelegate(id: $id) { id } }', { id: removedId }, tokenFor('SII_STAFF'));
    expect(removal.errors).toBeUndefined();
  } finally {
    expect(await first.stop()).toBe(0);
  }
  if (!external) expect(fs.existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);

  const second = await startHub();
  try {
    const { data } = await graphql(gatewayUrl, COUNTS);
    // Same data, nothing duplicated, and the removal survived the restart (the seed did not run again).
    expect(data.members).toHaveLength(6);
    expect(data.applications).toHaveLength(60);
    expect(data.council.delegates).toHaveLength(19);
    expect(data.council.delegates.map((d: { id: string }) => d.id)).not.toContain(removedId);

    // The services were spawned before the database was ready and waited for start's go; one that
    // dies afterwards is restarted with the environment at once, and serves again.
    const subgraphs = servicesOf(second.child.pid!).find((service) => service.command.endsWith('serve.js subgraphs'));
    expect(subgraphs).toBeDefined();
    process.kill(subgraphs!.pid, 'SIGKILL');
    const deadline = Date.now() + 60_000;
    for (;;) {
      const again = await graphql(gatewayUrl, '{ members { code } }').catch(() => undefined);
      if (again?.data?.members?.length === 6) break;
      if (Date.now() > deadline) throw new Error('the killed subgraphs process was not restarted');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const restarted = servicesOf(second.child.pid!).find((service) => service.command.endsWith('serve.js subgraphs'));
    expect(restarted?.pid).not.toBe(subgraphs!.pid);
  } finally {
    expect(await second.stop()).toBe(0);
  }
});

/** The hub's service processes (serve.js) under `pid`, with their command lines. */
function servicesOf(pid: number): { pid: number; command: string }[] {
  return descendantsOf(pid)
    .map((child) => {
      try {
        return { pid: child, command: fs.readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ') };
      } catch {
        return { pid: child, command: '' };
      }
    })
    .filter((service) => service.command.includes('serve.js'));
}

it('leaves no service behind when the database cannot be prepared (the services started early exit with it)', async () => {
  const closedPort = await freePort();
  const child = spawn(process.execPath, [START_SCRIPT], {
    env: { ...env, HUB_DEV_OIDC_PORT: '0', DATABASE_URL: `postgres://hub:hub@127.0.0.1:${closedPort}/nothing` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  // The services are spawned at once, before the migration fails.
  const spawnedBy = Date.now() + 20_000;
  let services: number[] = [];
  while (services.length === 0 && Date.now() < spawnedBy && child.exitCode === null) {
    services = servicesOf(child.pid!).filter((service) => !service.command.includes('migrate')).map((service) => service.pid);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));
  expect(code).toBe(1);
  expect(output).toContain('Migrating and seeding the database failed');
  expect(output).not.toContain('SII data hub ready');
  expect(services.length).toBeGreaterThan(0);
  const stillThere = () => services.filter(isRunning);
  const deadline = Date.now() + 10_000;
  while (stillThere().length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(stillThere()).toEqual([]);
});
