import { startGateway, type RunningGateway } from '../../gateway';
import { signToken, type Role } from '../../lib/auth';
import type { SubgraphName } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { observeSqlStatements } from '../../lib/orm';
import { listenSubgraph, prepareSubgraphDatabases, type RunningSubgraph, type SubgraphDefinition } from '../../lib/subgraph';
import { SUBGRAPHS } from '../../subgraphs';
import { createTestDatabase, type TestDatabase } from './database';

export const TEST_JWT_SECRET = 'test-secret-of-at-least-sixteen-characters';
export const testConfig = { jwtSecret: TEST_JWT_SECRET, isProduction: false, dbPoolMax: 5 };
const silent = createLogger('test', 'silent');

export function tokenFor(role: Role, member?: string): string {
  return signToken({ sub: `${role.toLowerCase()}@test`, role, ...(member ? { member } : {}) }, TEST_JWT_SECRET);
}

export interface GraphQLResponse<TData = any> {
  data?: TData | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
}

/** POSTs one operation; `token` sets the Authorization header. */
export async function graphql<TData = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphQLResponse<TData>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<TData>;
}

/** Counts the SQL statements sent while `action` runs (in this process: the in-process subgraphs). */
export async function countSqlStatements<T>(action: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const stop = observeSqlStatements((sql) => statements.push(sql));
  try {
    return { result: await action(), statements };
  } finally {
    stop();
  }
}

export interface TestHub {
  database: TestDatabase;
  subgraphs: Record<string, RunningSubgraph>;
  gateway: RunningGateway;
  /** The gateway's /graphql URL. */
  url: string;
  /** Points the subgraphs' calls to the graph elsewhere (e.g. a dead port), or back to the gateway with no argument. */
  setGraphUrlForSubgraphs(url?: string): void;
  stop(): Promise<void>;
}

/** Migrates and seeds a fresh database for the given subgraphs. */
export async function prepareTestDatabase(definitions: SubgraphDefinition[] = SUBGRAPHS): Promise<TestDatabase> {
  const database = await createTestDatabase();
  await prepareSubgraphDatabases(definitions, database.url);
  return database;
}

/**
 * The whole hub in this process on random ports, over a fresh migrated and seeded database,
 * with the gateway serving the committed supergraph.
 */
export async function startTestHub(): Promise<TestHub> {
  const database = await prepareTestDatabase();
  const subgraphs: Record<string, RunningSubgraph> = {};
  // The gateway starts after the subgraphs on a random port: subgraphs read its URL when they need it.
  let graphUrlForSubgraphs = '';
  const gatewayUrl = () => graphUrlForSubgraphs;
  for (const definition of SUBGRAPHS) {
    subgraphs[definition.name] = await listenSubgraph(definition, { port: 0, databaseUrl: database.url, config: testConfig, logger: silent, gatewayUrl });
  }
  const gateway = await startGateway({
    port: 0,
    subgraphUrls: Object.fromEntries(Object.values(subgraphs).map((s) => [s.name, s.url])) as Partial<Record<SubgraphName, string>>,
    config: testConfig,
    logger: silent,
  });
  graphUrlForSubgraphs = gateway.url;
  return {
    database,
    subgraphs,
    gateway,
    url: gateway.url,
    setGraphUrlForSubgraphs(url?: string) {
      graphUrlForSubgraphs = url ?? gateway.url;
    },
    async stop() {
      await gateway.stop();
      for (const subgraph of Object.values(subgraphs)) await subgraph.stop();
      await database.drop();
    },
  };
}
