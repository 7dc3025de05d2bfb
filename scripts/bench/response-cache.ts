import { spawn } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import { PROJECT_ROOT } from '../../lib/paths';
import { freePort } from '../../lib/ports';
import { measureGraphQL, post } from './graphql';
import { combine, type LatencySummary, type LoadOptions, round, summarize } from './stats';

/**
 * Scenario 5: repeated reads of the indicators and of the catalogue through a gateway with its
 * response cache on (a second gateway process beside the hub's, HUB_RESPONSE_CACHE=true, in front
 * of the same subgraphs), against a static JSON answer of the same size served by that same
 * process (`GET /debug/static`), and against the hub's own gateway, which runs without the cache
 * so that scenarios 1 to 4 keep measuring the work of an uncached answer.
 */

/** What the indicators and catalogue pages of a dashboard ask. */
export const CACHED_READS: Record<string, string> = {
  indicators: '{ indicators { code label unit description series { year value change source } } }',
  catalogue: '{ domains { code name applications { id name description aliases } } }',
};

export interface CachedRead {
  read: string;
  bytes: number;
  cached: LatencySummary;
  staticJson: LatencySummary;
  uncached: LatencySummary;
  /** cached.p50 / staticJson.p50: the target is ≤ 1.5. */
  p50Ratio: number;
}

export interface ResponseCacheContext {
  /** The hub's environment (secrets, subgraph ports), to which the cached gateway adds its own. */
  env: NodeJS.ProcessEnv;
  databaseUrl: string;
  load: LoadOptions;
  /** The hub's own gateway (no response cache). */
  uncachedGatewayUrl: string;
  /** Whose reads: none, an anonymous reader (public figures need no token; a token adds its verification to every read). */
  token?: string;
}

/** GETs `url` with autocannon, as measureGraphQL POSTs: warm-up, then the measure. */
async function measureGet(url: string, options: LoadOptions): Promise<LatencySummary> {
  const run = async (durationMs: number) => {
    const latencies: number[] = [];
    let load: autocannon.Instance | undefined;
    const finished = new Promise<autocannon.Result>((resolve, reject) => {
      load = autocannon({ url, connections: options.concurrency, sampleInt: 100, duration: durationMs / 1000 }, (error, result) =>
        error ? reject(error) : resolve(result),
      );
    });
    load?.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTimeMs: number) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
    });
    const result = await finished;
    return summarize(latencies, result.errors + result.timeouts + result.non2xx, result.duration * 1000);
  };
  await run(Math.min(2000, options.durationMs));
  return run(options.durationMs);
}

async function untilReady(base: string, timeoutMs: number, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited()) throw new Error('the cached gateway exited before it was ready');
    const ready = await fetch(`${base}/health/ready`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`the cached gateway was not ready after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function measureResponseCache(context: ResponseCacheContext, log: (message: string) => void): Promise<CachedRead[]> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'bin', 'serve.js'), 'gateway'], {
    env: { ...context.env, GATEWAY_PORT: String(port), DATABASE_URL: context.databaseUrl, HUB_RESPONSE_CACHE: 'true', HUB_RUNTIME_STATS: 'true', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await untilReady(base, 30_000, () => child.exitCode !== null);
    const reads: CachedRead[] = [];
    for (const [read, query] of Object.entries(CACHED_READS)) {
      const answer = await post(`${base}/graphql`, query, {}, context.token);
      if (answer.errors) throw new Error(`scenario 5 ${read} failed: ${JSON.stringify(answer.errors[0])}`);
      // The second answer must come from the cache (Apollo's response cache says its age).
      const again = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(context.token ? { authorization: `Bearer ${context.token}` } : {}) },
        body: JSON.stringify({ query }),
      });
      const text = await again.text();
      if (again.headers.get('age') === null) throw new Error(`scenario 5 ${read}: the second answer did not come from the response cache`);
      const bytes = Buffer.byteLength(text);
      const staticUrl = `${base}/debug/static?bytes=${bytes}`;
      log(`scenario 5: ${read} (${bytes} bytes), cached vs static JSON vs uncached`);
      // Static, cached, cached, static: a drift during the measure weighs on both sides.
      const static1 = await measureGet(staticUrl, context.load);
      const cached1 = await measureGraphQL(`${base}/graphql`, query, context.load, context.token);
      const cached2 = await measureGraphQL(`${base}/graphql`, query, context.load, context.token);
      const static2 = await measureGet(staticUrl, context.load);
      const uncached = await measureGraphQL(context.uncachedGatewayUrl, query, context.load, context.token);
      const cached = combine(cached1, cached2);
      const staticJson = combine(static1, static2);
      reads.push({ read, bytes, cached, staticJson, uncached, p50Ratio: round(cached.p50 / staticJson.p50) });
    }
    return reads;
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  }
}
