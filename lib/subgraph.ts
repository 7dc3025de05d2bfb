import type { IncomingMessage } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import type { Constructor } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import type { MikroORM } from '@mikro-orm/postgresql';
import { type GraphQLSchema, parse } from 'graphql';
import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';
import type { Viewer } from './auth';
import { CACHE_CONTROL_SDL } from './cache-hints';
import type { HubConfig, SubgraphName } from './config';
import { isDatabaseUnavailable } from './errors';
import { handleGraphQLRequest, HttpError, readBody, type RouteHandler, sendJson } from './http';
import { createSubgraphAuthenticator, identitySettingsOf, internalSecretOf } from './identity/authenticate';
import { AuthenticationError, credentialError } from './identity/errors';
import { INTERNAL_AUTHORIZATION_HEADER, verifyServiceToken } from './identity/vouch';
import { inputGuardPlugin } from './input-guard';
import { DEFAULT_SUBGRAPH_MAX_ENTITIES, operationLimits, SUBGRAPH_OPERATION_LIMITS } from './limits';
import { createLogger, type Logger } from './logger';
import { type EntityManager, migrateSubgraph, openSubgraphOrm } from './orm';
import { healthRoutes, type Readiness, serveHttp, sharedApolloOptions } from './service';

/** What every resolver of every subgraph receives. */
export interface SubgraphContext<TLoaders = unknown> {
  /** A fork of the EntityManager for this request only. */
  em: EntityManager;
  viewer: Viewer;
  /** Per-request DataLoaders: lists and references are batched, never fetched per parent. */
  loaders: TLoaders;
  requestId: string;
  logger: Logger;
  /**
   * Where each subgraph answers (the configuration's URLs, the ones the gateway calls): how a
   * subgraph asks another one about its entities (`_entities`) without reading its tables, and
   * without going through the public gateway.
   */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
}

/** The `@key` fields of an entity, as the gateway sends them to `__resolveReference`. */
export type EntityReference = Record<string, unknown>;

/**
 * `__resolveReference` of one entity type. Declared as a method so that its parameters are
 * compared both ways: a resolver written for its own key fields (`{ id: string }`) and its own
 * subgraph's context (`SubgraphContext<OperationsLoaders>`) fits without a cast, and so does a
 * definition in a list of definitions of other subgraphs; a resolver for another subgraph's
 * context (whose loaders differ) still does not.
 */
export type ReferenceResolver<TLoaders = unknown> = {
  resolve(reference: EntityReference, context: SubgraphContext<TLoaders>): unknown;
}['resolve'];

/**
 * A route for the hub's own services, not for clients (e.g. governance's API key check for the
 * gateway): POST, JSON in and out, answered only to a caller holding HUB_INTERNAL_SECRET.
 */
export type InternalRoute = (body: unknown, context: { em: EntityManager; logger: Logger; requestId: string }) => Promise<{ status: number; body: unknown }>;

/** A subgraph as a value: everything the bootstrap, the compose script and the tests need. */
export interface SubgraphDefinition<TLoaders = unknown> {
  name: SubgraphName;
  entities: Constructor<object>[];
  migrations: Constructor<Migration>[];
  resolvers: NonEmptyArray<Function>;
  /** Types reachable only through federation (`_entities`), e.g. an entity stub. */
  orphanedTypes?: Function[];
  /** `__resolveReference` per entity type name; each must go through a DataLoader. */
  referenceResolvers?: Record<string, ReferenceResolver<TLoaders>>;
  createLoaders(em: EntityManager): TLoaders;
  /** Idempotent: running it twice leaves the same rows. */
  seed(em: EntityManager): Promise<void>;
  /** Internal routes by path (e.g. "/internal/api-keys/check"). */
  internalRoutes?: Record<string, InternalRoute>;
}

const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])';

export async function buildFederatedSchema(definition: SubgraphDefinition): Promise<GraphQLSchema> {
  const typeGraphQLSchema = await buildSchema({
    resolvers: definition.resolvers,
    orphanedTypes: definition.orphanedTypes,
    // Federation adds Query._entities/_service; type-graphql's own checks would reject the partial schema.
    skipCheck: true,
    validate: false,
    emitSchemaFile: false,
  });
  const resolvers = createResolversMap(typeGraphQLSchema) as Record<string, Record<string, unknown>>;
  for (const [typeName, resolveReference] of Object.entries(definition.referenceResolvers ?? {})) {
    resolvers[typeName] = { ...resolvers[typeName], __resolveReference: resolveReference };
  }
  return buildSubgraphSchema({
    // @cacheControl is declared here, used by the types (lib/cache-hints.ts).
    typeDefs: parse(`${FEDERATION_LINK}\n${CACHE_CONTROL_SDL}\n${printSchemaWithDirectives(typeGraphQLSchema)}`),
    resolvers: resolvers as never,
  });
}

/** The SDL committed under schema/ and composed into the supergraph. */
export async function printSubgraphSdl(definition: SubgraphDefinition): Promise<string> {
  return `${printSubgraphSchema(await buildFederatedSchema(definition)).trim()}\n`;
}

export async function openOrmFor(definition: SubgraphDefinition, clientUrl: string, poolMax?: number): Promise<MikroORM> {
  return openSubgraphOrm({
    schema: definition.name,
    clientUrl,
    entities: definition.entities,
    migrations: definition.migrations,
    poolMax,
  });
}

/** Migrates then seeds: what `npm start` does for each subgraph before serving it. */
async function prepareSubgraphDatabase(definition: SubgraphDefinition, orm: MikroORM): Promise<string[]> {
  const applied = await migrateSubgraph(orm);
  const em = orm.em.fork();
  await em.transactional((tx) => definition.seed(tx));
  return applied;
}

/**
 * Migrates and seeds each subgraph's schema, one after the other in the order given (metrics'
 * views read operations' tables, so operations comes first), each through its own short-lived ORM.
 */
export async function prepareSubgraphDatabases(
  definitions: readonly SubgraphDefinition[],
  databaseUrl: string,
  onPrepared?: (name: SubgraphName, migrationsApplied: string[]) => void,
): Promise<void> {
  for (const definition of definitions) {
    const orm = await openOrmFor(definition, databaseUrl, 2);
    try {
      const applied = await prepareSubgraphDatabase(definition, orm);
      onPrepared?.(definition.name, applied);
    } finally {
      await orm.close(true);
    }
  }
}

export interface RunningSubgraph {
  name: SubgraphName;
  port: number;
  url: string;
  orm: MikroORM;
  stop(): Promise<void>;
}

export interface ListenOptions {
  port: number;
  databaseUrl: string;
  config: Pick<HubConfig, 'jwtSecret' | 'isProduction' | 'dbPoolMax'> & Partial<Pick<HubConfig, 'shutdownTimeoutMs' | 'maxBodyBytes' | 'identity' | 'subgraphMaxEntities'>>;
  host?: string;
  logger?: Logger;
  /** The other subgraphs' URLs (SubgraphContext.subgraphUrls); a function when they are known later or change (tests). */
  subgraphUrls?: Partial<Record<SubgraphName, string>> | (() => Partial<Record<SubgraphName, string>>);
}

/**
 * Readiness: the database answers a trivial query within 2 s. A failed try is tried again (3 in all): after
 * the server restarted, the pool may still hold connections it closed, each failing once before it
 * is dropped, and a probe must not report the database away when only a dead connection was.
 */
async function databaseAnswers(orm: MikroORM): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const selectOne = async (triesLeft: number): Promise<unknown> =>
    orm.em
      .getConnection()
      .execute('select 1')
      .catch((error: unknown) => (triesLeft > 1 ? selectOne(triesLeft - 1) : Promise.reject(error)));
  try {
    const ready = await Promise.race([
      selectOne(3).then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), 2000);
      }),
    ]);
    return { ready };
  } catch {
    return { ready: false };
  } finally {
    clearTimeout(timer);
  }
}

/** Expected client errors are answers, not incidents; everything else is logged with the request id. */
function unexpectedErrorLogger(logger: Logger): ApolloServerPlugin<SubgraphContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          const uncoded = errors.filter((error) => !error.extensions?.code || error.extensions.code === 'INTERNAL_SERVER_ERROR');
          // The database being away is a condition of the moment (answered SERVICE_UNAVAILABLE), not a bug: one short line.
          const databaseAway = uncoded.filter((error) => isDatabaseUnavailable(error));
          if (databaseAway.length > 0) (contextValue?.logger ?? logger).warn({ err: databaseAway[0].originalError?.message }, 'database unavailable');
          const unexpected = uncoded.filter((error) => !isDatabaseUnavailable(error));
          if (unexpected.length === 0) return;
          const described = unexpected.map((error) => ({ message: error.message, path: error.path, err: error.originalError }));
          (contextValue?.logger ?? logger).error({ errors: described }, 'resolver failed');
        },
      };
    },
  };
}

async function startSubgraphApollo(definition: SubgraphDefinition, isProduction: boolean, maxEntities: number, logger: Logger): Promise<ApolloServer<SubgraphContext>> {
  // A subgraph's port may be reached by anyone on its network, not only the gateway: the same
  // limits as the gateway (with the planner's margin), and a cap on `_entities` representations.
  const limits = operationLimits<SubgraphContext>(SUBGRAPH_OPERATION_LIMITS, maxEntities);
  const apollo = new ApolloServer<SubgraphContext>({
    ...sharedApolloOptions(isProduction, logger),
    schema: await buildFederatedSchema(definition),
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    maxRecursiveSelections: true,
    // No Apollo Studio here: inline traces would only add bytes to every response.
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled(), limits.costPlugin, inputGuardPlugin(), unexpectedErrorLogger(logger)],
  });
  await apollo.start();
  return apollo;
}

/**
 * Each request's context: its viewer (the gateway's vouch, or a token this subgraph verifies itself:
 * a forged or foreign one gets nothing), its own EntityManager fork and loaders.
 */
function contextFactory(definition: SubgraphDefinition, orm: MikroORM, options: ListenOptions, logger: Logger) {
  const authenticator = createSubgraphAuthenticator(identitySettingsOf(options.config), logger);
  return async (req: IncomingMessage, requestId: string): Promise<SubgraphContext> => {
    let viewer: Viewer;
    try {
      viewer = await authenticator.authenticate(req.headers);
    } catch (error) {
      throw credentialError(error);
    }
    const em = orm.em.fork();
    const subgraphUrls = typeof options.subgraphUrls === 'function' ? options.subgraphUrls() : (options.subgraphUrls ?? {});
    return { em, viewer, loaders: definition.createLoaders(em), requestId, logger: logger.child({ requestId }), subgraphUrls };
  };
}

/** The definition's internal routes, each behind the internal secret; bodies are small (a key, an id). */
function internalRoutesOf(definition: SubgraphDefinition, orm: MikroORM, internalSecret: string, logger: Logger): Record<string, RouteHandler> {
  return Object.fromEntries(
    Object.entries(definition.internalRoutes ?? {}).map(([path, route]): [string, RouteHandler] => [
      `POST ${path}`,
      async (req, res, requestId) => {
        try {
          const header = req.headers[INTERNAL_AUTHORIZATION_HEADER];
          await verifyServiceToken(typeof header === 'string' ? header : undefined, internalSecret);
        } catch (error) {
          if (error instanceof AuthenticationError) throw new HttpError(401, 'UNAUTHENTICATED', error.message);
          throw error;
        }
        let body: unknown;
        try {
          body = JSON.parse(await readBody(req, 10_000));
        } catch (error) {
          if (error instanceof HttpError) throw error;
          throw new HttpError(400, 'BAD_REQUEST', 'The request body is not valid JSON');
        }
        const answer = await route(body, { em: orm.em.fork(), logger: logger.child({ requestId }), requestId });
        sendJson(res, answer.status, answer.body, { 'cache-control': 'no-store' });
      },
    ]),
  );
}

/** Serves one subgraph over HTTP: `POST /graphql`, `GET /health/live`, `GET /health/ready`. */
export async function listenSubgraph(definition: SubgraphDefinition, options: ListenOptions): Promise<RunningSubgraph> {
  const logger = options.logger ?? createLogger(definition.name);
  const orm = await openOrmFor(definition, options.databaseUrl, options.config.dbPoolMax);
  const apollo = await startSubgraphApollo(definition, options.config.isProduction, options.config.subgraphMaxEntities ?? DEFAULT_SUBGRAPH_MAX_ENTITIES, logger);
  const contextOf = contextFactory(definition, orm, options, logger);
  const graphqlRoute: RouteHandler = (req, res, requestId) =>
    handleGraphQLRequest(apollo, req, res, () => contextOf(req, requestId), { maxBodyBytes: options.config.maxBodyBytes });
  const service = await serveHttp({
    routes: (draining) => ({
      '/graphql': graphqlRoute,
      ...internalRoutesOf(definition, orm, internalSecretOf(identitySettingsOf(options.config)), logger),
      ...healthRoutes(draining, () => databaseAnswers(orm), { service: definition.name }),
    }),
    port: options.port,
    host: options.host,
    logger,
    shutdownTimeoutMs: options.config.shutdownTimeoutMs,
  });
  logger.info({ port: service.port }, `${definition.name} subgraph listening`);
  return {
    name: definition.name,
    port: service.port,
    url: service.url,
    orm,
    async stop() {
      // Draining: no new connection, in-flight requests finish, then the pool closes.
      await service.close();
      await apollo.stop();
      await orm.close(true);
    },
  };
}
