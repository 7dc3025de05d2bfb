import { STATUS_CODES } from 'node:http';
import { Pool } from 'undici';
import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { BufferedAnswer } from './deduplication';

/**
 * How the gateway reaches a subgraph: undici (the HTTP client behind Node's own fetch), one
 * keep-alive pool of at most `maxSockets` connections per subgraph, the answer read to the end
 * under one deadline.
 *
 * Why not Apollo's default fetcher (make-fetch-happen): it is built for npm's registry traffic
 * (a cache layer, retries, a proxy-aware agent, minipass streams) and its per-fetch work was the
 * largest part of the gateway's CPU under a dashboard's load (docs/performance.md, "Subgraph
 * transport"). The gateway needs none of it: no HTTP cache, no retries (a mutation must not run
 * twice), no proxy between the gateway and its subgraphs.
 */

/** The fetcher Apollo's data source calls, and the response it expects back. */
type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherResponse = Awaited<ReturnType<Fetcher>>;

export interface SubgraphTransportOptions {
  /** The subgraph's GraphQL URL. */
  url: string;
  /** A fetch that has not been answered, body included, after this long is aborted (a TimeoutError). */
  timeoutMs: number;
  /** Connections open to this subgraph at most (requests beyond wait for one). */
  maxSockets: number;
  /** false: a new connection per fetch, closed after it (only to measure what keep-alive saves: npm run bench). */
  keepAlive?: boolean;
}

/** Sends one request body (with its headers) to the subgraph and reads the whole answer. */
export type SubgraphSend = (body: string, headers: Record<string, string>) => Promise<BufferedAnswer>;

export interface SubgraphTransport {
  send: SubgraphSend;
  /** Closes the pool's connections (the gateway's stop). */
  close(): Promise<void>;
}

export function subgraphTransport(options: SubgraphTransportOptions): SubgraphTransport {
  const target = new URL(options.url);
  const path = `${target.pathname}${target.search}`;
  const pool = new Pool(target.origin, { connections: options.maxSockets, pipelining: 1 });
  const reset = options.keepAlive === false;
  return {
    async send(body, headers) {
      // A controller and a timer cleared on the answer, not AbortSignal.timeout: that one's timer
      // outlives the fetch until it fires or is collected (a twentieth of the gateway's CPU was there).
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new DOMException(`no answer after ${options.timeoutMs} ms`, 'TimeoutError')), options.timeoutMs);
      try {
        const response = await pool.request({ path, method: 'POST', headers, body, signal: controller.signal, reset });
        const text = await response.body.text();
        return { status: response.statusCode, statusText: STATUS_CODES[response.statusCode] ?? '', url: options.url, headers: flatHeaders(response.headers), body: text };
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => pool.close(),
  };
}

/** undici's headers (a repeated one as an array) as one string per name, lower-cased. */
function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** A read-to-the-end answer as the response Apollo's data source reads (status, headers, body). */
export function fetcherResponse(answer: BufferedAnswer): FetcherResponse {
  const headers = new Headers(answer.headers);
  return {
    bodyUsed: false,
    url: answer.url,
    redirected: false,
    status: answer.status,
    ok: answer.status >= 200 && answer.status < 300,
    statusText: answer.statusText,
    headers,
    text: async () => answer.body,
    json: async () => JSON.parse(answer.body),
    arrayBuffer: async () => {
      const bytes = Buffer.from(answer.body);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    },
    clone: () => fetcherResponse(answer),
  };
}

/** What was sent and received, per response the fetcher gave Apollo (the single-subgraph pass-through learns from it). */
const exchanges = new WeakMap<object, { sent: string; status: number; received: string }>();

/** The body sent and the answer received behind a response of subgraphFetcher. */
export function exchangeOf(response: object | undefined): { sent: string; status: number; received: string } | undefined {
  return response ? exchanges.get(response) : undefined;
}

/**
 * The fetcher for Apollo's data source: `send` (deduplicated or not) behind Apollo's fetch
 * signature; with `recordExchanges`, each response remembers what was sent and received (exchangeOf).
 */
export function subgraphFetcher(send: SubgraphSend, options: { recordExchanges?: boolean } = {}): Fetcher {
  return async (_url, init) => {
    const sent = String(init?.body ?? '');
    const answer = await send(sent, (init?.headers ?? {}) as Record<string, string>);
    const response = fetcherResponse(answer);
    if (options.recordExchanges) exchanges.set(response, { sent, status: answer.status, received: answer.body });
    return response;
  };
}
