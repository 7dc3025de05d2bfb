import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseCommandLine } from '../lib/cli';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { type PlanNode, QueryPlanner } from '@apollo/query-planner';
import { parse } from 'graphql';
import { Pool } from 'pg';
import { startGateway } from '../gateway';
import { signToken } from '../lib/auth';
import { EMBEDDED_PASSWORD, EMBEDDED_USER, HUB_DATABASE } from '../lib/embedded-postgres';
import { SUBGRAPH_NAMES, type SubgraphName } from '../lib/config';
import { createLogger } from '../lib/logger';
import { observeSqlStatements } from '../lib/orm';
import { PROJECT_ROOT, SUPERGRAPH_PATH } from '../lib/paths';
import { freePort } from '../lib/ports';
import { listenSubgraph, type RunningSubgraph } from '../lib/subgraph';
import { seedSyntheticTickets } from './seed-synthetic/seed';
import { syntheticReferencePrefix } from './seed-synthetic/tickets';
import { countingProxy, type RecordedFetch } from './bench/counting-proxy';
import { type HubFootprint, hubFootprint } from './bench/footprint';
import { measureGraphQL, post } from './bench/graphql';
import { crossSubgraphQuery } from './bench/queries';
import { type LeverResult, measureLevers } from './bench/levers';
import { type CachedRead, measureResponseCache } from './bench/response-cache';
import { measurePeers, type PeersResult, printPeers } from './bench/peers';
import { closedLoop, type LatencySummary, measure, round } from './bench/stats';
import { startHubProcess } from './hub-process';
import { SUBGRAPHS, subgraphNamed } from '../subgraphs';

/**
 * `npm run bench`: the hub started as `npm start` starts it (real child processes, embedded
 * PostgreSQL in .data/bench kept across runs), the synthetic dataset, then the scenarios of the
 * performance issue measured in one run, side by side. Prints a table, writes JSON.
 */

const SEED = 42;
const SII_TIME_ZONE = 'Europe/Paris';

interface Options {
  tickets: number;
  durationMs: number;
  concurrency: number;
  outDir: string;
  peers: boolean;
}

const USAGE = `Usage: npm run bench -- [--quick] [--peers] [--tickets <n>] [--duration <s>] [--concurrency <n>] [--out <dir>]

Starts the hub as npm start does (NODE_ENV=production, its own free ports, embedded PostgreSQL in
.data/bench kept between runs), seeds synthetic tickets once, then measures each scenario of
docs/performance.md in one run; prints a table and writes bench-results/bench-<time>.json.

Options:
  --quick             a tiny run: 5,000 tickets, 1 s per measure (unless given below)
  --peers             also measure Hive Gateway (and its Rust planner) beside ours, installed with
                      npm ci in scripts/bench/peers/ (not the project's dependencies)
  --tickets <n>       synthetic tickets in the dataset (default 1,000,000)
  --duration <s>      seconds per measure (default 10)
  --concurrency <n>   clients in the closed loop (default 10)
  --out <dir>         where the JSON goes (default bench-results)
  -h, --help          this text`;

function readOptions(): Options {
  const { values } = parseCommandLine(USAGE, {
    options: {
      tickets: { type: 'string' },
      duration: { type: 'string' },
      concurrency: { type: 'string', default: '10' },
      quick: { type: 'boolean', default: false },
      peers: { type: 'boolean', default: false },
      out: { type: 'string', default: 'bench-results' },
    },
  });
  const tickets = Number(values.tickets ?? (values.quick ? 5_000 : 1_000_000));
  const durationMs = Number(values.duration ?? (values.quick ? 1 : 10)) * 1000;
  const concurrency = Number(values.concurrency);
  for (const [name, value] of Object.entries({ tickets, durationMs, concurrency })) {
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  }
  return { tickets, durationMs, concurrency, outDir: path.resolve(values.out), peers: values.peers };
}

interface RuntimeStats {
  rssBytes: number;
  eventLoopDelayMs: { p50: number; p99: number; max: number };
}

/** The gateway's RSS and event-loop delay since the last reset (HUB_RUNTIME_STATS). */
async function runtimeStats(gatewayBase: string, reset = false): Promise<RuntimeStats> {
  const response = await fetch(`${gatewayBase}/debug/runtime${reset ? '?reset=1' : ''}`);
  return (await response.json()) as RuntimeStats;
}

/** What one scenario did to the gateway process: its event-loop delay and RSS at the end. */
async function gatewayDuring<T>(gatewayBase: string, run: () => Promise<T>): Promise<{ result: T; gateway: { rssMb: number; eventLoopDelayP99Ms: number } }> {
  await runtimeStats(gatewayBase, true);
  const result = await run();
  const after = await runtimeStats(gatewayBase);
  return { result, gateway: { rssMb: round(after.rssBytes / 2 ** 20, 1), eventLoopDelayP99Ms: round(after.eventLoopDelayMs.p99) } };
}

function countFetches(node: PlanNode | undefined): number {
  if (!node) return 0;
  switch (node.kind) {
    case 'Fetch':
      return 1;
    case 'Flatten':
      return countFetches(node.node);
    case 'Sequence':
    case 'Parallel':
      return node.nodes.reduce((sum, child) => sum + countFetches(child), 0);
    case 'Condition':
      return Math.max(countFetches(node.ifClause), countFetches(node.elseClause));
    default:
      return Number.NaN;
  }
}

/**
 * Where one cross-subgraph request's time goes (median of 5, one at a time, on the in-process
 * hub): each fetch's bytes each way, representations sent (and how many distinct), the subgraph's
 * time as its proxy saw it, and what is left for the gateway: the request's time when no subgraph
 * was working (fetches of one plan node run side by side, so their times are not added up).
 */
async function fetchBreakdown(
  send: () => Promise<unknown>,
  proxies: Record<string, Awaited<ReturnType<typeof countingProxy>>>,
): Promise<{ totalMs: number; gatewayMs: number; fetches: ({ subgraph: string } & Omit<RecordedFetch, 'startedAt' | 'endedAt'>)[] }> {
  const runs = [];
  for (let run = 0; run < 5; run += 1) {
    for (const proxy of Object.values(proxies)) proxy.reset();
    const started = performance.now();
    await send();
    const totalMs = performance.now() - started;
    const fetches = Object.entries(proxies).flatMap(([subgraph, proxy]) => proxy.fetches().map((fetch) => ({ subgraph, ...fetch })));
    runs.push({ totalMs, fetches });
  }
  const median = runs.sort((a, b) => a.totalMs - b.totalMs)[2];
  // The union of the fetches' intervals: time during which at least one subgraph was at work.
  let busyMs = 0;
  let reachedAt = -Infinity;
  for (const { startedAt, endedAt } of [...median.fetches].sort((a, b) => a.startedAt - b.startedAt)) {
    busyMs += Math.max(0, endedAt - Math.max(startedAt, reachedAt));
    reachedAt = Math.max(reachedAt, endedAt);
  }
  return {
    totalMs: round(median.totalMs, 1),
    gatewayMs: round(median.totalMs - busyMs, 1),
    fetches: median.fetches.map(({ startedAt: _startedAt, endedAt: _endedAt, ...fetch }) => ({ ...fetch, subgraphMs: round(fetch.subgraphMs, 1) })),
  };
}

/** What every scenario needs: the options, the running hub's addresses, the database, a staff token. */
interface BenchRun {
  options: Options;
  env: NodeJS.ProcessEnv;
  secret: string;
  staff: string;
  databaseUrl: string;
  pool: Pool;
  gatewayBase: string;
  gatewayUrl: string;
  subgraphUrls: Record<SubgraphName, string>;
  log: (message: string) => void;
  silent: ReturnType<typeof createLogger>;
}

const SINGLE_SUBGRAPH_QUERY = '{ members { code name kind hasOptionalCompetences delegates { fullName role } } }';

/** The hub as `npm start` runs it, in production mode, on free ports, its cluster in .data/bench. */
async function benchEnvironment(dataDir: string, pgPort: number, secret: string): Promise<{ env: NodeJS.ProcessEnv; ports: Record<'gateway' | SubgraphName, number> }> {
  const [gateway, governance, catalogue, operations, metrics] = await Promise.all(Array.from({ length: 5 }, freePort));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // As deployed: graphql-js, Apollo and the hub skip their development-only checks.
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    HUB_DATA_DIR: dataDir,
    HUB_EMBEDDED_PG_PORT: String(pgPort),
    HUB_JWT_SECRET: secret,
    HUB_INTERNAL_SECRET: randomBytes(32).toString('hex'),
    HUB_RATE_LIMIT_PER_SECOND: '0',
    HUB_RUNTIME_STATS: 'true',
    // Scenarios 1-4 measure the work of an answer: repeated identical requests must not be cached (scenario 5 measures the cache).
    HUB_RESPONSE_CACHE: 'false',
    GATEWAY_PORT: String(gateway),
    GOVERNANCE_PORT: String(governance),
    CATALOGUE_PORT: String(catalogue),
    OPERATIONS_PORT: String(operations),
    METRICS_PORT: String(metrics),
  };
  return { env, ports: { gateway, governance, catalogue, operations, metrics } };
}

/** The synthetic tickets, seeded once and kept in the cluster; fresh statistics. */
async function prepareDataset(run: BenchRun): Promise<{ tickets: number }> {
  const { pool, options, log } = run;
  const present = await pool.query<{ n: string }>('select count(*) as n from "operations"."ticket" where reference like $1', [`${syntheticReferencePrefix(SEED)}%`]);
  if (Number(present.rows[0].n) < options.tickets) {
    log(`seeding synthetic tickets up to ${options.tickets.toLocaleString('en')} (once; kept in the cluster)`);
    await seedSyntheticTickets(pool, { seed: SEED, tickets: options.tickets, batchSize: 10_000 });
  }
  // Fresh statistics and visibility map, as autovacuum would leave them on a live server.
  await pool.query('vacuum (analyze) "operations"."ticket"');
  const tickets = Number((await pool.query<{ n: string }>('select count(*) as n from "operations"."ticket"')).rows[0].n);
  log(`dataset: ${tickets.toLocaleString('en')} tickets`);
  return { tickets };
}

/** 1. The federation overhead: one governance query, straight to the subgraph and through the gateway. */
async function singleSubgraphScenario(run: BenchRun) {
  const { options, gatewayBase, gatewayUrl } = run;
  run.log('scenario 1: single-subgraph query, direct vs gateway');
  const governanceUrl = run.subgraphUrls.governance;
  const s1 = await gatewayDuring(gatewayBase, async () => {
    const direct = await measureGraphQL(governanceUrl, SINGLE_SUBGRAPH_QUERY, options);
    const viaGateway = await measureGraphQL(gatewayUrl, SINGLE_SUBGRAPH_QUERY, options);
    // One client: the latency the gateway adds to a request, without queueing.
    const oneClient = { ...options, concurrency: 1 };
    const directAlone = await measureGraphQL(governanceUrl, SINGLE_SUBGRAPH_QUERY, oneClient);
    const gatewayAlone = await measureGraphQL(gatewayUrl, SINGLE_SUBGRAPH_QUERY, oneClient);
    return {
      direct,
      gateway: viaGateway,
      p50Ratio: round(viaGateway.p50 / direct.p50),
      oneClient: { direct: directAlone, gateway: gatewayAlone, addedP50Ms: round(gatewayAlone.p50 - directAlone.p50) },
    };
  });
  return { ...s1.result, gatewayProcess: s1.gateway };
}

/**
 * 2. Cross-subgraph: latency through the running hub; fetches and SQL statements counted on an
 * in-process copy of the hub (same database) whose subgraphs sit behind counting proxies.
 */
async function crossSubgraphScenario(run: BenchRun) {
  const { options, staff, secret, databaseUrl, silent } = run;
  run.log('scenario 2: members → tickets → application → deployments');
  const inProcess: RunningSubgraph[] = [];
  const proxies: Record<string, Awaited<ReturnType<typeof countingProxy>>> = {};
  try {
    for (const definition of SUBGRAPHS) {
      const subgraph = await listenSubgraph(definition, {
        port: 0,
        databaseUrl,
        config: { jwtSecret: secret, isProduction: false, dbPoolMax: 4 },
        logger: silent,
        subgraphUrls: () => Object.fromEntries(Object.entries(proxies).map(([name, proxy]) => [name, proxy.url])),
      });
      inProcess.push(subgraph);
      proxies[definition.name] = await countingProxy(subgraph.url);
    }
    const countingGateway = await startGateway({
      port: 0,
      subgraphUrls: Object.fromEntries(Object.entries(proxies).map(([name, proxy]) => [name, proxy.url])),
      config: { jwtSecret: secret, isProduction: false },
      logger: silent,
    });
    const supergraph = Supergraph.build(fs.readFileSync(SUPERGRAPH_PATH, 'utf8'));
    const planner = new QueryPlanner(supergraph);
    // Same query shape at every size, only the page size changes: what grows is the list.
    const sizes = [
      { parents: 12, size: 1 },
      { parents: 108, size: 9 },
      { parents: 1008, size: 84 },
    ];
    const perSize = [];
    for (const { parents, size } of sizes) {
      const query = crossSubgraphQuery(size);
      const plan = planner.buildQueryPlan(operationFromDocument(supergraph.schema, parse(query)));
      const planFetches = countFetches(plan.node as PlanNode | undefined);
      await post(countingGateway.url, query, {}, staff); // plan cache and connections warm
      for (const proxy of Object.values(proxies)) proxy.reset();
      const statements: string[] = [];
      const stop = observeSqlStatements((sql) => statements.push(sql));
      const answer = await post(countingGateway.url, query, {}, staff);
      stop();
      if (answer.errors) throw new Error(`scenario 2 query failed: ${JSON.stringify(answer.errors[0])}`);
      const tickets = (answer.data.members as { incidents: { edges: unknown[] }; requests: { edges: unknown[] } }[]).reduce(
        (sum, member) => sum + member.incidents.edges.length + member.requests.edges.length,
        0,
      );
      const fetches = Object.values(proxies).reduce((sum, proxy) => sum + proxy.count(), 0);
      perSize.push({
        parents,
        ticketsReturned: tickets,
        subgraphFetches: fetches,
        queryPlanFetches: planFetches,
        sqlStatements: statements.length,
        breakdown: await fetchBreakdown(() => post(countingGateway.url, query, {}, staff), proxies),
      });
    }
    await countingGateway.stop();
    const largest = crossSubgraphQuery(84);
    const crossLoad = { ...options, concurrency: Math.max(1, Math.floor(options.concurrency / 2)) };
    const s2 = await gatewayDuring(run.gatewayBase, () => measureGraphQL(run.gatewayUrl, largest, crossLoad, staff));
    return { perSize, latency1008Parents: s2.result, gatewayProcess: s2.gateway };
  } finally {
    for (const proxy of Object.values(proxies)) await proxy.close();
    for (const subgraph of inProcess) await subgraph.stop();
  }
}

const overTickets: Record<string, string> = {
  MEMBER: 'member_code',
  MONTH: `extract(month from opened_at at time zone '${SII_TIME_ZONE}')::int::text`,
};
const overRollup: Record<string, string> = { MEMBER: 'member_code', MONTH: 'extract(month from month)::int::text' };
/** What a BI tool would send with pg: a GROUP BY over the 2018 tickets. */
const ticketsGroupBy = (groupBy: string) => `select key, grouping(key) as is_total, count(*)::float8 as count
    from (select ${overTickets[groupBy]} as key from "operations"."ticket"
          where opened_at >= make_timestamptz(2018, 1, 1, 0, 0, 0, '${SII_TIME_ZONE}')
            and opened_at < make_timestamptz(2019, 1, 1, 0, 0, 0, '${SII_TIME_ZONE}')) grouped
    group by grouping sets ((key), ()) order by grouping(key), key`;
/** The hub's own statement: a GROUP BY over the monthly rollup. */
const rollupGroupBy = (groupBy: string) => `select key, grouping(key) as is_total, sum(count)::float8 as count
    from (select ${overRollup[groupBy]} as key, count from "metrics"."ticket_volume_record"
          where month >= make_date(2018, 1, 1) and month < make_date(2019, 1, 1)) grouped
    group by grouping sets ((key), ()) order by grouping(key), key`;

interface AggregateResult {
  gateway: LatencySummary;
  plainSql: LatencySummary;
  plainSqlOverRollup: LatencySummary;
  p50Ratio: number;
  p50RatioToRollupSql: number;
  gatewayProcess: { rssMb: number; eventLoopDelayP99Ms: number };
}

/**
 * 3. Aggregates through the gateway vs the same GROUP BY in plain SQL over the tickets, and vs the
 * hub's own statement over the monthly rollup; the three answers must agree first.
 */
async function aggregateScenario(run: BenchRun): Promise<Record<'MEMBER' | 'MONTH', AggregateResult>> {
  const { options, pool, staff, gatewayUrl } = run;
  run.log('scenario 3: ticketVolume through the gateway vs plain SQL');
  const results = {} as Record<'MEMBER' | 'MONTH', AggregateResult>;
  for (const groupBy of ['MEMBER', 'MONTH'] as const) {
    // The dataset is synthetic: the figure must ask for demo records (left out by default).
    const gql = `{ ticketVolume(year: 2018, groupBy: ${groupBy}, includeSynthetic: true) { key isTotal count } }`;
    const answer = await post(gatewayUrl, gql, {}, staff);
    const fromTickets = (await pool.query(ticketsGroupBy(groupBy))).rows;
    const fromRollup = (await pool.query(rollupGroupBy(groupBy))).rows;
    // Non-empty groups and the total, as key=count (ticketVolume also lists a fixed grouping's empty
    // groups, and keys months as YYYY-MM).
    const counts = (rows: { key: string | null; count: number; isTotal?: boolean; is_total?: number }[]) =>
      rows
        .filter((row) => Number(row.count) > 0)
        .map((row) => `${row.isTotal || Number(row.is_total) === 1 ? 'TOTAL' : String(row.key).replace(/^\d{4}-0?/, '')}=${Number(row.count)}`)
        .sort()
        .join(',');
    if (answer.errors || counts(answer.data.ticketVolume) !== counts(fromTickets) || counts(fromRollup) !== counts(fromTickets)) {
      throw new Error(
        `scenario 3 ${groupBy}: the gateway, the rollup and the tickets disagree: ${JSON.stringify(answer.errors ?? counts(answer.data.ticketVolume))} / ${counts(fromRollup)} / ${counts(fromTickets)}`,
      );
    }
    const { result: viaHub, gateway } = await gatewayDuring(run.gatewayBase, () => measureGraphQL(gatewayUrl, gql, options, staff));
    const plainTickets = await measure(async () => (await pool.query(ticketsGroupBy(groupBy))).rowCount !== null, options);
    const plainRollup = await measure(async () => (await pool.query(rollupGroupBy(groupBy))).rowCount !== null, options);
    results[groupBy] = {
      gateway: viaHub,
      plainSql: plainTickets,
      plainSqlOverRollup: plainRollup,
      p50Ratio: round(viaHub.p50 / plainTickets.p50),
      p50RatioToRollupSql: round(viaHub.p50 / plainRollup.p50),
      gatewayProcess: gateway,
    };
  }
  return results;
}

/** 4. Mutation mix: open tickets and move shared ones along with optimistic locking. */
async function mutationScenario(run: BenchRun) {
  const { options, staff, gatewayUrl } = run;
  run.log('scenario 4: openTicket / changeTicketStatus under concurrency');
  const members = ['BOBIGNY', 'LE_BLANC_MESNIL', 'LA_COURNEUVE', 'TREMBLAY_EN_FRANCE', 'SIRESCO', 'SYREC'];
  const shared: { reference: string; version: number; status: string }[] = [];
  const next: Record<string, string> = { NEW: 'ASSIGNED', ASSIGNED: 'IN_PROGRESS', IN_PROGRESS: 'PENDING', PENDING: 'IN_PROGRESS' };
  let opened = 0;
  let changed = 0;
  let conflicts = 0;
  let sequence = 0;
  const { result: mix, gateway: mixGateway } = await gatewayDuring(run.gatewayBase, () =>
    closedLoop(options.concurrency, options.durationMs, async (worker) => {
      sequence += 1;
      if (shared.length < options.concurrency || sequence % 2 === 0) {
        const answer = await post(
          gatewayUrl,
          'mutation O($input: OpenTicketInput!) { openTicket(input: $input) { reference version status } }',
          { input: { kind: 'REQUEST', title: `bench ${worker}-${sequence}`, memberCode: members[sequence % members.length] } },
          staff,
        );
        if (answer.errors) return false;
        opened += 1;
        shared.push({ ...answer.data.openTicket });
        if (shared.length > 50) shared.shift();
        return true;
      }
      // Workers pick from a small shared pool, so that some updates race on the same ticket.
      const ticket = shared[sequence % shared.length];
      const answer = await post(
        gatewayUrl,
        'mutation C($input: ChangeTicketStatusInput!) { changeTicketStatus(input: $input) { version status } }',
        { input: { reference: ticket.reference, status: next[ticket.status], expectedVersion: ticket.version } },
        staff,
      );
      if (answer.errors?.[0]?.extensions?.code === 'CONFLICT') {
        conflicts += 1;
        const fresh = await post(gatewayUrl, 'query T($r: String!) { ticket(reference: $r) { version status } }', { r: ticket.reference }, staff);
        Object.assign(ticket, fresh.data.ticket);
        return true; // a conflict is the expected, correct answer to a stale write
      }
      if (answer.errors) return false;
      changed += 1;
      Object.assign(ticket, answer.data.changeTicketStatus);
      return true;
    }),
  );
  return { latency: mix, opened, statusChanges: changed, conflicts, gatewayProcess: mixGateway };
}

/** The levers, each on and off on the same data; the rollup's comes from scenario 3. */
async function leverScenarios(run: BenchRun, aggregates: Record<'MEMBER' | 'MONTH', AggregateResult>): Promise<LeverResult[]> {
  const levers: LeverResult[] = await measureLevers(
    {
      load: { concurrency: run.options.concurrency, durationMs: Math.min(run.options.durationMs, 5000) },
      databaseUrl: run.databaseUrl,
      secret: run.secret,
      internalSecret: run.env.HUB_INTERNAL_SECRET as string,
      staffToken: run.staff,
      gatewayUrl: run.gatewayUrl,
      subgraphUrls: run.subgraphUrls,
      operations: subgraphNamed('operations'),
      crossQueryWithVariables: crossSubgraphQuery('$size'),
      crossQueryLiteral: (unique) => crossSubgraphQuery(9, `_${unique}`),
      memberGroupBySql: ticketsGroupBy('MEMBER'),
      logger: run.silent,
    },
    run.log,
  );
  levers.push({
    lever: 'monthly rollup (operations.ticket_monthly_volume)',
    measuredOn: "a year's GROUP BY member, plain SQL: over the tickets vs over the rollup",
    without: aggregates.MEMBER.plainSql,
    with: aggregates.MEMBER.plainSqlOverRollup,
    p50Gain: round(aggregates.MEMBER.plainSql.p50 / aggregates.MEMBER.plainSqlOverRollup.p50),
  });
  return levers;
}

/** The peer gateways, and our own in-flight deduplication on and off (added to `levers`), on the running subgraphs. */
async function peerScenarios(run: BenchRun, levers: LeverResult[]): Promise<PeersResult> {
  const { options } = run;
  const peers = await measurePeers({
    load: { concurrency: options.concurrency, durationMs: Math.min(options.durationMs, 5000) },
    hubEnv: run.env,
    gatewayUrl: run.gatewayUrl,
    subgraphUrls: run.subgraphUrls,
    staffToken: run.staff,
    distinctTokens: Array.from({ length: options.concurrency }, (_, client) => signToken({ sub: `bench-client-${client}@sii`, role: 'SII_STAFF' }, run.secret)),
    membersQuery: SINGLE_SUBGRAPH_QUERY,
    crossQuery: crossSubgraphQuery('$size'),
    ticketVolumeQuery: '{ ticketVolume(year: 2018, groupBy: MEMBER, includeSynthetic: true) { key isTotal count } }',
    log: run.log,
  });
  const members = peers.scenarios.find((scenario) => scenario.scenario === 'members' && scenario.clients === 'identical');
  if (members?.results.ours && members.results.oursNoDedup) {
    levers.unshift({
      lever: 'in-flight deduplication of subgraph fetches',
      measuredOn: `members through a gateway process, ${options.concurrency} identical clients: HUB_DEDUPLICATE_SUBGRAPH_REQUESTS false vs true`,
      without: members.results.oursNoDedup,
      with: members.results.ours,
      p50Gain: round(members.results.oursNoDedup.p50 / members.results.ours.p50),
    });
  }
  return peers;
}

interface Target {
  target: string;
  limit: string;
  value: unknown;
  pass: boolean;
}

/** The issue's targets, each with what was measured. */
function targetsOf(results: {
  scenario1: { p50Ratio: number };
  scenario2: { perSize: { sqlStatements: number; subgraphFetches: number; queryPlanFetches: number }[] };
  scenario3: Record<'MEMBER' | 'MONTH', AggregateResult>;
  scenario5: CachedRead[];
  startup: { readyInMs: number; warmCluster: boolean };
  footprint: HubFootprint;
  gatewayAtRestBytes: number;
  peers?: PeersResult;
}): Target[] {
  const { scenario1: s1, scenario2: { perSize }, scenario3: s3, startup, footprint } = results;
  const constantSql = new Set(perSize.map((row) => row.sqlStatements)).size === 1;
  // Never more fetches than the plan has (no N+1); fewer when sibling fetches are merged (gateway/sibling-fetches.ts).
  const minimalFetches = perSize.every((row) => row.subgraphFetches <= row.queryPlanFetches);
  const fetchesVsPlan = perSize.map((row) => `${row.subgraphFetches}/${row.queryPlanFetches}`).join(', ');
  return [
    { target: 'gateway / direct subgraph p50 (scenario 1)', limit: '≤ 1.5', value: s1.p50Ratio, pass: s1.p50Ratio <= 1.5 },
    { target: 'subgraph fetches ≤ query plan fetches (scenario 2, 12/108/1008 parents)', limit: '≤ plan', value: fetchesVsPlan, pass: minimalFetches },
    { target: 'SQL statements constant for 12/108/1008 parents', limit: 'constant', value: perSize.map((r) => r.sqlStatements).join('/'), pass: constantSql },
    { target: 'ticketVolume MEMBER gateway / SQL p50', limit: '≤ 1.3', value: s3.MEMBER.p50Ratio, pass: s3.MEMBER.p50Ratio <= 1.3 },
    { target: 'ticketVolume MONTH gateway / SQL p50', limit: '≤ 1.3', value: s3.MONTH.p50Ratio, pass: s3.MONTH.p50Ratio <= 1.3 },
    ...results.scenario5.map((read) => ({
      target: `cached ${read.read} reads / static JSON p50 (scenario 5)`,
      limit: '≤ 1.5',
      value: read.p50Ratio,
      pass: read.p50Ratio <= 1.5,
    })),
    {
      target: 'npm start to ready (warm cluster)',
      limit: '≤ 5 s',
      value: `${round(startup.readyInMs / 1000, 1)} s${startup.warmCluster ? '' : ' (new cluster: run again)'}`,
      pass: startup.warmCluster && startup.readyInMs <= 5_000,
    },
    { target: 'whole hub RSS at rest (every process of npm start)', limit: '≤ 600 MB', value: `${footprint.rssMb} MB`, pass: footprint.rssMb <= 600 },
    { target: 'gateway RSS at rest', limit: '< 300 MB', value: `${round(results.gatewayAtRestBytes / 2 ** 20, 1)} MB`, pass: results.gatewayAtRestBytes < 300 * 2 ** 20 },
    ...(results.peers?.targets ?? []),
  ];
}

async function main(): Promise<void> {
  const options = readOptions();
  const dataDir = path.resolve(process.env.HUB_DATA_DIR ?? path.join(PROJECT_ROOT, '.data', 'bench'));
  const pgPort = Number(process.env.HUB_EMBEDDED_PG_PORT ?? 54349);
  const secret = randomBytes(24).toString('hex');
  const { env, ports } = await benchEnvironment(dataDir, pgPort, secret);
  const databaseUrl = process.env.DATABASE_URL || `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${pgPort}/${HUB_DATABASE}`;
  const gatewayBase = `http://127.0.0.1:${ports.gateway}`;
  const log = (message: string) => console.log(`[bench] ${message}`);

  log(`starting the hub (npm start) with data in ${path.relative(process.cwd(), dataDir) || dataDir}`);
  const warmCluster = fs.existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'));
  const hub = await startHubProcess(env);
  const pool = new Pool({ connectionString: databaseUrl, max: options.concurrency });
  const run: BenchRun = {
    options,
    env,
    secret,
    staff: signToken({ sub: 'bench@sii', role: 'SII_STAFF' }, secret),
    databaseUrl,
    pool,
    gatewayBase,
    gatewayUrl: `${gatewayBase}/graphql`,
    subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, `http://127.0.0.1:${ports[name]}/graphql`])) as Record<SubgraphName, string>,
    log,
    silent: createLogger('bench', 'silent'),
  };
  try {
    const startup = { readyInMs: hub.readyInMs, warmCluster };
    log(`ready in ${hub.readyInMs} ms (${warmCluster ? 'warm' : 'new'} cluster)`);
    // At rest: started, idle, before the bench opens any connection of its own.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const footprint = hubFootprint(hub.child.pid!);
    const external = process.env.DATABASE_URL ? ' (DATABASE_URL: the database server is not counted)' : '';
    log(`whole hub at rest: ${footprint.rssMb} MB RSS (${footprint.pssMb} MB PSS) in ${footprint.processes.length} processes${external}`);
    const dataset = await prepareDataset(run);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const atRest = await runtimeStats(gatewayBase, true);

    const scenario1 = await singleSubgraphScenario(run);
    const scenario2 = await crossSubgraphScenario(run);
    const scenario3 = await aggregateScenario(run);
    const scenario4 = await mutationScenario(run);
    // 5. Repeated indicator and catalogue reads with the response cache on, against static JSON.
    const scenario5 = await measureResponseCache({ env, databaseUrl, load: options, uncachedGatewayUrl: run.gatewayUrl }, log);
    const levers = await leverScenarios(run, scenario3);
    const peers = options.peers ? await peerScenarios(run, levers) : undefined;
    const results = {
      startedAt: new Date().toISOString(),
      options: { ...options, outDir: undefined },
      startup,
      footprint,
      dataset,
      gatewayAtRest: { rssMb: round(atRest.rssBytes / 2 ** 20, 1) },
      scenario1,
      scenario2,
      scenario3,
      scenario4,
      gatewayAfterLoad: { rssMb: scenario4.gatewayProcess.rssMb },
      scenario5,
      levers,
      ...(peers ? { peers } : {}),
    };
    const report = { ...results, targets: targetsOf({ ...results, gatewayAtRestBytes: atRest.rssBytes, peers }) };
    printReport(report);
    fs.mkdirSync(options.outDir, { recursive: true });
    const file = path.join(options.outDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    log(`results written to ${path.relative(process.cwd(), file)}`);
  } finally {
    await pool.end();
    await hub.stop();
  }
}

function printReport(results: Record<string, any>): void {
  const row = (name: string, s: LatencySummary, loopP99?: number) =>
    `| ${name.padEnd(46)} | ${String(s.p50).padStart(8)} | ${String(s.p95).padStart(8)} | ${String(s.p99).padStart(8)} | ${String(s.requestsPerSecond).padStart(7)} | ${String(s.errors).padStart(6)} | ${String(loopP99 ?? '').padStart(9)} |`;
  const { scenario1: s1, scenario2: s2, scenario3: s3, scenario4: s4 } = results;
  console.log(`\nDataset: ${results.dataset.tickets.toLocaleString('en')} tickets\n`);
  console.log('| scenario                                       | p50 (ms) | p95 (ms) | p99 (ms) |   req/s | errors | loop p99 |');
  console.log('| ---------------------------------------------- | -------- | -------- | -------- | ------- | ------ | -------- |');
  console.log(row('1. members, direct to governance', s1.direct));
  console.log(row('1. members, through the gateway', s1.gateway, s1.gatewayProcess.eventLoopDelayP99Ms));
  console.log(row('1. members, direct, 1 client', s1.oneClient.direct));
  console.log(row('1. members, through the gateway, 1 client', s1.oneClient.gateway));
  console.log(row('2. 1008 tickets → application → deployments', s2.latency1008Parents, s2.gatewayProcess.eventLoopDelayP99Ms));
  for (const groupBy of ['MEMBER', 'MONTH']) {
    console.log(row(`3. ticketVolume ${groupBy}, gateway`, s3[groupBy].gateway, s3[groupBy].gatewayProcess.eventLoopDelayP99Ms));
    console.log(row('3. same GROUP BY over the tickets, pg', s3[groupBy].plainSql));
    console.log(row('3. hub’s GROUP BY over the rollup, pg', s3[groupBy].plainSqlOverRollup));
  }
  console.log(row('4. openTicket / changeTicketStatus mix', s4.latency, s4.gatewayProcess.eventLoopDelayP99Ms));
  for (const read of results.scenario5 as CachedRead[]) {
    console.log(row(`5. ${read.read}, response cache on`, read.cached));
    console.log(row(`5. static JSON, ${read.bytes} bytes, same process`, read.staticJson));
    console.log(row(`5. ${read.read}, hub gateway without cache`, read.uncached));
  }
  console.log('(loop p99: the gateway’s event-loop delay p99 during the scenario, ms)');
  console.log(`\nScenario 1, one client: the gateway adds ${s1.oneClient.addedP50Ms} ms at p50.`);
  console.log(
    `Scenario 2 per list size: ${s2.perSize
      .map((r: any) => `${r.parents} parents → ${r.subgraphFetches} fetches (plan: ${r.queryPlanFetches}), ${r.sqlStatements} SQL`)
      .join('; ')}`,
  );
  const largest = s2.perSize[s2.perSize.length - 1];
  if (largest?.breakdown) {
    const kb = (bytes: number) => `${round(bytes / 1024, 1)} KB`;
    console.log(
      `Scenario 2, ${largest.parents} parents, one request (in-process hub): ${largest.breakdown.totalMs} ms, of which the gateway ${largest.breakdown.gatewayMs} ms; per fetch: ${largest.breakdown.fetches
        .map(
          (f: Omit<RecordedFetch, 'startedAt' | 'endedAt'> & { subgraph: string }) =>
            `${f.subgraph} ${kb(f.requestBytes)} → ${kb(f.responseBytes)}${f.representations ? `, ${f.representations} representations (${f.distinctRepresentations} distinct)` : ''}, ${f.subgraphMs} ms`,
        )
        .join('; ')}`,
    );
  }
  console.log(
    `Scenario 3, gateway over the hub’s own statement: p50 ×${s3.MEMBER.p50RatioToRollupSql} (MEMBER), ×${s3.MONTH.p50RatioToRollupSql} (MONTH).`,
  );
  console.log(`Scenario 4: ${s4.opened} opened, ${s4.statusChanges} status changes, ${s4.conflicts} conflicts (CONFLICT answers to stale versions)`);
  console.log(`Gateway RSS: ${results.gatewayAtRest.rssMb} MB at rest, ${results.gatewayAfterLoad.rssMb} MB after the load`);
  console.log('\n| process of npm start, at rest | RSS (MB) | PSS (MB) |\n| --- | --- | --- |');
  for (const p of results.footprint.processes) console.log(`| ${p.command.slice(0, 60)} | ${p.rssMb} | ${p.pssMb} |`);
  console.log(`| whole hub | ${results.footprint.rssMb} | ${results.footprint.pssMb} |`);
  if (results.peers) printPeers(results.peers, results.options.concurrency);
  console.log('\n| lever | measured on | p50 without (ms) | p50 with (ms) | gain |\n| --- | --- | --- | --- | --- |');
  for (const l of results.levers as LeverResult[]) {
    console.log(`| ${l.lever} | ${l.measuredOn}${l.note ? ` (${l.note})` : ''} | ${l.without.p50} | ${l.with.p50} | ×${l.p50Gain} |`);
  }
  console.log('\n| target | limit | measured | |\n| --- | --- | --- | --- |');
  for (const t of results.targets) console.log(`| ${t.target} | ${t.limit} | ${t.value} | ${t.pass ? 'PASS' : 'FAIL'} |`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
