import http from 'node:http';
import https from 'node:https';

/**
 * The hub's own HTTP calls between its processes (readiness probes, operations' reference check):
 * node:http rather than fetch, because Node's fetch refuses the ports browsers block ("bad port":
 * 6000, 6665-6669, …) although the hub serves on them fine, and because a probe needs nothing of
 * fetch's (no redirects, no cookies, no CORS).
 */
export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface HttpRequestOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** The whole exchange (connect, send, read) is abandoned after this long: the promise rejects. */
  timeoutMs: number;
  /** Bodies above this size are cut off and the promise rejects (a probe reads a few bytes). */
  maxBodyBytes?: number;
}

export class HttpRequestError extends Error {
  constructor(
    message: string,
    readonly reason: 'TIMEOUT' | 'UNREACHABLE' | 'TOO_LARGE',
  ) {
    super(message);
  }
}

/** One request, one answer: a fresh connection each time (no keep-alive agent to leave open). */
export function httpRequest(url: string, options: HttpRequestOptions): Promise<HttpAnswer> {
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  const maxBodyBytes = options.maxBodyBytes ?? 10_000_000;
  return new Promise<HttpAnswer>((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
    const request = transport.request(target, { method: options.method ?? 'GET', headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBodyBytes) {
          request.destroy(new HttpRequestError(`${target.origin} answered more than ${maxBodyBytes} bytes`, 'TOO_LARGE'));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
      response.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    const timer = setTimeout(
      () => request.destroy(new HttpRequestError(`${target.origin} did not answer within ${options.timeoutMs} ms`, 'TIMEOUT')),
      options.timeoutMs,
    );
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error instanceof HttpRequestError ? error : new HttpRequestError(`${target.origin} is unreachable: ${error.message}`, 'UNREACHABLE'));
    });
    request.end(options.body);
  });
}

/** A GET that answers whether the URL said 2xx in time; never throws (a probe). */
export async function probeOk(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const answer = await httpRequest(url, { timeoutMs, maxBodyBytes: 100_000 });
    return answer.status >= 200 && answer.status < 300;
  } catch {
    return false;
  }
}
