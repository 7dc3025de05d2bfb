import autocannon from 'autocannon';
import { type LatencySummary, type LoadOptions, summarize } from './stats';

export async function post(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

/**
 * `query` (or a fresh query text per request, when given a function) POSTed by autocannon with
 * `concurrency` connections, after a warm-up (at most 2 s). With `clientTokens`, each connection
 * sends its own token (distinct clients: the i-th connection the i-th token, round robin) instead
 * of `token`. Latencies are autocannon's own
 * per-response times (its summary has no p95); an answer carrying GraphQL `errors`, a non-2xx,
 * a socket error or a timeout counts as an error.
 */
export async function measureGraphQL(
  url: string,
  query: string | (() => string),
  options: LoadOptions,
  token?: string,
  variables: Record<string, unknown> = {},
  clientTokens?: string[],
): Promise<LatencySummary> {
  const bodyOf = (text: string) => JSON.stringify({ query: text, variables });
  const headers = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  let clients = 0;
  const settings: autocannon.Options = {
    url,
    connections: options.concurrency,
    // A run ends at the first sample after its duration: sample often so that it ends on time.
    sampleInt: 100,
    method: 'POST',
    headers,
    ...(clientTokens?.length
      ? { setupClient: (client: autocannon.Client) => client.setHeaders({ ...headers, authorization: `Bearer ${clientTokens[clients++ % clientTokens.length]}` }) }
      : {}),
    ...(typeof query === 'string'
      ? { body: bodyOf(query) }
      : { requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, body: bodyOf(query()) }) }] }),
    verifyBody: (text) => {
      try {
        return !JSON.parse(String(text)).errors;
      } catch {
        return false;
      }
    },
  };
  const run = async (durationMs: number) => {
    const latencies: number[] = [];
    let load: autocannon.Instance | undefined;
    const finished = new Promise<autocannon.Result>((resolve, reject) => {
      load = autocannon({ ...settings, duration: durationMs / 1000 }, (error, result) => (error ? reject(error) : resolve(result)));
    });
    load?.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTimeMs: number) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
    });
    const result = await finished;
    const errors = result.errors + result.timeouts + result.mismatches + result.non2xx;
    return summarize(latencies, errors, result.duration * 1000);
  };
  await run(Math.min(2000, options.durationMs));
  // autocannon drops the requests still in flight when the window closes: a window shorter than
  // one answer (`--quick` on a busy machine) measured nothing, and is run again twice as long.
  let durationMs = options.durationMs;
  let summary = await run(durationMs);
  for (let retry = 0; retry < 3 && summary.requests === 0 && summary.errors === 0; retry += 1) {
    durationMs *= 2;
    summary = await run(durationMs);
  }
  return summary;
}
