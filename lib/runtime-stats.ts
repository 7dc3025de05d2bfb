import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { RouteHandler } from './http';
import { sendJson } from './http';

/** Largest body `GET /debug/static` answers. */
const STATIC_MAX_BYTES = 1_000_000;

/**
 * `GET /debug/runtime`: resident memory and event-loop delay of this process, for the benchmark
 * (`npm run bench`) and for capacity checks. `GET /debug/static?bytes=N`: a fixed JSON answer of
 * about N bytes, the floor the benchmark compares cached GraphQL answers with (the same process,
 * the same HTTP stack, no GraphQL). Off unless HUB_RUNTIME_STATS=true.
 */
export function runtimeStatsRoute(): Record<string, RouteHandler> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const statics = new Map<number, string>();
  delay.enable();
  return {
    'GET /debug/runtime': (req, res) => {
      const memory = process.memoryUsage();
      const body = {
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        // Nanoseconds → milliseconds, since the last reset.
        eventLoopDelayMs: { p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 },
      };
      if (new URL(req.url ?? '/', 'http://localhost').searchParams.get('reset') === '1') delay.reset();
      sendJson(res, 200, body);
    },
    'GET /debug/static': (req, res) => {
      const bytes = Math.min(Math.max(Number(new URL(req.url ?? '/', 'http://localhost').searchParams.get('bytes')) || 0, 0), STATIC_MAX_BYTES);
      const padding = statics.get(bytes) ?? 'x'.repeat(Math.max(bytes - 12, 0));
      if (statics.size < 8) statics.set(bytes, padding);
      sendJson(res, 200, { data: padding });
    },
  };
}
