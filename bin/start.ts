import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseCommandLine } from '../lib/cli';
import { ConfigError, type HubConfig, loadConfig, SUBGRAPH_NAMES } from '../lib/config';
import { ensureDatabase, HUB_DATABASE, urlOnServer } from '../lib/embedded-postgres';
import { httpRequest, probeOk } from '../lib/http-client';
import type { RunningDevelopmentProvider } from '../lib/identity/development-provider';
import { createLogger } from '../lib/logger';
import { AWAIT_GO_VARIABLE, goMessage } from '../lib/start-handshake';

/**
 * `npm start`: the whole hub on one machine. Spawns the services (`serve.js` processes) at once,
 * which load their code meanwhile; runs the embedded PostgreSQL (unless DATABASE_URL names one) in
 * a process of its own, migrates and seeds every subgraph, runs the development OpenID provider
 * when no identity provider is configured (alongside the database), then tells the services to
 * serve (lib/start-handshake.ts) and waits for the subgraphs and the gateway to be ready. Every
 * child is restarted if it dies while the hub is up, and ends with `start`, however `start` ends:
 *
 * - each child is spawned with an IPC channel and stops itself when the channel closes, which the
 *   kernel does when `start` exits, even killed with SIGKILL;
 * - on an error (e.g. the readiness check failing) or a signal, `start` stops them before exiting,
 *   services first (they drain), the database last; an `exit` handler signals whatever is left;
 * - children run in process groups of their own: Ctrl+C reaches `start` alone, which stops them
 *   in that order (a second Ctrl+C stops everything at once).
 */
const logger = createLogger('start');

/** A child process of the hub, kept running until the hub stops. */
interface Supervised {
  name: string;
  current(): ChildProcess;
}

const children: Supervised[] = [];
let stopping = false;
/** The development OpenID provider, run in this process when no provider is configured. */
let identityProvider: RunningDevelopmentProvider | undefined;

/** Starts `node <script> [...args]` with an IPC channel, in its own process group, output to ours. */
function spawnChild(script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [path.join(__dirname, script), ...args], {
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
}

/** Keeps one child running; restarts it if it dies while the hub is up. */
function supervise(name: string, launch: () => ChildProcess): Supervised {
  let current: ChildProcess;
  const run = () => {
    current = launch();
    current.on('exit', (code, signal) => {
      if (stopping) return;
      logger.error({ child: name, code, signal }, `${name} exited; restarting in 1 s`);
      setTimeout(() => !stopping && run(), 1000);
    });
  };
  run();
  const supervised = { name, current: () => current };
  children.push(supervised);
  return supervised;
}

const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/** SIGTERM, then resolves once the process has exited (at once if it already has). */
function terminate(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!isRunning(child)) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/**
 * Stops the children: the services (they drain their in-flight requests), then the database.
 * Says what it is waiting for when that takes more than a second.
 */
async function stopChildren(): Promise<void> {
  const services = children.filter((child) => child.name !== 'postgres');
  const database = children.filter((child) => child.name === 'postgres');
  const waitFor = async (group: Supervised[], what: string) => {
    const pending = new Set(group.filter((child) => isRunning(child.current())).map((child) => child.name));
    const reminder = setInterval(() => {
      if (pending.size > 0) logger.info({ waitingFor: [...pending] }, `still waiting for ${[...pending].join(', ')} to ${what} (Ctrl+C again to stop at once)`);
    }, 1000);
    await Promise.all(group.map((child) => terminate(child.current()).then(() => pending.delete(child.name))));
    clearInterval(reminder);
  };
  await waitFor(services, 'drain and stop');
  await identityProvider?.stop();
  await waitFor(database, 'stop');
}

/** Last resort, synchronous: whatever child is still running gets SIGTERM as `start` exits. */
function signalChildren(signal: NodeJS.Signals): void {
  for (const child of children) {
    const current = child.current();
    if (isRunning(current)) current.kill(signal);
  }
}

/**
 * At once: the services are killed; the database's process gets SIGQUIT, on which it stops the
 * server immediately (killing it instead would leave the server running without it).
 */
function stopAtOnce(): void {
  for (const child of children) {
    const current = child.current();
    if (isRunning(current)) current.kill(child.name === 'postgres' ? 'SIGQUIT' : 'SIGKILL');
  }
}

/** Stops everything, then exits with `code`. A second call (a second Ctrl+C) stops what is left at once and exits. */
let shuttingDown: Promise<void> | undefined;
function shutdown(reason: string, code: number): Promise<void> {
  if (shuttingDown) {
    logger.warn({ reason }, 'stopping at once: killing the services, PostgreSQL stopped immediately');
    stopAtOnce();
    process.exit(code || 130);
  }
  stopping = true;
  logger.info({ reason }, 'stopping the hub: services first, then the database');
  shuttingDown = stopChildren().then(
    () => {
      logger.info('hub stopped');
      process.exit(code);
    },
    (error: unknown) => {
      logger.error({ err: error }, 'stopping failed');
      stopAtOnce();
      process.exit(code || 1);
    },
  );
  return shuttingDown;
}

/** The database the hub uses: DATABASE_URL's, or the embedded PostgreSQL run by bin/embedded-postgres.js. */
async function openDatabase(config: HubConfig): Promise<string> {
  if (config.databaseUrl) {
    logger.info('using the external PostgreSQL of DATABASE_URL');
    return config.databaseUrl;
  }
  logger.info({ dataDir: config.dataDir, port: config.embeddedPostgresPort }, 'starting embedded PostgreSQL');
  let ready: (adminUrl: string) => void;
  let failed: (error: Error) => void;
  const started = new Promise<string>((resolve, reject) => {
    ready = resolve;
    failed = reject;
  });
  supervise('postgres', () => {
    const child = spawnChild('embedded-postgres.js', [], process.env);
    child.on('message', (message: { type?: string; adminUrl?: string }) => {
      if (message?.type === 'ready' && message.adminUrl) ready(message.adminUrl);
    });
    // Before it is ready, an exit is a failed start (a restart would fail the same way).
    child.once('exit', (code, signal) => failed(new Error(`The embedded PostgreSQL did not start (exit ${code ?? signal}); see the lines above`)));
    return child;
  });
  const adminUrl = await started;
  await ensureDatabase(adminUrl, HUB_DATABASE);
  return urlOnServer(adminUrl, HUB_DATABASE);
}

/**
 * Migrates and seeds every subgraph's schema, in order, before any service serves it: in a child
 * (`serve.js migrate`) that exits when done, so that this supervisor never loads the ORM and the
 * schemas (about 70 MB it would hold for as long as the hub runs).
 */
async function prepareDatabase(databaseUrl: string): Promise<void> {
  const child = spawn(process.execPath, [path.join(__dirname, 'serve.js'), 'migrate'], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 128 : null)));
  });
  if (code !== 0) throw new Error(`Migrating and seeding the database failed (serve.js migrate exited ${code}); see the lines above`);
}

/** Claims-mapping settings that would not fit the development provider's tokens (it uses the hub's own names). */
const MAPPING_VARIABLES = ['HUB_OIDC_AUDIENCE', 'HUB_OIDC_ROLES_CLAIM', 'HUB_OIDC_ROLE_MAP', 'HUB_OIDC_MEMBER_CLAIM', 'HUB_OIDC_MEMBER_MAP'];

/**
 * Without an identity provider configured (and never in production), `npm start` runs the
 * development one on loopback and makes the services trust it (lib/identity/development-provider.ts).
 */
async function startIdentityProvider(config: HubConfig, env: NodeJS.ProcessEnv): Promise<RunningDevelopmentProvider | undefined> {
  if (config.isProduction || config.identity.oidc) return undefined;
  // Loaded only when used: oidc-provider and its web stack would otherwise sit in this supervisor's memory in production too.
  // (require, not import(): the build emits CommonJS, where swc leaves import() as Node's ESM loader.)
  const { DEMO_ACCOUNTS, DEMO_PASSWORD, startDevelopmentProvider } =
    require('../lib/identity/development-provider') as typeof import('../lib/identity/development-provider');
  let provider: RunningDevelopmentProvider;
  try {
    provider = await startDevelopmentProvider({
      isProduction: config.isProduction,
      dataDir: config.dataDir,
      port: config.devOidcPort,
      gatewayPort: config.gatewayPort,
      playgroundClientId: config.playground.clientId,
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
      playgroundClient: config.playground.clientId,
      biDemoClient: provider.state.biDemoClient,
    },
    `development OpenID provider on ${provider.issuer} (loopback only, trusted by this hub): sign in as staff, reader or agent-<member> (e.g. agent-bobigny) with password "${DEMO_PASSWORD}"; \`npm run token -- --role …\` prints tokens from it`,
  );
  return provider;
}

/**
 * The subgraphs (one `serve.js subgraphs` process, or one process each with
 * HUB_SUBGRAPH_PROCESSES=separate), then the gateway. Measured at rest (docs/performance.md): a
 * subgraph process holds about 105 MB, mostly code every subgraph shares, and the four together
 * in one process about 160 MB.
 *
 * Spawned before the database is ready: they load their code meanwhile and wait for `go`, which
 * hands them the environment to serve with (lib/start-handshake.ts). One restarted after that is
 * spawned with it.
 */
function runServices(env: NodeJS.ProcessEnv, subgraphProcesses: HubConfig['subgraphProcesses']): { go(serveEnv: NodeJS.ProcessEnv): void } {
  const subgraphServices = subgraphProcesses === 'shared' ? ['subgraphs'] : [...SUBGRAPH_NAMES];
  let serveEnv: NodeJS.ProcessEnv | undefined;
  const services = [...subgraphServices, 'gateway'].map((service) =>
    supervise(service, () => spawnChild('serve.js', [service], serveEnv ?? { ...env, [AWAIT_GO_VARIABLE]: '1' })),
  );
  return {
    go(given) {
      serveEnv = given;
      for (const service of services) {
        const child = service.current();
        // One that exits meanwhile is restarted with serveEnv: a failed send needs nothing more.
        if (isRunning(child) && child.connected) child.send(goMessage(given), () => undefined);
      }
    },
  };
}

/**
 * Waits until the hub serves the graph (asked over node:http: Node's fetch refuses some ports, e.g.
 * 6000, that the services serve fine): every subgraph ready, then the gateway. The subgraphs
 * first, because the gateway keeps its readiness answer (ready or not) for a second: asked while a
 * subgraph is still starting, it would say "not ready" for that long. Polled every 50 ms; the
 * gateway's readiness is rate-limited like any client's: a 429 is waited out.
 */
async function waitUntilReady(config: HubConfig): Promise<void> {
  const deadline = Date.now() + config.startTimeoutMs;
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, Math.max(0, deadline - Date.now()))));
  // The ones this start runs (the gateway may be given other URLs for them).
  const subgraphs = SUBGRAPH_NAMES.map((name) => `http://127.0.0.1:${config.subgraphs[name].port}/health/ready`);
  const gateway = `http://127.0.0.1:${config.gatewayPort}/health/ready`;
  for (;;) {
    const ready = await Promise.all(subgraphs.map((url) => probeOk(url, 1000)));
    if (ready.every(Boolean)) break;
    if (Date.now() >= deadline) {
      const waiting = SUBGRAPH_NAMES.filter((_, index) => !ready[index]);
      throw new Error(`The ${waiting.join(', ')} subgraph did not become ready within ${config.startTimeoutMs / 1000} s`);
    }
    await pause(50);
  }
  while (Date.now() < deadline) {
    let waitMs = 50;
    try {
      const answer = await httpRequest(gateway, { timeoutMs: 1000, maxBodyBytes: 100_000 });
      if (answer.status === 200) return;
      if (answer.status === 429) waitMs = Math.max(50, Number(answer.headers['retry-after'] ?? 1) * 1000);
    } catch {
      // not listening yet
    }
    await pause(waitMs);
  }
  throw new Error(`${gateway} did not become ready within ${config.startTimeoutMs / 1000} s`);
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
  HUB_OIDC_ISSUER         your OpenID provider (unset: a development provider runs on loopback)
  HUB_JWT_SECRET          accept HS256 tokens signed with it (docs/identity.md)

Options:
  -h, --help   this text`;

async function main(): Promise<void> {
  parseCommandLine(USAGE, {});
  const startedAt = Date.now();
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
  process.on('exit', () => signalChildren('SIGTERM'));
  const config = loadConfig();
  // The services load their code now, while the database starts and migrates; they serve on `go`.
  const services = runServices(process.env, config.subgraphProcesses);
  // The gateway vouches for each viewer to the subgraphs with this secret: a fresh one per run unless given.
  const env: NodeJS.ProcessEnv = { ...process.env, HUB_INTERNAL_SECRET: config.identity.internalSecret ?? randomBytes(32).toString('base64url') };
  // The development provider needs no database: it starts meanwhile too.
  const provider = startIdentityProvider(config, env).then((started) => (identityProvider = started));
  provider.catch(() => undefined); // awaited below, after the database (whose failure is said first)
  const databaseUrl = await openDatabase(config);
  await prepareDatabase(databaseUrl);
  await provider;
  env.DATABASE_URL = databaseUrl;
  services.go(env);
  await waitUntilReady(config);
  logger.info(
    { readyInMs: Date.now() - startedAt },
    `SII data hub ready: http://localhost:${config.gatewayPort}/graphql (Ctrl+C to stop)`,
  );
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  // Nothing started here may outlive the failed start.
  void shutdown('start failed', 1);
});
