import 'reflect-metadata';
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { parseCommandLine } from '../lib/cli';
import { ConfigError, developmentSecretNotice, type HubConfig, loadConfig } from '../lib/config';
import { ensureDatabase, HUB_DATABASE, startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../lib/embedded-postgres';
import { createLogger } from '../lib/logger';
import { prepareSubgraphDatabases } from '../lib/subgraph';
import { SUBGRAPHS } from '../subgraphs';

/**
 * `npm start`: the whole hub on one machine. Starts the embedded PostgreSQL (unless DATABASE_URL
 * names one), migrates and seeds every subgraph, then runs one `serve.js` process per service
 * and waits for the gateway to be ready.
 */
const logger = createLogger('start');

/** The database the hub uses: DATABASE_URL's, or an embedded PostgreSQL started here. */
async function openDatabase(config: HubConfig): Promise<{ databaseUrl: string; embedded?: EmbeddedPostgresHandle }> {
  if (config.databaseUrl) {
    logger.info('using the external PostgreSQL of DATABASE_URL');
    return { databaseUrl: config.databaseUrl };
  }
  logger.info({ dataDir: config.dataDir, port: config.embeddedPostgresPort }, 'starting embedded PostgreSQL');
  const embedded = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.embeddedPostgresPort,
    log: (line) => logger.debug({ postgres: line }),
  });
  await ensureDatabase(embedded.adminUrl, HUB_DATABASE);
  return { databaseUrl: embedded.urlFor(HUB_DATABASE), embedded };
}

/** Migrates and seeds every subgraph's schema, in order, before any service serves it. */
function prepareDatabase(databaseUrl: string): Promise<void> {
  return prepareSubgraphDatabases(SUBGRAPHS, databaseUrl, (name, migrationsApplied) =>
    logger.info({ subgraph: name, migrationsApplied }, `${name}: schema up to date, seed applied`),
  );
}

/** Keeps one service process running; restarts it if it dies while the hub is up. */
function supervise(service: string, env: NodeJS.ProcessEnv, isStopping: () => boolean): { child: () => ChildProcess } {
  let current: ChildProcess;
  const launch = () => {
    current = spawn(process.execPath, [path.join(__dirname, 'serve.js'), service], { env, stdio: 'inherit' });
    current.on('exit', (code, signal) => {
      if (isStopping()) return;
      logger.error({ child: service, code, signal }, `${service} exited; restarting in 1 s`);
      setTimeout(() => !isStopping() && launch(), 1000);
    });
  };
  launch();
  return { child: () => current };
}

/** SIGTERM, then resolves once the process has exited (at once if it already has). */
function terminate(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Runs every subgraph and the gateway; SIGINT or SIGTERM stops them all, then the embedded database. */
function runServices(databaseUrl: string, embedded: EmbeddedPostgresHandle | undefined): void {
  let stopping = false;
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  const services = [...SUBGRAPHS.map((definition) => definition.name), 'gateway'].map((service) =>
    supervise(service, env, () => stopping),
  );
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping the hub');
    await Promise.all(services.map(({ child }) => terminate(child())));
    if (embedded) await embedded.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

async function waitUntilReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not become ready within ${timeoutMs / 1000} s`);
}

const USAGE = `Usage: npm start

Runs the whole hub on this machine: the embedded PostgreSQL (unless DATABASE_URL names a server),
every subgraph's migrations and the 2018 report's seed, then one process per subgraph and the
gateway. Ready at http://localhost:$GATEWAY_PORT/graphql (4000 by default); Ctrl+C stops it all.
Takes no option: it is configured by the environment (docs/operators.md lists every variable), e.g.

  DATABASE_URL            an external PostgreSQL instead of the embedded one
  HUB_DATA_DIR            the embedded cluster's folder (default .data)
  HUB_EMBEDDED_PG_PORT    its port (default 54329)
  GATEWAY_PORT, GOVERNANCE_PORT, CATALOGUE_PORT, OPERATIONS_PORT, METRICS_PORT
  HUB_JWT_SECRET          the token secret (a public development one when unset)

Options:
  -h, --help   this text`;

async function main(): Promise<void> {
  parseCommandLine(USAGE, {});
  const startedAt = Date.now();
  const config = loadConfig();
  const notice = developmentSecretNotice(config);
  if (notice) logger.warn(notice);
  const { databaseUrl, embedded } = await openDatabase(config);
  await prepareDatabase(databaseUrl);
  runServices(databaseUrl, embedded);
  await waitUntilReady(`http://127.0.0.1:${config.gatewayPort}/health/ready`, 60_000);
  logger.info(
    { readyInMs: Date.now() - startedAt },
    `SII data hub ready: http://localhost:${config.gatewayPort}/graphql (Ctrl+C to stop)`,
  );
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
