import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { RouteHandler } from './http';
import { sendJson } from './http';

/**
 * `GET /debug/runtime`: resident memory and event-loop delay of this process, for the benchmark
 * (`npm run bench`) and for capacity checks. Off unless HUB_RUNTIME_STATS=true.
 */
export function runtimeStatsRoute(): Record<string, RouteHandler> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
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
  };
}
