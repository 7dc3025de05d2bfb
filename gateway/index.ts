import 'reflect-metadata';
import fs from 'node:fs';
import type http from 'node:http';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { InvalidTokenError, type Viewer, viewerFromAuthorization } from '../lib/auth';
import type { HubConfig, SubgraphName } from '../lib/config';
import { createErrorFormatter, unauthenticated } from '../lib/errors';
import { closeServer, createHttpServer, handleGraphQLRequest, listen, REQUEST_ID_HEADER, sendJson } from '../lib/http';
import { createLogger, type Logger } from '../lib/logger';
import { SUPERGRAPH_PATH } from '../lib/paths';
import { persistedOperationsPlugin } from './persisted-operations';
import { createPlayground } from './playground';


export interface GatewayContext {
  viewer: Viewer;
  /** The caller's own header, passed on so that each subgraph verifies the token itself. */
  authorization: string | undefined;
  requestId: string;
}

class HubDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!context || !('requestId' in context)) return;
    if (context.authorization) request.http?.headers.set('authorization', context.authorization);
    request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
  }
}

export interface GatewayOptions {
  port: number;
  host?: string;
  /** Where each subgraph answers; defaults to the URLs recorded in the supergraph. */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  config: Pick<HubConfig, 'jwtSecret' | 'isProduction'> & Partial<Pick<HubConfig, 'persistedOperationsOnly'>>;
  supergraphSdl?: string;
  logger?: Logger;
  /** How long /health/ready waits for each subgraph. */
  readinessTimeoutMs?: number;
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
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => new HubDataSource({ url: urls[name] ?? url }),
    logger,
  });
  const persistedOperations = persistedOperationsPlugin({ only: options.config.persistedOperationsOnly ?? false });
  logger.info({ persistedOperations: persistedOperations.size, only: options.config.persistedOperationsOnly ?? false }, 'persisted operations loaded');
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: createErrorFormatter(!options.config.isProduction),
    includeStacktraceInErrorResponses: !options.config.isProduction,
    introspection: !options.config.isProduction,
    plugins: [ApolloServerPluginLandingPageDisabled(), persistedOperations],
  });
  await apollo.start();
  const playground = createPlayground();

  let server: http.Server | undefined = createHttpServer(
    {
      ...playground.routes,
      '/graphql': (req, res, requestId) =>
        playground.wants(req) ? playground.serve(res) : handleGraphQLRequest(apollo, req, res, async () => {
          const authorization = req.headers.authorization;
          try {
            return { viewer: viewerFromAuthorization(authorization, options.config.jwtSecret), authorization, requestId };
          } catch (error) {
            if (error instanceof InvalidTokenError) throw unauthenticated(error.message);
            throw error;
          }
        }),
      'GET /health/live': (_req, res) => sendJson(res, 200, { status: 'live' }),
      'GET /health/ready': async (_req, res) => {
        const subgraphs = await subgraphsReady(Object.values(urls), options.readinessTimeoutMs ?? 2000);
        const byName = Object.fromEntries(Object.entries(urls).map(([name, url]) => [name, subgraphs[url] ? 'ready' : 'unavailable']));
        const ready = Object.values(subgraphs).every(Boolean);
        sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', subgraphs: byName });
      },
    },
    (error, requestId) => logger.error({ err: error, requestId }, 'request failed'),
  );
  const port = await listen(server, options.port, options.host);
  logger.info({ port }, 'gateway listening');
  return {
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    async stop() {
      if (server) await closeServer(server);
      server = undefined;
      await apollo.stop();
    },
  };
}
