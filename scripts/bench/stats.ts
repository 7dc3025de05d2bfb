/** Latency summary of one scenario, in milliseconds. */
export interface LatencySummary {
  requests: number;
  errors: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export function summarize(latenciesMs: number[], errors: number, elapsedMs: number): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    requests: sorted.length,
    errors,
    requestsPerSecond: Math.round((sorted.length / elapsedMs) * 1000),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
  };
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Closed-loop load: `concurrency` workers each run `task` back to back for `durationMs`. The same
 * runner drives HTTP and plain SQL, so that both sides of a comparison are measured alike.
 */
export async function closedLoop(
  concurrency: number,
  durationMs: number,
  task: (worker: number) => Promise<boolean>,
): Promise<LatencySummary> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < deadline) {
        const begin = performance.now();
        let ok = false;
        try {
          ok = await task(worker);
        } catch {
          ok = false;
        }
        if (ok) latencies.push(performance.now() - begin);
        else errors += 1;
      }
    }),
  );
  return summarize(latencies, errors, performance.now() - started);
}

/**
 * Two measures of the same thing as one: counts added, latencies and rates averaged. A measure
 * without any answer (a window shorter than one request, as `--quick` can be) has no latencies:
 * the other one stands alone.
 */
export function combine(first: LatencySummary, second: LatencySummary): LatencySummary {
  if (first.requests === 0) return { ...second, errors: first.errors + second.errors };
  if (second.requests === 0) return { ...first, errors: first.errors + second.errors };
  const mean = (a: number, b: number) => round((a + b) / 2);
  return {
    requests: first.requests + second.requests,
    errors: first.errors + second.errors,
    requestsPerSecond: Math.round((first.requestsPerSecond + second.requestsPerSecond) / 2),
    p50: mean(first.p50, second.p50),
    p95: mean(first.p95, second.p95),
    p99: mean(first.p99, second.p99),
  };
}

export interface LoadOptions {
  concurrency: number;
  durationMs: number;
}

/** `task` in a closed loop after a warm-up (at most 2 s); a task answering false counts as an error. */
export async function measure(task: () => Promise<boolean>, options: LoadOptions): Promise<LatencySummary> {
  await closedLoop(options.concurrency, Math.min(2000, options.durationMs), task);
  return closedLoop(options.concurrency, options.durationMs, task);
}
