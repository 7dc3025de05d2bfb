import { parseCommandLine, usageError } from '../lib/cli';
import { ConfigError, type HubConfig, loadConfig, SUBGRAPH_NAMES, type SubgraphName } from '../lib/config';
import { createLogger, type Logger } from '../lib/logger';
import { awaitStartEnvironment } from '../lib/start-handshake';

/**
 * Runs one service in this process: `node dist/bin/serve.js governance` or `… gateway`, or
 * `… subgraphs`: the four subgraphs in one process, each on its own port (what `npm start` runs
 * by default: one Node process holds the shared code once). Containers run one service each.
 * `… migrate` applies every subgraph's migrations and idempotent seed, then exits (the one-shot
 * job that runs before the subgraphs in docker-compose.yml).
 */

/** How to stop what was started: drain, then release. */
type Stop = () => Promise<void>;

/*
 * Each service loads only its own code: the gateway never needs the ORM and the schemas' classes,
 * the subgraphs never the query planner (measured: 0.47 s and 130 MB to load the gateway's, 0.43 s
 * and 106 MB the subgraphs', 0.72 s and 150 MB both). require(), not import(): the build emits
 * CommonJS, where swc leaves import() as Node's ESM loader.
 */
const gatewayCode = () => require('../gateway') as typeof import('../gateway');
function subgraphCode() {
  // type-graphql's decorators read the design types it records.
  require('reflect-metadata');
  return { ...(require('../lib/subgraph') as typeof import('../lib/subgraph')), ...(require('../subgraphs') as typeof import('../subgraphs')) };
}

async function migrate(config: HubConfig): Promise<void> {
  if (!config.databaseUrl) throw new ConfigError('DATABASE_URL is required to migrate');
  const logger = createLogger('migrate', config.logLevel);
  const { prepareSubgraphDatabases, SUBGRAPHS } = subgraphCode();
  await prepareSubgraphDatabases(SUBGRAPHS, config.databaseUrl, (name, migrationsApplied) =>
    logger.info({ subgraph: name, migrationsApplied }, `${name}: schema up to date, seed applied`),
  );
}

async function serveGateway(config: HubConfig, logger: Logger): Promise<Stop> {
  if (!config.identity.hs256 && !config.identity.oidc) {
    logger.warn('no HUB_OIDC_ISSUER and no HUB_JWT_SECRET: every caller is an anonymous reader (npm start runs a development provider for this)');
  }
  const { readSupergraph, startGateway } = gatewayCode();
  const gateway = await startGateway({
    port: config.gatewayPort,
    host: config.listenHost,
    subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, config.subgraphs[name].url])),
    supergraphSdl: readSupergraph(config.supergraphPath),
    config,
    logger,
  });
  return gateway.stop;
}

async function serveSubgraph(name: SubgraphName, config: HubConfig, logger: Logger): Promise<Stop> {
  if (!config.databaseUrl) throw new ConfigError('DATABASE_URL is required to serve a subgraph on its own (npm start sets it)');
  const { listenSubgraph, subgraphNamed } = subgraphCode();
  const subgraph = await listenSubgraph(subgraphNamed(name), {
    port: config.subgraphs[name].port,
    host: config.listenHost,
    databaseUrl: config.databaseUrl,
    config,
    logger,
    // Operations checks members and applications with their owners directly, at the gateway's URLs for them.
    subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((peer) => [peer, config.subgraphs[peer].url])),
  });
  return subgraph.stop;
}

/** Every subgraph in this process, each on its own port with its own logger name; stops them together. */
async function serveAllSubgraphs(config: HubConfig): Promise<Stop> {
  const stops: Stop[] = [];
  try {
    for (const name of SUBGRAPH_NAMES) stops.push(await serveSubgraph(name, config, createLogger(name, config.logLevel)));
  } catch (error) {
    await Promise.allSettled(stops.map((stop) => stop()));
    throw error;
  }
  return async () => {
    await Promise.all(stops.map((stop) => stop()));
  };
}

/** SIGTERM, SIGINT or the end of `npm start`: drain and stop once, then exit 0 (1 when stopping failed). */
function stopOnSignals(stop: Stop, logger: Logger): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining and stopping');
    stop().then(
      () => {
        logger.info({ signal }, 'drained and stopped');
        process.exit(0);
      },
      (error) => {
        logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  // Started by `npm start` (bin/start.ts) with an IPC channel: the channel closes when start ends,
  // however it ends (even SIGKILL), and this service must not outlive it.
  if (process.send) process.on('disconnect', () => shutdown('npm start has ended'));
}

const isSubgraphName = (service: string | undefined): service is SubgraphName => SUBGRAPH_NAMES.includes(service as SubgraphName);

/** The gateway and the subgraphs must share HUB_INTERNAL_SECRET (the gateway's vouches); `npm start` makes one per run. */
function requireInternalSecret(config: HubConfig): void {
  if (config.identity.internalSecret) return;
  throw new ConfigError(
    'HUB_INTERNAL_SECRET is not set: the gateway and every subgraph need the same random value (npm start makes one per run; e.g. openssl rand -hex 32)',
  );
}

const USAGE = `Usage: node dist/bin/serve.js <gateway|${SUBGRAPH_NAMES.join('|')}|subgraphs|migrate>

Runs one service of the hub in this process (containers run it directly, see docker-compose.yml).
subgraphs runs the four subgraphs in one process, each on its own port (what npm start runs unless
HUB_SUBGRAPH_PROCESSES=separate). migrate applies every subgraph's migrations and the idempotent
2018 seed to DATABASE_URL, then exits. Configured by the environment (docs/operators.md).

Options:
  -h, --help   this text`;

async function main(): Promise<void> {
  const { positionals } = parseCommandLine(USAGE, { allowPositionals: true });
  const service = positionals[0];
  if (positionals.length !== 1) usageError(USAGE, positionals.length === 0 ? 'Which service?' : `One service at a time, not ${positionals.join(' ')}`);
  if (service !== 'migrate' && service !== 'gateway' && service !== 'subgraphs' && !isSubgraphName(service)) usageError(USAGE, `Unknown service ${service}`);
  // Spawned by `npm start` before the database was ready: its code loads now, the environment comes after.
  if (service === 'gateway') gatewayCode();
  else subgraphCode();
  await awaitStartEnvironment();
  const config = loadConfig();
  if (service === 'migrate') return migrate(config);
  requireInternalSecret(config);
  const logger = createLogger(service ?? 'hub', config.logLevel);
  let stop: Stop;
  if (service === 'gateway') stop = await serveGateway(config, logger);
  else if (service === 'subgraphs') stop = await serveAllSubgraphs(config);
  else if (isSubgraphName(service)) stop = await serveSubgraph(service, config, logger);
  else throw new ConfigError(`Usage: serve <gateway|${SUBGRAPH_NAMES.join('|')}|subgraphs|migrate>`);
  stopOnSignals(stop, logger);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
