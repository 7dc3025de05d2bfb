import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Recording proxies in front of an in-process hub's subgraphs: they note what each subgraph
 * receives, and can hold an answer back (so that concurrent requests surely overlap), fail
 * instead of passing a request on, or change what a subgraph answered. Tests that need to see or
 * bend the gateway's subgraph fetches start gateways of their own on `urls`.
 */

export interface ProxiedRequest {
  subgraph: string;
  body: string;
  headers: http.IncomingHttpHeaders;
}

export interface ProxyBehaviour {
  /** How long an answer is held back before it is passed on (the fetch stays in flight that long). */
  holdMs(subgraph: string, body: string): number;
  /** Answer 502 instead of passing the request on. */
  fail(subgraph: string, body: string): boolean;
  /** What to pass on instead of the subgraph's answer text (by default, that text). */
  rewrite(subgraph: string, body: string, answer: string): string;
}

export const passOn = (): ProxyBehaviour => ({ holdMs: () => 0, fail: () => false, rewrite: (_subgraph, _body, answer) => answer });

export class RecordingProxies {
  /** What the subgraphs received through the proxies, in order. */
  received: ProxiedRequest[] = [];
  /** What the proxies do, changed per test. */
  behaviour: ProxyBehaviour = passOn();
  /** Each subgraph's GraphQL URL through its proxy. */
  readonly urls: Record<string, string> = {};
  private readonly closers: (() => Promise<void>)[] = [];

  /** Requests a subgraph received. */
  to(subgraph: string): ProxiedRequest[] {
    return this.received.filter((request) => request.subgraph === subgraph);
  }

  static async start(subgraphs: { name: string; url: string }[]): Promise<RecordingProxies> {
    const proxies = new RecordingProxies();
    for (const subgraph of subgraphs) await proxies.add(subgraph.name, subgraph.url);
    return proxies;
  }

  private async add(subgraph: string, targetUrl: string): Promise<void> {
    const target = new URL(targetUrl);
    const agent = new http.Agent({ keepAlive: true });
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (req.url?.startsWith('/graphql')) this.received.push({ subgraph, body, headers: req.headers });
        const { holdMs, fail, rewrite } = this.behaviour;
        const hold = holdMs(subgraph, body);
        if (fail(subgraph, body)) {
          setTimeout(() => res.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway'), hold);
          return;
        }
        const upstream = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers, agent }, (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => parts.push(chunk));
          answer.on('end', () =>
            setTimeout(() => {
              const text = rewrite(subgraph, body, Buffer.concat(parts).toString('utf8'));
              const { 'content-length': _length, ...headers } = answer.headers;
              res.writeHead(answer.statusCode ?? 502, { ...headers, 'content-length': Buffer.byteLength(text) });
              res.end(text);
            }, hold),
          );
        });
        upstream.on('error', () => res.destroy());
        upstream.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.urls[subgraph] = `http://127.0.0.1:${(server.address() as AddressInfo).port}${target.pathname}`;
    this.closers.push(
      () =>
        new Promise<void>((resolve) => {
          agent.destroy();
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
  }

  async close(): Promise<void> {
    for (const close of this.closers) await close();
  }
}
