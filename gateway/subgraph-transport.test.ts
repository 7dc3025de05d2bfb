import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetcherResponse, subgraphTransport, type SubgraphTransport } from './subgraph-transport';

/** A stand-in subgraph: records what it receives and how many connections were opened to it. */
async function fakeSubgraph(handler: (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void) {
  const received: { headers: http.IncomingHttpHeaders; body: string; path?: string }[] = [];
  let connections = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body, path: req.url });
      handler(req, body, res);
    });
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql?x=1`,
    received,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    server,
  };
}

describe('subgraphTransport', () => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const item of open.splice(0).reverse()) await item.close();
  });
  const track = <T extends { close(): Promise<void> }>(item: T): T => {
    open.push(item);
    return item;
  };

  it('posts the body and headers to the URL and reads the whole answer, repeated headers joined', async () => {
    const subgraph = track(
      await fakeSubgraph((_req, _body, res) => {
        res.setHeader('content-type', 'application/json');
        res.setHeader('cache-control', 'max-age=60, public');
        res.setHeader('x-repeated', ['a', 'b']);
        res.end('{"data":{"ok":true}}');
      }),
    );
    const transport: SubgraphTransport = track(subgraphTransport({ url: subgraph.url, timeoutMs: 2000, maxSockets: 4 }));
    const answer = await transport.send('{"query":"{ ok }"}', { 'content-type': 'application/json', 'x-hub-request-id': 'r-1' });
    expect(subgraph.received[0]).toMatchObject({ body: '{"query":"{ ok }"}', path: '/graphql?x=1', headers: { 'x-hub-request-id': 'r-1', 'content-type': 'application/json' } });
    expect(answer).toMatchObject({ status: 200, statusText: 'OK', url: subgraph.url, body: '{"data":{"ok":true}}' });
    expect(answer.headers['x-repeated']).toBe('a, b');

    const response = fetcherResponse(answer);
    expect(response.ok).toBe(true);
    expect(response.headers.get('Cache-Control')).toBe('max-age=60, public');
    await expect(response.json()).resolves.toEqual({ data: { ok: true } });
    await expect(response.clone().text()).resolves.toBe('{"data":{"ok":true}}');
  });

  it('reports an error status as not ok, with its status text', async () => {
    const subgraph = track(
      await fakeSubgraph((_req, _body, res) => {
        res.statusCode = 400;
        res.setHeader('content-type', 'application/json');
        res.end('{"errors":[{"message":"no"}]}');
      }),
    );
    const transport = track(subgraphTransport({ url: subgraph.url, timeoutMs: 2000, maxSockets: 4 }));
    const response = fetcherResponse(await transport.send('{}', {}));
    expect(response).toMatchObject({ ok: false, status: 400, statusText: 'Bad Request' });
  });

  it('gives up with a TimeoutError when the answer has not fully arrived in time, headers sent or not', async () => {
    const silent = track(await fakeSubgraph(() => undefined));
    const halfway = track(
      await fakeSubgraph((_req, _body, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"data":');
      }),
    );
    for (const subgraph of [silent, halfway]) {
      const transport = track(subgraphTransport({ url: subgraph.url, timeoutMs: 300, maxSockets: 4 }));
      const started = Date.now();
      await expect(transport.send('{}', {})).rejects.toMatchObject({ name: 'TimeoutError' });
      expect(Date.now() - started).toBeLessThan(3000);
      // Let the stand-in's open responses go so that it can close.
      subgraph.server.closeAllConnections();
    }
  });

  it('keeps connections alive by default, and opens one per fetch when keep-alive is off', async () => {
    const reply = (_req: http.IncomingMessage, _body: string, res: http.ServerResponse) => res.end('{}');
    const pooled = track(await fakeSubgraph(reply));
    const fresh = track(await fakeSubgraph(reply));
    const keepAlive = track(subgraphTransport({ url: pooled.url, timeoutMs: 2000, maxSockets: 4 }));
    const noKeepAlive = track(subgraphTransport({ url: fresh.url, timeoutMs: 2000, maxSockets: 4, keepAlive: false }));
    for (let i = 0; i < 5; i += 1) {
      await keepAlive.send('{}', {});
      await noKeepAlive.send('{}', {});
    }
    expect(pooled.connections()).toBe(1);
    expect(fresh.connections()).toBe(5);
  });

  it('opens at most maxSockets connections, however many fetches wait', async () => {
    const waiting: http.ServerResponse[] = [];
    const subgraph = track(
      await fakeSubgraph((_req, _body, res) => {
        waiting.push(res);
        if (waiting.length === 2) setTimeout(() => waiting.splice(0).forEach((held) => held.end('{}')), 50);
      }),
    );
    const transport = track(subgraphTransport({ url: subgraph.url, timeoutMs: 5000, maxSockets: 2 }));
    const answers = await Promise.all(Array.from({ length: 6 }, () => transport.send('{}', {})));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(subgraph.connections()).toBe(2);
  });
});
