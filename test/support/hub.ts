import { randomBytes } from 'node:crypto';
import { startGateway, type RunningGateway } from '../../gateway';
import { signToken, type Role } from '../../lib/auth';
import { loadConfig, type SubgraphName } from '../../lib/config';
import type { IdentitySettings } from '../../lib/identity/authenticate';
import { hs256Settings } from '../../lib/identity/hs256';
import { createLogger } from '../../lib/logger';
import { observeSqlStatements } from '../../lib/orm';
import { listenSubgraph, prepareSubgraphDatabases, type RunningSubgraph, type SubgraphDefinition } from '../../lib/subgraph';
import { SUBGRAPHS } from '../../subgraphs';
import { createTestDatabase, type TestDatabase } from './database';

export const TEST_JWT_SECRET = 'test-secret-of-at-least-sixteen-characters';
/** What the gateway signs its vouches to the subgraphs with (HUB_INTERNAL_SECRET); child processes get it too. */
export const TEST_INTERNAL_SECRET = 'test-internal-secret-0f3c9a7e5b1d2c4a6e8f0b2d4c6a8e1f';
export const testIdentity = { hs256: hs256Settings(TEST_JWT_SECRET), internalSecret: TEST_INTERNAL_SECRET };
/** Strong, random secrets for a service started in production mode (which refuses weak ones). */
export const productionSecrets = () => ({ HUB_JWT_SECRET: randomBytes(32).toString('hex'), HUB_INTERNAL_SECRET: randomBytes(32).toString('hex') });
export const testConfig = { jwtSecret: TEST_JWT_SECRET, isProduction: false, dbPoolMax: 5, identity: testIdentity };
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
  /**
   * Points the subgraphs' calls to each other (operations' reference check) elsewhere, e.g. a dead
   * port, or back to the real subgraphs with no argument.
   */
  setPeerUrls(urls?: Partial<Record<SubgraphName, string>>): void;
  stop(): Promise<void>;
}

/** Migrates and seeds a fresh database for the given subgraphs. */
export async function prepareTestDatabase(definitions: SubgraphDefinition[] = SUBGRAPHS): Promise<TestDatabase> {
  const database = await createTestDatabase();
  await prepareSubgraphDatabases(definitions, database.url);
  return database;
}

/**
 * HUB_PERSISTED_OPERATIONS_ONLY of the environment, read as the hub reads it: CI runs the tests of
 * writes (through the SDK), exports and the SDK once with it set (.ci/run).
 */
export const persistedOperationsOnly = loadConfig({ HUB_PERSISTED_OPERATIONS_ONLY: process.env.HUB_PERSISTED_OPERATIONS_ONLY }).persistedOperationsOnly;

/**
 * The gateway's response cache in the in-process hub: off unless HUB_RESPONSE_CACHE is set in the
 * environment (then as it says), so that the whole suite can be run with it on; tests of the cache
 * itself ask for it (startTestHub's responseCache).
 */
export const responseCacheInTests = process.env.HUB_RESPONSE_CACHE !== undefined && loadConfig({ HUB_RESPONSE_CACHE: process.env.HUB_RESPONSE_CACHE }).responseCache;

/**
 * The whole hub in this process on random ports, over a fresh migrated and seeded database,
 * with the gateway serving the committed supergraph.
 */
export async function startTestHub(
  options: { identity?: IdentitySettings; gatewayPort?: number; responseCache?: boolean; redisUrl?: string; responseCacheNamespace?: string } = {},
): Promise<TestHub> {
  const config = options.identity ? { ...testConfig, identity: options.identity } : testConfig;
  const database = await prepareTestDatabase();
  const subgraphs: Record<string, RunningSubgraph> = {};
  // Subgraphs start on random ports, one after the other: each reads the others' URLs when it needs them.
  let peerOverrides: Partial<Record<SubgraphName, string>> = {};
  const subgraphUrls = () => ({ ...Object.fromEntries(Object.values(subgraphs).map((s) => [s.name, s.url])), ...peerOverrides });
  for (const definition of SUBGRAPHS) {
    subgraphs[definition.name] = await listenSubgraph(definition, { port: 0, databaseUrl: database.url, config, logger: silent, subgraphUrls });
  }
  const gateway = await startGateway({
    // A known port when something must name the gateway's address ahead (an OpenID client's redirect URIs).
    port: options.gatewayPort ?? 0,
    subgraphUrls: Object.fromEntries(Object.values(subgraphs).map((s) => [s.name, s.url])) as Partial<Record<SubgraphName, string>>,
    config: { ...config, persistedOperationsOnly, databaseUrl: database.url, responseCache: options.responseCache ?? responseCacheInTests, redisUrl: options.redisUrl },
    responseCacheNamespace: options.responseCacheNamespace,
    logger: silent,
  });
  return {
    database,
    subgraphs,
    gateway,
    url: gateway.url,
    setPeerUrls(urls?: Partial<Record<SubgraphName, string>>) {
      peerOverrides = urls ?? {};
    },
    async stop() {
      await gateway.stop();
      for (const subgraph of Object.values(subgraphs)) await subgraph.stop();
      await database.drop();
    },
  };
}
