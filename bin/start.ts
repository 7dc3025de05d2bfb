import 'reflect-metadata';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ConfigError, type HubConfig, loadConfig } from '../lib/config';
import { ensureDatabase, HUB_DATABASE, startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../lib/embedded-postgres';
import { BI_DEMO_CLIENT_ID, DEMO_ACCOUNTS, DEMO_PASSWORD, PLAYGROUND_CLIENT_ID, type RunningDevelopmentProvider, startDevelopmentProvider } from '../lib/identity/development-provider';
import { createLogger } from '../lib/logger';
import { prepareSubgraphDatabases } from '../lib/subgraph';
import { SUBGRAPHS } from '../subgraphs';

/**
 * `npm start`: the whole hub on one machine. Starts the embedded PostgreSQL (unless DATABASE_URL
 * names one), migrates and seeds every subgraph, runs the development OpenID provider when no
 * identity provider is configured, then runs one `serve.js` process per service and waits for the
 * gateway to be ready.
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

/** Runs every subgraph and the gateway; SIGINT or SIGTERM stops them all, then the provider and the embedded database. */
function runServices(env: NodeJS.ProcessEnv, embedded: EmbeddedPostgresHandle | undefined, identityProvider: RunningDevelopmentProvider | undefined): void {
  let stopping = false;
  const services = [...SUBGRAPHS.map((definition) => definition.name), 'gateway'].map((service) =>
    supervise(service, env, () => stopping),
  );
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping the hub');
    await Promise.all(services.map(({ child }) => terminate(child())));
    await identityProvider?.stop();
    if (embedded) await embedded.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

/** Claims-mapping settings that would not fit the development provider's tokens (it uses the hub's own names). */
const MAPPING_VARIABLES = ['HUB_OIDC_AUDIENCE', 'HUB_OIDC_ROLES_CLAIM', 'HUB_OIDC_ROLE_MAP', 'HUB_OIDC_MEMBER_CLAIM', 'HUB_OIDC_MEMBER_MAP'];

/**
 * Without an identity provider configured (and never in production), `npm start` runs the
 * development one on loopback and makes the services trust it (lib/identity/development-provider.ts).
 */
async function startIdentityProvider(config: HubConfig, env: NodeJS.ProcessEnv): Promise<RunningDevelopmentProvider | undefined> {
  if (config.isProduction || config.identity.oidc) return undefined;
  let provider: RunningDevelopmentProvider;
  try {
    provider = await startDevelopmentProvider({
      isProduction: config.isProduction,
      dataDir: config.dataDir,
      port: config.devOidcPort,
      gatewayPort: config.gatewayPort,
      onNotice: (message) => logger.debug({ provider: 'development' }, message),
    });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? `port ${config.devOidcPort} is taken` : (error as Error).message;
    throw new ConfigError(`The development OpenID provider could not start (${reason}): set HUB_DEV_OIDC_PORT to a free port, or HUB_OIDC_ISSUER to your provider`);
  }
  for (const variable of MAPPING_VARIABLES) delete env[variable];
  env.HUB_OIDC_ISSUER = provider.issuer;
  logger.info(
    {
      issuer: provider.issuer,
      accounts: DEMO_ACCOUNTS.map((account) => account.id),
      password: DEMO_PASSWORD,
      playgroundClient: PLAYGROUND_CLIENT_ID,
      biDemoClient: provider.state.biDemoClient,
    },
    `development OpenID provider on ${provider.issuer} (loopback only, trusted by this hub): sign in as staff, reader or agent-<member> (e.g. agent-bobigny) with password "${DEMO_PASSWORD}"; \`npm run token -- --role …\` prints tokens from it`,
  );
  return provider;
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
  const { databaseUrl, embedded } = await openDatabase(config);
  await prepareDatabase(databaseUrl);
  // The gateway vouches for each viewer to the subgraphs with this secret: a fresh one per run unless given.
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, HUB_INTERNAL_SECRET: config.identity.internalSecret ?? randomBytes(32).toString('base64url') };
  const identityProvider = await startIdentityProvider(config, env);
  runServices(env, embedded, identityProvider);
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
