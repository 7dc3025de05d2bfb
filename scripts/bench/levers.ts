import fs from 'node:fs';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner } from '@apollo/query-planner';
import { type GraphQLObjectType, parse } from 'graphql';
import { Pool } from 'pg';
import { getMetadataStorage } from 'type-graphql';
import { type GatewayOptions, startGateway } from '../../gateway';
import { signToken } from '../../lib/auth';
import type { SubgraphName } from '../../lib/config';
import { hs256Settings } from '../../lib/identity/hs256';
import type { Logger } from '../../lib/logger';
import { SUPERGRAPH_PATH } from '../../lib/paths';
import { buildFederatedSchema, listenSubgraph, type SubgraphDefinition } from '../../lib/subgraph';
import { measureGraphQL, post } from './graphql';
import { memberTicketPagesEntitiesQuery } from './queries';
import { combine, type LatencySummary, type LoadOptions, measure, round } from './stats';

/**
 * The performance levers, each measured on and off in the same run on the same data, so that the
 * README can say which mattered. Batched `_entities` is not toggled: scenario 2's fetch and SQL
 * counts are its measure.
 */

export interface LeverResult {
  lever: string;
  measuredOn: string;
  without: LatencySummary;
  with: LatencySummary;
  /** without.p50 / with.p50: above 1, the lever helps. */
  p50Gain: number;
  note?: string;
}

export interface LeverContext {
  load: LoadOptions;
  databaseUrl: string;
  secret: string;
  /** The hub's HUB_INTERNAL_SECRET: an in-process gateway's vouch must be one the running subgraphs trust. */
  internalSecret: string;
  staffToken: string;
  /** The running hub's gateway and subgraphs. */
  gatewayUrl: string;
  subgraphUrls: Record<SubgraphName, string>;
  operations: SubgraphDefinition;
  /** Members → their 2018 ticket pages of `size`, the sizes given as the variable $size. */
  crossQueryWithVariables: string;
  /** The same query with literal page sizes and a distinct alias: a new document for each call. */
  crossQueryLiteral: (unique: number) => string;
  memberGroupBySql: string;
  logger: Logger;
}

const result = (lever: string, measuredOn: string, without: LatencySummary, withLever: LatencySummary, note?: string): LeverResult => ({
  lever,
  measuredOn,
  without,
  with: withLever,
  p50Gain: round(without.p50 / withLever.p50),
  ...(note ? { note } : {}),
});

/**
 * Without, with, with, without (ABBA), each side's two measures combined: a drift during the
 * lever's measure (JIT warm-up, caches, autovacuum) weighs on both sides alike.
 */
async function abba(measureWith: (on: boolean) => Promise<LatencySummary>): Promise<{ without: LatencySummary; with: LatencySummary }> {
  const without1 = await measureWith(false);
  const with1 = await measureWith(true);
  const with2 = await measureWith(true);
  const without2 = await measureWith(false);
  return { without: combine(without1, without2), with: combine(with1, with2) };
}

/** Query plans (and parsed, validated documents) are cached per query text: variables keep one text. */
async function planCache(context: LeverContext): Promise<LeverResult> {
  const supergraph = Supergraph.build(fs.readFileSync(SUPERGRAPH_PATH, 'utf8'));
  const planner = new QueryPlanner(supergraph);
  const document = parse(context.crossQueryLiteral(0));
  const runs = 20;
  const started = performance.now();
  for (let run = 0; run < runs; run += 1) planner.buildQueryPlan(operationFromDocument(supergraph.schema, document));
  const planningMs = round((performance.now() - started) / runs);
  let unique = 0;
  const measured = await abba((cached) =>
    cached
      ? measureGraphQL(context.gatewayUrl, context.crossQueryWithVariables, context.load, context.staffToken, { size: 9 })
      : measureGraphQL(context.gatewayUrl, () => context.crossQueryLiteral(++unique), context.load, context.staffToken),
  );
  return result(
    'query-plan cache + variables',
    '108 tickets across 3 subgraphs, through the gateway: a new query text per request vs one text with $size',
    measured.without,
    measured.with,
    `planning alone: ${planningMs} ms per plan`,
  );
}

/**
 * Starts a gateway in this process on the running subgraphs with `config` (over the hub's secret),
 * runs `measure` against its URL, and stops it: one side of a gateway lever.
 */
async function throughGateway(
  context: LeverContext,
  config: Partial<GatewayOptions['config']>,
  options: Pick<GatewayOptions, 'subgraphKeepAlive' | 'mergeSiblingFetches'>,
  measure: (url: string) => Promise<LatencySummary>,
): Promise<LatencySummary> {
  const gateway = await startGateway({
    port: 0,
    subgraphUrls: context.subgraphUrls,
    config: { jwtSecret: context.secret, isProduction: false, ...config },
    logger: context.logger,
    ...options,
  });
  try {
    return await measure(gateway.url);
  } finally {
    await gateway.stop();
  }
}

/** The hub's own identity settings: an in-process gateway's vouch must be one the running subgraphs trust. */
const hubIdentity = (context: LeverContext) => ({ identity: { hs256: hs256Settings(context.secret), internalSecret: context.internalSecret } });

/** Keep-alive sockets to the subgraphs (capped per subgraph) vs a new connection per fetch. */
async function keepAlive(context: LeverContext): Promise<LeverResult> {
  const query = '{ members { code name kind hasOptionalCompetences delegates { fullName role } } }';
  const measureWith = (subgraphKeepAlive: boolean) =>
    throughGateway(context, { subgraphMaxSockets: 64 }, { subgraphKeepAlive }, (url) => measureGraphQL(url, query, context.load));
  const measured = await abba(measureWith);
  return result('keep-alive agent, 64 sockets per subgraph', 'members through an in-process gateway to the running governance', measured.without, measured.with);
}

/** Sibling `_entities` fetches of one operation (one per alias) merged into one, vs sent as planned. */
async function siblingFetches(context: LeverContext): Promise<LeverResult> {
  const measureWith = (mergeSiblingFetches: boolean) =>
    throughGateway(context, { deduplicateSubgraphRequests: false, ...hubIdentity(context) }, { mergeSiblingFetches }, (url) =>
      measureGraphQL(url, context.crossQueryWithVariables, context.load, context.staffToken, { size: 84 }),
    );
  const measured = await abba(measureWith);
  return result(
    'sibling _entities fetches merged',
    '1008 tickets across 3 subgraphs through an in-process gateway (deduplication off): the two aliases\' catalogue and deployment fetches sent as planned vs merged',
    measured.without,
    measured.with,
  );
}

/** type-graphql's per-field wrapper (for middlewares and auth, none on these types) vs graphql's default resolver. */
async function simpleResolvers(context: LeverContext): Promise<LeverResult> {
  const bulkTypes = getMetadataStorage().objectTypes.filter((type) => type.simpleResolvers === true);
  const setBulk = (value: boolean) => bulkTypes.forEach((type) => (type.simpleResolvers = value));
  const { query, representations } = memberTicketPagesEntitiesQuery();
  let tickets = 0;
  const measureWith = async (simple: boolean) => {
    setBulk(simple);
    const ticketType = (await buildFederatedSchema(context.operations)).getType('Ticket') as GraphQLObjectType;
    if ((ticketType.getFields().reference.resolve === undefined) !== simple) throw new Error('simpleResolvers toggle did not reach the schema');
    const subgraph = await listenSubgraph(context.operations, {
      port: 0,
      databaseUrl: context.databaseUrl,
      config: { jwtSecret: context.secret, isProduction: false, dbPoolMax: context.load.concurrency },
      logger: context.logger,
      subgraphUrls: context.subgraphUrls,
    });
    try {
      const check = await post(subgraph.url, query, { representations }, context.staffToken);
      if (check.errors) throw new Error(`simpleResolvers query failed: ${JSON.stringify(check.errors[0])}`);
      tickets = (check.data._entities as { incidents: { edges: unknown[] }; requests: { edges: unknown[] } }[]).reduce(
        (sum, member) => sum + member.incidents.edges.length + member.requests.edges.length,
        0,
      );
      // One client: the lever is CPU per response, which queueing behind the load generator (same process) would blur.
      return await measureGraphQL(subgraph.url, query, { ...context.load, concurrency: 1 }, context.staffToken, { representations });
    } finally {
      await subgraph.stop();
    }
  };
  try {
    const measured = await abba(measureWith);
    return result(
      `simpleResolvers on ${bulkTypes.length} bulk types`,
      `${tickets.toLocaleString('en')} tickets × 14 fields straight from operations (_entities of 6 members, 2 pages each), 1 client`,
      measured.without,
      measured.with,
    );
  } finally {
    setBulk(true);
  }
}

/** Single-subgraph pass-through: a repeated single-fetch query answered by its fetch alone vs through Apollo's whole pipeline. */
async function singleSubgraphPassThrough(context: LeverContext): Promise<LeverResult> {
  const query = '{ ticketVolume(year: 2018, groupBy: MEMBER, includeSynthetic: true) { key isTotal count } }';
  // Distinct viewers, nothing shared between them: what is measured is each request's own work.
  const tokens = Array.from({ length: context.load.concurrency }, (_, client) => signToken({ sub: `lever-client-${client}@sii`, role: 'SII_STAFF' }, context.secret));
  const measureWith = (singleSubgraphPassThrough: boolean) =>
    throughGateway(
      context,
      { isProduction: true, deduplicateSubgraphRequests: false, collapseIdenticalRequests: false, singleSubgraphPassThrough, ...hubIdentity(context) },
      {},
      (url) => measureGraphQL(url, query, context.load, undefined, {}, tokens),
    );
  const measured = await abba(measureWith);
  return result(
    'single-subgraph pass-through',
    `ticketVolume MEMBER, ${context.load.concurrency} distinct clients, through an in-process gateway (deduplication and collapsing off): Apollo's pipeline every time vs the one fetch`,
    measured.without,
    measured.with,
  );
}

/** The covering index on tickets: an index-only scan vs the same plan without index-only scans. */
async function coveringIndex(context: LeverContext): Promise<LeverResult> {
  const measureWith = async (indexOnly: boolean) => {
    const pool = new Pool({
      connectionString: context.databaseUrl,
      max: context.load.concurrency,
      options: indexOnly ? undefined : '-c enable_indexonlyscan=off',
    });
    try {
      return await measure(async () => (await pool.query(context.memberGroupBySql)).rowCount !== null, context.load);
    } finally {
      await pool.end();
    }
  };
  const measured = await abba(measureWith);
  return result(
    'covering index (opened_at) include (member_code, queue, kind, synthetic)',
    "a year's GROUP BY member over the tickets, plain SQL: index-only scans off vs on",
    measured.without,
    measured.with,
  );
}

export async function measureLevers(context: LeverContext, log: (message: string) => void): Promise<LeverResult[]> {
  const levers: LeverResult[] = [];
  for (const [name, lever] of [
    ['query-plan cache', planCache],
    ['keep-alive', keepAlive],
    ['sibling fetches', siblingFetches],
    ['single-subgraph pass-through', singleSubgraphPassThrough],
    ['simpleResolvers', simpleResolvers],
    ['covering index', coveringIndex],
  ] as const) {
    log(`lever: ${name}, without then with`);
    levers.push(await lever(context));
  }
  return levers;
}
