import 'reflect-metadata';
import { ConfigError, loadConfig, SUBGRAPH_NAMES, type SubgraphName } from '../lib/config';
import { createLogger } from '../lib/logger';
import { readSupergraph, startGateway } from '../gateway';
import { listenSubgraph, prepareSubgraphDatabases } from '../lib/subgraph';
import { SUBGRAPHS, subgraphNamed } from './subgraphs';

/**
 * Runs one service in this process: `node dist/scripts/serve.js governance` or `… gateway`.
 * `npm start` spawns one such process per service; containers run it directly.
 * `… migrate` applies every subgraph's migrations and idempotent seed, then exits (the one-shot
 * job that runs before the subgraphs in docker-compose.yml).
 */
async function main(): Promise<void> {
  const service = process.argv[2];
  const config = loadConfig();
  if (service === 'migrate') {
    if (!config.databaseUrl) throw new ConfigError('DATABASE_URL is required to migrate');
    const logger = createLogger('migrate', config.logLevel);
    await prepareSubgraphDatabases(SUBGRAPHS, config.databaseUrl, (name, migrationsApplied) =>
      logger.info({ subgraph: name, migrationsApplied }, `${name}: schema up to date, seed applied`),
    );
    return;
  }
  const logger = createLogger(service ?? 'hub', config.logLevel);
  if (!config.identity.internalSecret && (service === 'gateway' || SUBGRAPH_NAMES.includes(service as SubgraphName))) {
    throw new ConfigError(
      'HUB_INTERNAL_SECRET is not set: the gateway and every subgraph need the same random value (npm start makes one per run; e.g. openssl rand -hex 32)',
    );
  }
  if (service === 'gateway' && !config.identity.hs256 && !config.identity.oidc) {
    logger.warn('no HUB_OIDC_ISSUER and no HUB_JWT_SECRET: every caller is an anonymous reader (npm start runs a development provider for this)');
  }
  let stop: () => Promise<void>;
  if (service === 'gateway') {
    const gateway = await startGateway({
      port: config.gatewayPort,
      host: config.listenHost,
      subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, config.subgraphs[name].url])),
      supergraphSdl: readSupergraph(config.supergraphPath),
      config,
      logger,
    });
    stop = gateway.stop;
  } else if (SUBGRAPH_NAMES.includes(service as SubgraphName)) {
    if (!config.databaseUrl) throw new ConfigError('DATABASE_URL is required to serve a subgraph on its own (npm start sets it)');
    const subgraph = await listenSubgraph(subgraphNamed(service), {
      port: config.subgraphs[service as SubgraphName].port,
      host: config.listenHost,
      databaseUrl: config.databaseUrl,
      config,
      logger,
      gatewayUrl: config.gatewayUrl,
    });
    stop = subgraph.stop;
  } else {
    throw new ConfigError(`Usage: serve <gateway|${SUBGRAPH_NAMES.join('|')}|migrate>`);
  }
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
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
