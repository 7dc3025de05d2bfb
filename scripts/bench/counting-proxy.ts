import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP pass-through in front of a subgraph that counts the gateway's fetches to it. */
export async function countingProxy(targetUrl: string): Promise<{ url: string; count: () => number; reset: () => void; close: () => Promise<void> }> {
  const target = new URL(targetUrl);
  let fetches = 0;
  // A fresh connection per request: no race with the subgraph closing an idle keep-alive socket.
  const agent = new http.Agent({ keepAlive: false });
  const server = http.createServer((req, res) => {
    fetches += 1;
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${target.pathname}`,
    count: () => fetches,
    reset: () => {
      fetches = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
