import 'reflect-metadata';
import fs from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { IncomingMessage } from 'node:http';
import type { HubConfig, SubgraphName } from '../lib/config';
import { type AnswerShortcut, handleGraphQLRequest, type RequestCollapsing, type RouteHandler } from '../lib/http';
import { probeOk } from '../lib/http-client';
import { credentialError } from '../lib/identity/errors';
import { DEFAULT_PLAYGROUND_CLIENT_ID, DEFAULT_PLAYGROUND_SCOPE } from '../lib/identity/oidc';
import { createLogger, type Logger } from '../lib/logger';
import { PERSISTED_OPERATIONS_PATH, SDK_OPERATIONS_DIR, SUPERGRAPH_PATH } from '../lib/paths';
import { runtimeStatsRoute } from '../lib/runtime-stats';
import { healthRoutes, type Readiness, serveHttp, sharedApolloOptions } from '../lib/service';
import type { GatewayContext } from './context';
import { applyCors } from './cors';
import { HubDataSource } from './data-source';
import { InflightFetches } from './deduplication';
import { exportRoutes } from './export/routes';
import { type ContextOf, requestContextFactory } from './identity';
import { costLimitPlugin } from '../lib/cost';
import { inputGuardPlugin } from '../lib/input-guard';
import { limitParseOptions, limitRules, OPERATION_LIMITS, operationGuardPlugin } from './limits';
import { persistedOperationsPlugin } from './persisted-operations';
import { createResponseCache } from './response-cache';
import { createPlayground, type Playground, playgroundTabs } from './playground';
import { clientAddress, RateLimiter, rateLimitKey } from './rate-limit';
import { IdenticalRequests } from './request-collapsing';
import { SingleSubgraphPassThrough } from './single-subgraph-passthrough';
import { retryAfterPlugin } from './retry-after';

/** Security and reliability settings; each has a default, so tests may leave them out. */
type GatewaySettings = Pick<HubConfig, 'jwtSecret' | 'isProduction'> &
  Partial<
    Pick<
      HubConfig,
      | 'subgraphTimeoutMs'
      | 'subgraphMaxSockets'
      | 'deduplicateSubgraphRequests'
      | 'collapseIdenticalRequests'
      | 'singleSubgraphPassThrough'
      | 'rateLimit'
      | 'trustProxy'
      | 'shutdownTimeoutMs'
      | 'maxBodyBytes'
      | 'corsOrigins'
      | 'identity'
      | 'redisUrl'
      | 'playground'
      | 'responseCache'
      | 'databaseUrl'
    >
  >;

export interface GatewayOptions {
  port: number;
  host?: string;
  /** Where each subgraph answers; defaults to the URLs recorded in the supergraph. */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  /** Without `rateLimit` the gateway does not rate-limit (in-process tests); bin/serve.ts passes the loaded config. */
  config: GatewaySettings & Partial<Pick<HubConfig, 'persistedOperationsOnly' | 'runtimeStats'>>;
  supergraphSdl?: string;
  logger?: Logger;
  /** How long /health/ready waits for each subgraph. */
  readinessTimeoutMs?: number;
  /** Keep-alive connections to the subgraphs (default true; false only for `npm run bench`'s comparison). */
  subgraphKeepAlive?: boolean;
  /** Sibling `_entities` fetches of one operation merged into one (default true; false for tests and the bench's comparison). */
  mergeSiblingFetches?: boolean;
  /** Prefix of the response cache's Redis keys (default hub:response-cache:); tests give each hub its own. */
  responseCacheNamespace?: string;
}

export interface RunningGateway {
  port: number;
  url: string;
  /** Requests answered by the response cache's hot answers, before Apollo's pipeline (gateway/response-cache.ts). */
  hotAnswers(): number;
  /** Requests that waited for an identical one in flight instead of running (gateway/request-collapsing.ts). */
  identicalRequestsJoined(): number;
  /** Requests answered by the one subgraph fetch they take, without Apollo's pipeline (gateway/single-subgraph-passthrough.ts). */
  passedThrough(): number;
  stop(): Promise<void>;
}

/** Readiness: every subgraph answers its own readiness probe in time (node:http: fetch refuses some ports). */
async function subgraphsReady(urls: Record<string, string>, timeoutMs: number): Promise<Readiness> {
  const entries = await Promise.all(
    Object.entries(urls).map(async ([name, graphqlUrl]) => [name, await probeOk(new URL('/health/ready', graphqlUrl).toString(), timeoutMs)] as const),
  );
  const subgraphs = Object.fromEntries(entries.map(([name, ready]) => [name, ready ? 'ready' : 'unavailable']));
  return { ready: entries.every(([, ready]) => ready), details: { subgraphs } };
}

/** Reads the committed supergraph: the gateway never composes at run time. */
export function readSupergraph(file = SUPERGRAPH_PATH): string {
  return fs.readFileSync(file, 'utf8');
}

/** Where to call each subgraph the supergraph composes (only those are called, and probed for readiness). */
function subgraphUrlsOf(supergraphSdl: string, overrides: GatewayOptions['subgraphUrls']): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const match of supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g)) {
    urls[match[1]] = overrides[match[1] as SubgraphName] ?? match[2];
  }
  return urls;
}

/**
 * The Apollo gateway over the subgraphs, and how to close its connections to them once it has
 * stopped. `dataSources` receives each subgraph's data source as Apollo builds it (when it loads).
 */
function createApolloGateway(
  supergraphSdl: string,
  urls: Record<string, string>,
  options: GatewayOptions,
  logger: Logger,
  passThrough: SingleSubgraphPassThrough | undefined,
  dataSources: Map<string, HubDataSource>,
): { gateway: ApolloGateway; closeConnections(): Promise<void> } {
  const settings = options.config;
  // One registry for every subgraph: a write through any of them ends the sharing of reads in flight.
  const inflight = (settings.deduplicateSubgraphRequests ?? true) ? new InflightFetches() : undefined;
  const gateway = new ApolloGateway({
    supergraphSdl,
    experimental_didResolveQueryPlan: passThrough?.didResolveQueryPlan,
    buildService: ({ name, url }) => {
      const dataSource = new HubDataSource({
        name,
        url: urls[name] ?? url,
        timeoutMs: settings.subgraphTimeoutMs ?? 10_000,
        maxSockets: settings.subgraphMaxSockets ?? 64,
        keepAlive: options.subgraphKeepAlive ?? true,
        mergeSiblingFetches: options.mergeSiblingFetches ?? true,
        inflight,
        onExchange: passThrough && ((context, serviceName, exchange) => passThrough.recordExchange(context, serviceName, exchange)),
        prefetched: passThrough && ((context, serviceName) => passThrough.prefetched(context, serviceName)),
        logger,
      });
      dataSources.set(name, dataSource);
      return dataSource;
    },
    logger,
  });
  return { gateway, closeConnections: async () => void (await Promise.all([...dataSources.values()].map((dataSource) => dataSource.close()))) };
}

/** The response cache's hot answers first (they need no fetch at all), then the single-subgraph pass-through. */
function chainShortcuts(shortcuts: (AnswerShortcut<GatewayContext> | undefined)[]): AnswerShortcut<GatewayContext> | undefined {
  const present = shortcuts.filter((shortcut): shortcut is AnswerShortcut<GatewayContext> => shortcut !== undefined);
  if (present.length <= 1) return present[0];
  return {
    async lookup(key, context) {
      for (const shortcut of present) {
        const kept = await shortcut.lookup(key, context);
        if (kept) return kept;
      }
      return undefined;
    },
    remember(key, context, response) {
      for (const shortcut of present) shortcut.remember(key, context, response);
    },
  };
}

async function startGatewayApollo(
  gateway: ApolloGateway,
  options: GatewayOptions,
  logger: Logger,
  cachePlugins: ApolloServerPlugin<GatewayContext>[],
): Promise<ApolloServer<GatewayContext>> {
  const only = options.config.persistedOperationsOnly ?? false;
  const persistedOperations = persistedOperationsPlugin({ only });
  logger.info({ persistedOperations: persistedOperations.size, only }, 'persisted operations loaded');
  if (persistedOperations.size === 0) logger.warn(`no persisted operations: ${PERSISTED_OPERATIONS_PATH} is missing or empty (npm run codegen writes it)`);
  const apollo = new ApolloServer<GatewayContext>({
    ...sharedApolloOptions(options.config.isProduction, logger),
    gateway,
    validationRules: limitRules(),
    parseOptions: limitParseOptions(),
    maxRecursiveSelections: true,
    csrfPrevention: true,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      operationGuardPlugin(),
      // After the guard: the cost is that of the operation actually run, with its variables.
      costLimitPlugin({ maxCost: OPERATION_LIMITS.maxCost }),
      inputGuardPlugin(),
      persistedOperations,
      retryAfterPlugin(),
      ...cachePlugins,
    ],
  });
  await apollo.start();
  return apollo;
}

/**
 * The request's context, worked out once however many times it is asked for: the rate limit reads
 * its viewer before the route runs, the route then uses the same context (one credential check).
 */
function oncePerRequest(contextOf: ContextOf): ContextOf {
  const contexts = new WeakMap<IncomingMessage, Promise<GatewayContext>>();
  return (req, requestId) => {
    let context = contexts.get(req);
    if (!context) {
      context = contextOf(req, requestId);
      contexts.set(req, context);
    }
    return context;
  };
}

/**
 * Wraps a route so that each request first spends a token of its caller's bucket (429 when none is
 * left): the verified viewer's subject, or the address of an anonymous caller or of a credential
 * that does not verify (refused afterwards by the route, having spent its address's token).
 */
function rateLimited(handler: RouteHandler, limiter: RateLimiter, keyOf: (req: IncomingMessage, requestId: string) => Promise<string> | string): RouteHandler {
  return async (req, res, requestId) => {
    await limiter.check(await keyOf(req, requestId));
    return handler(req, res, requestId);
  };
}

/** What may answer a GraphQL request before or instead of Apollo's pipeline. */
interface Answering {
  /** The response cache's hot answers. */
  shortcut?: AnswerShortcut<GatewayContext>;
  /** Identical requests in flight answered once. */
  collapse?: RequestCollapsing<GatewayContext>;
}

/** `/graphql`: a browser asking for HTML gets the IDE, every other request is GraphQL. */
function graphqlRoute(
  apollo: ApolloServer<GatewayContext>,
  settings: GatewayOptions['config'],
  playground: Playground,
  contextOf: ContextOf,
  { shortcut, collapse }: Answering,
): RouteHandler {
  return (req, res, requestId) => {
    if (playground.wants(req)) return playground.serve(res);
    // A bad credential is refused here, before any subgraph is called.
    const context = () =>
      contextOf(req, requestId).catch((error: unknown) => {
        throw credentialError(error);
      });
    return handleGraphQLRequest(apollo, req, res, context, { maxBodyBytes: settings.maxBodyBytes, shortcut, collapse });
  };
}

/**
 * The gateway's routes. /graphql, the exports and /health/ready spend tokens of the rate limit:
 * /graphql and the exports from the caller's bucket (its subject, else its address), readiness
 * from a bucket per address of its own (a client's flood does not fail its balancer's probes).
 * /health/ready's answer is kept for a second (each probe asks the four subgraphs, each its database).
 */
function gatewayRoutes(
  apollo: ApolloServer<GatewayContext>,
  urls: Record<string, string>,
  options: GatewayOptions,
  draining: () => boolean,
  limiter: RateLimiter,
  answering: Answering,
): Record<string, RouteHandler> {
  const settings = options.config;
  const logger = options.logger ?? createLogger('gateway');
  const oidc = settings.identity?.oidc;
  // "Sign in" at the provider whose tokens this gateway accepts, with the playground's public client there.
  const signIn = oidc
    ? {
        issuer: oidc.issuer,
        clientId: settings.playground?.clientId ?? DEFAULT_PLAYGROUND_CLIENT_ID,
        scope: settings.playground?.scope ?? DEFAULT_PLAYGROUND_SCOPE,
        timeoutMs: oidc.timeoutMs,
      }
    : undefined;
  const tabs = playgroundTabs({ signIn: Boolean(signIn), isProduction: settings.isProduction });
  if (tabs.length === 0) logger.warn(`the playground has no tabs: no operation documents in ${SDK_OPERATIONS_DIR}`);
  const playground = createPlayground({ tabs, signIn, isProduction: settings.isProduction });
  const contextOf = oncePerRequest(requestContextFactory(settings, urls.governance, logger));
  const trustProxy = settings.trustProxy ?? false;
  const callerKey = (req: IncomingMessage, requestId: string) =>
    contextOf(req, requestId).then(
      (context) => rateLimitKey(req, context.viewer, trustProxy),
      () => rateLimitKey(req, undefined, trustProxy),
    );
  const readinessKey = (req: IncomingMessage) => `ready:${clientAddress(req, trustProxy)}`;
  const health = healthRoutes(draining, () => subgraphsReady(urls, options.readinessTimeoutMs ?? 2000));
  // BI exports (CSV/JSON) of the metrics, answered through this gateway's own graph as the caller.
  const exports = exportRoutes(apollo, contextOf);
  return {
    ...playground.routes,
    ...(settings.runtimeStats ? runtimeStatsRoute() : {}),
    '/graphql': rateLimited(graphqlRoute(apollo, settings, playground, contextOf, answering), limiter, callerKey),
    ...health,
    'GET /health/ready': rateLimited(health['GET /health/ready'], limiter, readinessKey),
    ...Object.fromEntries(Object.entries(exports).map(([route, handler]) => [route, rateLimited(handler, limiter, callerKey)])),
  };
}

/**
 * Serves the committed supergraph over HTTP: `/graphql` (and the playground), the BI exports and
 * the health routes, calling each subgraph through a HubDataSource.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger('gateway');
  const supergraphSdl = options.supergraphSdl ?? readSupergraph();
  const urls = subgraphUrlsOf(supergraphSdl, options.subgraphUrls);
  const settings = options.config;
  // Off unless the configuration says so (tests that leave it out cache nothing); bin/serve.ts passes the loaded config.
  const responseCache = createResponseCache({
    enabled: settings.responseCache ?? false,
    databaseUrl: settings.databaseUrl,
    schemas: Object.keys(urls),
    redisUrl: settings.redisUrl,
    namespace: options.responseCacheNamespace,
    logger,
  });
  // Each subgraph's data source, once Apollo has built it: the pass-through sends its remembered fetches through them.
  const dataSources = new Map<string, HubDataSource>();
  const passThrough =
    (settings.singleSubgraphPassThrough ?? true)
      ? new SingleSubgraphPassThrough(async (serviceName, body, context) => {
          const dataSource = dataSources.get(serviceName);
          if (!dataSource) throw new Error(`no data source for ${serviceName}`);
          return dataSource.passThrough(body, context);
        }, responseCache.shortcut !== undefined)
      : undefined;
  const subgraphs = createApolloGateway(supergraphSdl, urls, options, logger, passThrough, dataSources);
  const identical = (settings.collapseIdenticalRequests ?? true) ? new IdenticalRequests() : undefined;
  const plugins = [...responseCache.plugins, ...(identical ? [identical.plugin()] : []), ...(passThrough ? [passThrough.plugin()] : [])];
  const apollo = await startGatewayApollo(subgraphs.gateway, options, logger, plugins).catch(async (error: unknown) => {
    await subgraphs.closeConnections();
    await responseCache.close();
    throw error;
  });
  const limiter = new RateLimiter({
    perSecond: settings.rateLimit?.perSecond ?? 0,
    burst: settings.rateLimit?.burst ?? 1,
    trustProxy: settings.trustProxy,
    redisUrl: settings.redisUrl,
    logger,
  });
  if (limiter.enabled) logger.info({ ...settings.rateLimit, shared: limiter.shared }, limiter.shared ? 'rate limit shared through Redis' : 'rate limit in this process');
  const service = await serveHttp({
    routes: (draining) =>
      gatewayRoutes(apollo, urls, options, draining, limiter, { shortcut: chainShortcuts([responseCache.shortcut, passThrough?.shortcut()]), collapse: identical }),
    port: options.port,
    host: options.host,
    logger,
    shutdownTimeoutMs: options.config.shutdownTimeoutMs,
    beforeRoutes: (req, res) => applyCors(req, res, options.config.corsOrigins ?? '*'),
  });
  logger.info({ port: service.port }, 'gateway listening');
  return {
    port: service.port,
    url: service.url,
    hotAnswers: () => responseCache.hotHits(),
    identicalRequestsJoined: () => identical?.joined ?? 0,
    passedThrough: () => passThrough?.answered ?? 0,
    async stop() {
      await service.close();
      await apollo.stop();
      await subgraphs.closeConnections();
      await limiter.close();
      await responseCache.close();
    },
  };
}
