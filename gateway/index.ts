import 'reflect-metadata';
import fs from 'node:fs';
import type http from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { HubConfig, SubgraphName } from '../lib/config';
import { createErrorFormatter } from '../lib/errors';
import { createGatewayAuthenticator, identitySettingsOf, internalSecretOf } from '../lib/identity/authenticate';
import { credentialError } from '../lib/identity/errors';
import { signVouch } from '../lib/identity/vouch';
import { closeServer, createHttpServer, handleGraphQLRequest, isDraining, listen, sendJson } from '../lib/http';
import { createLogger, type Logger } from '../lib/logger';
import { SUPERGRAPH_PATH } from '../lib/paths';
import { runtimeStatsRoute } from '../lib/runtime-stats';
import { applyCors } from './cors';
import { type ContextOf, exportRoutes } from './export';
import { HubDataSource, type GatewayContext } from './data-source';
import { limitParseOptions, limitRules, operationGuardPlugin } from './limits';
import { RateLimiter } from './rate-limit';
import { persistedOperationsPlugin } from './persisted-operations';
import { createPlayground } from './playground';

export type { GatewayContext };

/** Security and reliability settings; each has a default, so tests may leave them out. */
type GatewaySettings = Pick<HubConfig, 'jwtSecret' | 'isProduction'> &
  Partial<Pick<HubConfig, 'subgraphTimeoutMs' | 'subgraphMaxSockets' | 'rateLimit' | 'trustProxy' | 'shutdownTimeoutMs' | 'maxBodyBytes' | 'corsOrigins' | 'identity'>>;

export interface GatewayOptions {
  port: number;
  host?: string;
  /** Where each subgraph answers; defaults to the URLs recorded in the supergraph. */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  /** Without `rateLimit` the gateway does not rate-limit (in-process tests); serve.ts passes the loaded config. */
  config: GatewaySettings & Partial<Pick<HubConfig, 'persistedOperationsOnly' | 'runtimeStats'>>;
  supergraphSdl?: string;
  logger?: Logger;
  /** How long /health/ready waits for each subgraph. */
  readinessTimeoutMs?: number;
  /** Keep-alive connections to the subgraphs (default true; false only for `npm run bench`'s comparison). */
  subgraphKeepAlive?: boolean;
}

export interface RunningGateway {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** Checks that every subgraph answers its own readiness probe. */
async function subgraphsReady(urls: string[], timeoutMs: number): Promise<Record<string, boolean>> {
  const results = await Promise.all(
    urls.map(async (graphqlUrl) => {
      const healthUrl = new URL('/health/ready', graphqlUrl).toString();
      try {
        const response = await fetch(healthUrl, { signal: AbortSignal.timeout(timeoutMs) });
        return [graphqlUrl, response.ok] as const;
      } catch {
        return [graphqlUrl, false] as const;
      }
    }),
  );
  return Object.fromEntries(results);
}

/** Reads the committed supergraph: the gateway never composes at run time. */
export function readSupergraph(file = SUPERGRAPH_PATH): string {
  return fs.readFileSync(file, 'utf8');
}

function subgraphUrlsOf(supergraphSdl: string): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const match of supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g)) urls[match[1]] = match[2];
  return urls;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger('gateway');
  const supergraphSdl = options.supergraphSdl ?? readSupergraph();
  // Only the subgraphs the supergraph composes are called (and probed for readiness).
  const urls: Record<string, string> = Object.fromEntries(
    Object.entries(subgraphUrlsOf(supergraphSdl)).map(([name, url]) => [name, options.subgraphUrls[name as SubgraphName] ?? url]),
  );
  const settings = options.config;
  const dataSources: HubDataSource[] = [];
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => {
      const dataSource = new HubDataSource({
        name,
        url: urls[name] ?? url,
        timeoutMs: settings.subgraphTimeoutMs ?? 10_000,
        maxSockets: settings.subgraphMaxSockets ?? 64,
        keepAlive: options.subgraphKeepAlive ?? true,
        logger,
      });
      dataSources.push(dataSource);
      return dataSource;
    },
    logger,
  });
  const persistedOperations = persistedOperationsPlugin({ only: options.config.persistedOperationsOnly ?? false });
  logger.info({ persistedOperations: persistedOperations.size, only: options.config.persistedOperationsOnly ?? false }, 'persisted operations loaded');
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: createErrorFormatter(!settings.isProduction),
    includeStacktraceInErrorResponses: !settings.isProduction,
    // Introspection and "did you mean" suggestions help developers and attackers alike.
    introspection: !settings.isProduction,
    hideSchemaDetailsFromClientErrors: settings.isProduction,
    validationRules: limitRules(),
    parseOptions: limitParseOptions(),
    maxRecursiveSelections: true,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    // serve.ts drains on SIGTERM; Apollo must not stop itself under the in-flight requests.
    stopOnTerminationSignals: false,
    // Apollo's own messages (unexpected errors included) as structured lines, not console output.
    logger,
    plugins: [ApolloServerPluginLandingPageDisabled(), operationGuardPlugin(), persistedOperations],
  });
  await apollo.start();
  const rateLimiter = new RateLimiter({ perSecond: settings.rateLimit?.perSecond ?? 0, burst: settings.rateLimit?.burst ?? 1, trustProxy: settings.trustProxy });

  const playground = createPlayground();

  // Every credential is checked here, once; the subgraphs get the gateway's vouch for the viewer.
  const identity = identitySettingsOf(settings);
  const internalSecret = internalSecretOf(identity);
  const authenticator = createGatewayAuthenticator(identity, {
    governanceUrl: urls.governance,
    timeoutMs: Math.min(settings.subgraphTimeoutMs ?? 10_000, 5000),
    logger,
  });
  authenticator.warmUp();
  const contextOf: ContextOf = async (req, requestId) => {
    const viewer = await authenticator.authenticate(req.headers);
    return { viewer, vouch: viewer.anonymous ? undefined : signVouch(viewer, internalSecret), requestId };
  };
  const graphqlContextOf = (req: http.IncomingMessage, requestId: string) =>
    contextOf(req, requestId).catch((error: unknown) => {
      throw credentialError(error);
    });

  let server: http.Server | undefined = createHttpServer(
    {
      ...playground.routes,
      ...(settings.runtimeStats ? runtimeStatsRoute() : {}),
      '/graphql': (req, res, requestId) => {
        rateLimiter.check(req);
        // A browser asking for HTML gets the IDE; every other request is GraphQL.
        if (playground.wants(req)) return playground.serve(res);
        return handleGraphQLRequest(apollo, req, res, () => graphqlContextOf(req, requestId), { maxBodyBytes: settings.maxBodyBytes });
      },
      'GET /health/live': (_req, res) => sendJson(res, 200, { status: 'live' }),
      'GET /health/ready': async (_req, res) => {
        if (isDraining(server)) return sendJson(res, 503, { status: 'draining' });
        const subgraphs = await subgraphsReady(Object.values(urls), options.readinessTimeoutMs ?? 2000);
        const byName = Object.fromEntries(Object.entries(urls).map(([name, url]) => [name, subgraphs[url] ? 'ready' : 'unavailable']));
        const ready = Object.values(subgraphs).every(Boolean);
        sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', subgraphs: byName });
      },
      // BI exports (CSV/JSON) of the metrics, answered through this gateway's own graph with the caller's token.
      ...exportRoutes(apollo, contextOf),
    },
    (error, requestId) => logger.error({ err: error, requestId }, 'request failed'),
    { logger, beforeRoutes: (req, res) => applyCors(req, res, settings.corsOrigins ?? '*') },
  );
  const port = await listen(server, options.port, options.host);
  logger.info({ port }, 'gateway listening');
  return {
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    async stop() {
      if (server) await closeServer(server, settings.shutdownTimeoutMs);
      server = undefined;
      await apollo.stop();
      for (const dataSource of dataSources) dataSource.destroy();
    },
  };
}
