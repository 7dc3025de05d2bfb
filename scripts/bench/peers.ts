import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { PROJECT_ROOT, SUPERGRAPH_PATH } from '../../lib/paths';
import { freePort } from '../../lib/ports';
import { measureGraphQL, post } from './graphql';
import { combine, type LatencySummary, type LoadOptions, round } from './stats';

/**
 * `npm run bench -- --peers`: the other federation gateways beside ours, in the same run, on the
 * same running subgraphs and the same committed supergraph. Hive Gateway (its default JavaScript
 * planner, and its Rust planner, @graphql-hive/router-runtime), each with its defaults (in-flight
 * deduplication on) and with deduplication off; our gateway likewise (HUB_DEDUPLICATE_SUBGRAPH_REQUESTS and
 * HUB_COLLAPSE_IDENTICAL_REQUESTS off: neither its subgraph fetches nor its whole requests shared).
 *
 * The peers live in scripts/bench/peers/ with a package.json and package-lock.json of their own,
 * installed there with `npm ci` at bench time: never in the project's dependencies. A peer cannot
 * sign our gateway's vouch, so it forwards the caller's Authorization header, which each subgraph
 * verifies itself (as it does for a caller that reaches it directly).
 *
 * Every target's answer is compared with our gateway's (deep-equal) before anything is measured; a
 * target that answers otherwise is not measured and its targets FAIL. Each scenario measures its
 * targets in the order A B C … then … C B A, each side's two measures combined, so that a drift
 * during the scenario weighs on every target alike.
 */

export const PEERS_DIR = path.join(PROJECT_ROOT, 'scripts', 'bench', 'peers');
const SERVE_SCRIPT = path.join(PEERS_DIR, 'serve.mjs');
/** Written after a successful `npm ci`: the lock file's hash it installed (a new lock reinstalls). */
const INSTALLED_MARK = path.join(PEERS_DIR, 'node_modules', '.installed-lock-sha256');

export type TargetId = 'direct' | 'ours' | 'oursNoDedup' | 'hive' | 'hiveNoDedup' | 'hiveRust' | 'hiveRustNoDedup';

const TARGET_LABELS: Record<TargetId, string> = {
  direct: 'direct to the subgraph',
  ours: 'our gateway',
  oursNoDedup: 'our gateway, deduplication off',
  hive: 'Hive Gateway',
  hiveNoDedup: 'Hive Gateway, deduplication off',
  hiveRust: 'Hive + Rust planner',
  hiveRustNoDedup: 'Hive + Rust planner, deduplication off',
};

export interface PeersContext {
  load: LoadOptions;
  /** The environment the hub runs with (secrets, ports): our second gateway, deduplication off, gets the same. */
  hubEnv: NodeJS.ProcessEnv;
  /** Our gateway as `npm start` runs it (deduplication on, the default). */
  gatewayUrl: string;
  subgraphUrls: Record<string, string>;
  /** A staff token (identical clients) and one per client with distinct subjects (distinct clients). */
  staffToken: string;
  distinctTokens: string[];
  membersQuery: string;
  /** The cross-subgraph query with its page size as `$size`. */
  crossQuery: string;
  ticketVolumeQuery: string;
  log: (message: string) => void;
}

export interface PeerScenarioResult {
  scenario: string;
  clients: 'identical' | 'distinct';
  /** p50 and the rest per target measured. */
  results: Partial<Record<TargetId, LatencySummary>>;
  /** ours.p50 / target.p50: above 1, our gateway is that many times slower. */
  oursOver: Partial<Record<TargetId, number>>;
}

export interface PeersResult {
  versions: Record<string, string>;
  /** Targets whose answers differed from ours (not measured), with the first difference. */
  mismatches: { target: TargetId; scenario: string; detail: string }[];
  scenarios: PeerScenarioResult[];
  targets: { target: string; limit: string; value: string; pass: boolean }[];
}

/** `npm ci` in the peers' folder, unless the same lock file is already installed there. */
export function installPeers(log: (message: string) => void): Record<string, string> {
  const lock = fs.readFileSync(path.join(PEERS_DIR, 'package-lock.json'));
  const hash = createHash('sha256').update(lock).digest('hex');
  if (!fs.existsSync(INSTALLED_MARK) || fs.readFileSync(INSTALLED_MARK, 'utf8') !== hash) {
    log(`installing the peer gateways (npm ci --prefix ${path.relative(process.cwd(), PEERS_DIR)})`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const install = spawnSync(npm, ['ci', '--prefix', PEERS_DIR, '--no-audit', '--no-fund'], { encoding: 'utf8', env: process.env });
    if (install.status !== 0) throw new Error(`npm ci of the peer gateways failed:\n${install.stdout}\n${install.stderr}`);
    fs.writeFileSync(INSTALLED_MARK, hash);
  }
  const versionOf = (name: string) => JSON.parse(fs.readFileSync(path.join(PEERS_DIR, 'node_modules', name, 'package.json'), 'utf8')).version as string;
  return { '@graphql-hive/gateway': versionOf('@graphql-hive/gateway'), '@graphql-hive/router-runtime': versionOf('@graphql-hive/router-runtime') };
}

/** The committed supergraph with each subgraph's URL pointing at the running one. */
function supergraphFor(subgraphUrls: Record<string, string>): string {
  const sdl = fs
    .readFileSync(SUPERGRAPH_PATH, 'utf8')
    .replace(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g, (whole, name: string) =>
      subgraphUrls[name] ? `@join__graph(name: "${name}", url: "${subgraphUrls[name]}")` : whole,
    );
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hub-bench-peers-')), 'supergraph.graphql');
  fs.writeFileSync(file, sdl);
  return file;
}

interface Served {
  url: string;
  stop(): Promise<void>;
}

/** Starts a gateway process and waits until its /graphql answers a query. */
async function serve(command: string[], env: NodeJS.ProcessEnv, port: number, name: string): Promise<Served> {
  const child: ChildProcess = spawn(process.execPath, command, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  child.stderr?.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}/graphql`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output}`);
    try {
      const answer = await post(url, '{ __typename }');
      if (answer?.data?.__typename === 'Query') break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`${name} not ready after 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

async function startTargets(context: PeersContext, subgraphUrls: Record<string, string>): Promise<{ urls: Record<TargetId, string>; stop(): Promise<void> }> {
  const supergraph = supergraphFor(subgraphUrls);
  const started: Served[] = [];
  const stop = async () => {
    for (const served of started) await served.stop();
    fs.rmSync(path.dirname(supergraph), { recursive: true, force: true });
  };
  try {
    const oursPort = await freePort();
    const ours = await serve(
      [path.join(PROJECT_ROOT, 'dist', 'bin', 'serve.js'), 'gateway'],
      { ...context.hubEnv, GATEWAY_PORT: String(oursPort), HUB_DEDUPLICATE_SUBGRAPH_REQUESTS: 'false', HUB_COLLAPSE_IDENTICAL_REQUESTS: 'false', HUB_RUNTIME_STATS: 'false', LOG_LEVEL: 'warn' },
      oursPort,
      'our gateway (deduplication off)',
    );
    started.push(ours);
    const hive: Partial<Record<TargetId, string>> = {};
    for (const [id, routerRuntime, deduplicate] of [
      ['hive', false, true],
      ['hiveNoDedup', false, false],
      ['hiveRust', true, true],
      ['hiveRustNoDedup', true, false],
    ] as const) {
      const port = await freePort();
      const peer = await serve(
        [SERVE_SCRIPT],
        {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          NODE_ENV: 'production',
          PEER_PORT: String(port),
          PEER_SUPERGRAPH: supergraph,
          PEER_ROUTER_RUNTIME: String(routerRuntime),
          PEER_DEDUPLICATE: String(deduplicate),
        },
        port,
        TARGET_LABELS[id],
      );
      started.push(peer);
      hive[id] = peer.url;
    }
    return { urls: { direct: '', ours: context.gatewayUrl, oursNoDedup: ours.url, ...hive } as Record<TargetId, string>, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

interface Scenario {
  name: string;
  query: string;
  variables: Record<string, unknown>;
  /** The subgraph that answers it alone, for the direct target. */
  directUrl?: string;
}

/** The first place two answers differ, for the report. */
function firstDifference(expected: unknown, actual: unknown, at = ''): string {
  if (isDeepStrictEqual(expected, actual)) return '';
  if (expected && actual && typeof expected === 'object' && typeof actual === 'object') {
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      const difference = firstDifference((expected as Record<string, unknown>)[key], (actual as Record<string, unknown>)[key], `${at}.${key}`);
      if (difference) return difference;
    }
  }
  return `${at || '.'}: ${JSON.stringify(expected)?.slice(0, 120)} ≠ ${JSON.stringify(actual)?.slice(0, 120)}`;
}

/** Without the `extensions` a gateway may add (traces, plans): the data and errors are what must agree. */
const comparable = (answer: { data?: unknown; errors?: unknown }) => ({ data: answer?.data ?? null, errors: answer?.errors ?? null });

export async function measurePeers(context: PeersContext): Promise<PeersResult> {
  const { log } = context;
  const versions = installPeers(log);
  log(`peers: Hive Gateway ${versions['@graphql-hive/gateway']}, router-runtime ${versions['@graphql-hive/router-runtime']}`);
  const targets = await startTargets(context, context.subgraphUrls);
  try {
    const scenarios: Scenario[] = [
      { name: 'members', query: context.membersQuery, variables: {}, directUrl: context.subgraphUrls.governance },
      { name: 'cross-subgraph, 108 parent tickets', query: context.crossQuery, variables: { size: 9 } },
      { name: 'cross-subgraph, 1008 parent tickets', query: context.crossQuery, variables: { size: 84 } },
      { name: 'ticketVolume MEMBER', query: context.ticketVolumeQuery, variables: {}, directUrl: context.subgraphUrls.metrics },
    ];
    const urlOf = (id: TargetId, scenario: Scenario) => (id === 'direct' ? scenario.directUrl! : targets.urls[id]);

    // The answers first: every target must answer what our gateway answers.
    const mismatches: PeersResult['mismatches'] = [];
    const excluded = new Set<string>();
    for (const scenario of scenarios) {
      const ours = comparable(await post(context.gatewayUrl, scenario.query, scenario.variables, context.staffToken));
      if (ours.errors || !ours.data) throw new Error(`peers: our gateway failed ${scenario.name}: ${JSON.stringify(ours.errors)}`);
      for (const id of Object.keys(TARGET_LABELS) as TargetId[]) {
        if (id === 'ours' || (id === 'direct' && !scenario.directUrl)) continue;
        const theirs = comparable(await post(urlOf(id, scenario), scenario.query, scenario.variables, context.staffToken));
        const detail = firstDifference(ours, theirs);
        if (detail) {
          mismatches.push({ target: id, scenario: scenario.name, detail });
          excluded.add(`${id}|${scenario.name}`);
          log(`peers: ${TARGET_LABELS[id]} answers ${scenario.name} otherwise than our gateway (${detail}): not measured`);
        }
      }
    }
    log(`peers: answers compared, ${mismatches.length === 0 ? 'all equal to ours' : `${mismatches.length} differ`}`);

    const results: PeerScenarioResult[] = [];
    const runs: { scenario: Scenario; clients: 'identical' | 'distinct'; ids: TargetId[] }[] = [];
    for (const scenario of scenarios) {
      const direct: TargetId[] = scenario.directUrl ? ['direct'] : [];
      runs.push({ scenario, clients: 'identical', ids: [...direct, 'ours', 'oursNoDedup', 'hive', 'hiveNoDedup', 'hiveRust', 'hiveRustNoDedup'] });
    }
    // Distinct clients (a token each): nothing to deduplicate, so each gateway runs with its defaults.
    for (const scenario of scenarios.filter((candidate) => candidate.directUrl)) {
      runs.push({ scenario, clients: 'distinct', ids: ['direct', 'ours', 'hive', 'hiveRust'] });
    }
    for (const run of runs) {
      const ids = run.ids.filter((id) => !excluded.has(`${id}|${run.scenario.name}`));
      log(`peers: ${run.scenario.name}, ${context.load.concurrency} ${run.clients} clients: ${ids.join(', ')} then back`);
      const measureOne = (id: TargetId) =>
        run.clients === 'identical'
          ? measureGraphQL(urlOf(id, run.scenario), run.scenario.query, context.load, context.staffToken, run.scenario.variables)
          : measureGraphQL(urlOf(id, run.scenario), run.scenario.query, context.load, undefined, run.scenario.variables, context.distinctTokens);
      const first: Partial<Record<TargetId, LatencySummary>> = {};
      for (const id of ids) first[id] = await measureOne(id);
      const combined: Partial<Record<TargetId, LatencySummary>> = {};
      for (const id of [...ids].reverse()) combined[id] = combine(first[id]!, await measureOne(id));
      const ours = combined.ours!;
      const oursOver = Object.fromEntries(ids.filter((id) => id !== 'ours').map((id) => [id, round(ours.p50 / combined[id]!.p50)]));
      results.push({ scenario: run.scenario.name, clients: run.clients, results: combined, oursOver });
    }
    return { versions, mismatches, scenarios: results, targets: peerTargets(results, mismatches) };
  } finally {
    await targets.stop();
  }
}

/** The issue's targets that this comparison measures. */
function peerTargets(results: PeerScenarioResult[], mismatches: PeersResult['mismatches']): PeersResult['targets'] {
  const find = (scenario: string, clients: 'identical' | 'distinct') => results.find((r) => r.scenario === scenario && r.clients === clients);
  const targets: PeersResult['targets'] = [];
  const compare = (target: string, limit: string, scenario: string, clients: 'identical' | 'distinct', against: TargetId, factor: number) => {
    const result = find(scenario, clients);
    const ours = result?.results.ours?.p50;
    const theirs = result?.results[against]?.p50;
    if (ours === undefined || theirs === undefined || Number.isNaN(ours) || Number.isNaN(theirs)) {
      const why = mismatches.some((m) => m.target === against && m.scenario === scenario) ? 'answers differ' : 'not measured';
      targets.push({ target, limit, value: why, pass: false });
      return;
    }
    targets.push({ target, limit, value: `${ours} ms vs ${theirs} ms (×${round(ours / theirs)})`, pass: ours <= factor * theirs });
  };
  compare('members, 10 identical clients: ours p50 ≤ Hive Gateway (default) p50', '≤ ×1', 'members', 'identical', 'hive', 1);
  compare('ticketVolume MEMBER, 10 identical clients: ours p50 ≤ Hive Gateway (default) p50', '≤ ×1', 'ticketVolume MEMBER', 'identical', 'hive', 1);
  compare('members, 10 distinct clients: ours p50 ≤ 1.3 × direct', '≤ ×1.3', 'members', 'distinct', 'direct', 1.3);
  compare('ticketVolume MEMBER, 10 distinct clients: ours p50 ≤ 1.3 × direct', '≤ ×1.3', 'ticketVolume MEMBER', 'distinct', 'direct', 1.3);
  compare('cross-subgraph 1008 parents: ours p50 ≤ Hive + Rust planner (default) p50', '≤ ×1', 'cross-subgraph, 1008 parent tickets', 'identical', 'hiveRust', 1);
  return targets;
}

/** The peers' table: p50 per target, and our gateway's p50 over each (above 1: ours is slower). */
export function printPeers(peers: PeersResult, concurrency: number): void {
  const ids = Object.keys(TARGET_LABELS) as TargetId[];
  console.log(`\nPeers (Hive Gateway ${peers.versions['@graphql-hive/gateway']}, router-runtime ${peers.versions['@graphql-hive/router-runtime']}), p50 ms, ${concurrency} clients, ABBA:\n`);
  console.log(`| query | clients | ${ids.map((id) => TARGET_LABELS[id]).join(' | ')} |`);
  console.log(`| --- | --- | ${ids.map(() => '---').join(' | ')} |`);
  for (const r of peers.scenarios) {
    console.log(`| ${r.scenario} | ${r.clients} | ${ids.map((id) => (r.results[id] ? String(r.results[id]!.p50) : '–')).join(' | ')} |`);
  }
  console.log(`\nOur gateway's p50 over each (×2 = ours takes twice as long; below 1 = ours is faster):\n`);
  const others = ids.filter((id) => id !== 'ours');
  console.log(`| query | clients | ${others.map((id) => `ours ÷ ${TARGET_LABELS[id]}`).join(' | ')} |`);
  console.log(`| --- | --- | ${others.map(() => '---').join(' | ')} |`);
  for (const r of peers.scenarios) {
    console.log(`| ${r.scenario} | ${r.clients} | ${others.map((id) => (r.oursOver[id] !== undefined ? `×${r.oursOver[id]}` : '–')).join(' | ')} |`);
  }
  const errors = peers.scenarios.flatMap((r) => ids.filter((id) => (r.results[id]?.errors ?? 0) > 0).map((id) => `${TARGET_LABELS[id]} on ${r.scenario} (${r.clients}): ${r.results[id]!.errors}`));
  if (errors.length) console.log(`\nFailed requests: ${errors.join('; ')}`);
  for (const m of peers.mismatches) console.log(`Answers differ: ${TARGET_LABELS[m.target]} on ${m.scenario}: ${m.detail}`);
}
