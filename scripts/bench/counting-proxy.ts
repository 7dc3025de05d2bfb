import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One fetch the gateway sent through the proxy: what went each way, and how long the subgraph took. */
export interface RecordedFetch {
  requestBytes: number;
  responseBytes: number;
  /** `_entities` representations sent, and how many of them were distinct (0 and 0 for a root fetch). */
  representations: number;
  distinctRepresentations: number;
  /** From the request's last byte to the answer's last byte, as seen by the proxy (the subgraph's whole work). */
  subgraphMs: number;
  /** When that was (performance.now()): fetches of one plan node run side by side. */
  startedAt: number;
  endedAt: number;
}

/** An HTTP pass-through in front of a subgraph that counts (and records) the gateway's fetches to it. */
export async function countingProxy(targetUrl: string): Promise<{
  url: string;
  count: () => number;
  fetches: () => RecordedFetch[];
  reset: () => void;
  close: () => Promise<void>;
}> {
  const target = new URL(targetUrl);
  let recorded: RecordedFetch[] = [];
  // A fresh connection per request: no race with the subgraph closing an idle keep-alive socket.
  const agent = new http.Agent({ keepAlive: false });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const fetch: RecordedFetch = { requestBytes: body.length, responseBytes: 0, representations: 0, distinctRepresentations: 0, subgraphMs: 0, startedAt: 0, endedAt: 0 };
      recorded.push(fetch);
      try {
        const representations = (JSON.parse(body.toString('utf8')) as { variables?: { representations?: unknown[] } }).variables?.representations;
        if (Array.isArray(representations)) {
          fetch.representations = representations.length;
          fetch.distinctRepresentations = new Set(representations.map((representation) => JSON.stringify(representation))).size;
        }
      } catch {
        // not JSON: passed on as it is
      }
      const started = performance.now();
      fetch.startedAt = started;
      const upstream = http.request(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers, agent },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.on('data', (chunk: Buffer) => (fetch.responseBytes += chunk.length));
          answer.on('end', () => {
            fetch.endedAt = performance.now();
            fetch.subgraphMs = fetch.endedAt - started;
          });
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${target.pathname}`,
    count: () => recorded.length,
    fetches: () => recorded,
    reset: () => {
      recorded = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
