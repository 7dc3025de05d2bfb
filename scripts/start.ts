import 'reflect-metadata';
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { ConfigError, developmentSecretNotice, loadConfig } from '../lib/config';
import { ensureDatabase, HUB_DATABASE, startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../lib/embedded-postgres';
import { createLogger } from '../lib/logger';
import { prepareSubgraphDatabases } from '../lib/subgraph';
import { SUBGRAPHS } from './subgraphs';

const logger = createLogger('start');

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

async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = loadConfig();
  const notice = developmentSecretNotice(config);
  if (notice) logger.warn(notice);
  let embedded: EmbeddedPostgresHandle | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    logger.info({ dataDir: config.dataDir, port: config.embeddedPostgresPort }, 'starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      port: config.embeddedPostgresPort,
      log: (line) => logger.debug({ postgres: line }),
    });
    await ensureDatabase(embedded.adminUrl, HUB_DATABASE);
    databaseUrl = embedded.urlFor(HUB_DATABASE);
  } else {
    logger.info('using the external PostgreSQL of DATABASE_URL');
  }
  await prepareDatabase(databaseUrl);

  let stopping = false;
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  const services = [...SUBGRAPHS.map((definition) => definition.name), 'gateway'].map((service) => ({
    service,
    ...supervise(service, env, () => stopping),
  }));

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping the hub');
    await Promise.all(
      services.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            const process_ = child();
            if (process_.exitCode !== null || process_.signalCode !== null) return resolve();
            process_.once('exit', () => resolve());
            process_.kill('SIGTERM');
          }),
      ),
    );
    if (embedded) await embedded.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const gatewayHealth = `http://127.0.0.1:${config.gatewayPort}/health/ready`;
  await waitUntilReady(gatewayHealth, 60_000);
  logger.info(
    { readyInMs: Date.now() - startedAt },
    `SII data hub ready: http://localhost:${config.gatewayPort}/graphql (Ctrl+C to stop)`,
  );
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
