import type { IncomingMessage } from 'node:http';
import { HttpError } from '../lib/http';

export interface RateLimitOptions {
  /** Tokens added per second; 0 turns the limiter off. */
  perSecond: number;
  /** Bucket size: how many requests a client may send at once. */
  burst: number;
  /** Take the client address from the first X-Forwarded-For entry (behind a trusted proxy only). */
  trustProxy?: boolean;
  /** Buckets kept at most; the least recently seen are forgotten first. */
  maxClients?: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * An in-memory token bucket per client IP: each gateway instance limits on its own, so behind
 * N replicas a client gets N times the rate (see the README, "Deployment"). No Redis needed.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private readonly maxClients: number;

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? (() => Date.now());
    this.maxClients = options.maxClients ?? 100_000;
  }

  get enabled(): boolean {
    return this.options.perSecond > 0;
  }

  clientOf(req: IncomingMessage): string {
    if (this.options.trustProxy) {
      const forwarded = req.headers['x-forwarded-for'];
      const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
      if (first) return first;
    }
    return req.socket.remoteAddress ?? 'unknown';
  }

  /** Takes one token for `client`; answers how long to wait (in seconds) when none is left. */
  take(client: string): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    if (!this.enabled) return { allowed: true };
    const { perSecond, burst } = this.options;
    const now = this.now();
    let bucket = this.buckets.get(client);
    if (bucket) {
      this.buckets.delete(client);
      bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * perSecond);
      bucket.updatedAt = now;
    } else {
      bucket = { tokens: burst, updatedAt: now };
    }
    // Re-inserted last: the Map's order is then least recently seen first.
    this.buckets.set(client, bucket);
    if (this.buckets.size > this.maxClients) this.buckets.delete(this.buckets.keys().next().value as string);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)) };
  }

  /** Throws a 429 (JSON, with Retry-After) when the client has no token left. */
  check(req: IncomingMessage): void {
    const verdict = this.take(this.clientOf(req));
    if (!verdict.allowed) {
      throw new HttpError(429, 'RATE_LIMITED', `Too many requests: retry in ${verdict.retryAfterSeconds} s`, {
        'retry-after': String(verdict.retryAfterSeconds),
      });
    }
  }
}
