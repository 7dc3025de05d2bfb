import type { IncomingMessage } from 'node:http';
import Redis from 'ioredis';
import { HttpError } from '../lib/http';
import type { Logger } from '../lib/logger';
import { redactUrl } from '../lib/redact';

/**
 * The gateway's rate limit: a token bucket per client. A client is its authenticated subject
 * (the token's `sub`), or its IP address when anonymous (or when its token does not verify), so
 * that callers behind one address (a city's proxy) do not share one bucket and one subject does
 * not get more by changing address. The hub's own traffic never passes through here: operations
 * checks references with the owning subgraphs directly and the exports run inside the gateway.
 *
 * Buckets live in this process, or in Redis when HUB_REDIS_URL is set, so that several gateway
 * replicas hold one limit: one atomic Lua script per request (refill, take, expire) on Redis'
 * own clock. When Redis does not answer, the gateway fails open to its in-process buckets (each
 * replica then limits on its own) and says so once in its log, until Redis answers again.
 */

export interface RateLimitOptions {
  /** Tokens added per second; 0 turns the limiter off. */
  perSecond: number;
  /** Bucket size: how many requests a client may send at once. */
  burst: number;
  /** Take the client address from the first X-Forwarded-For entry (behind a trusted proxy only). */
  trustProxy?: boolean;
  /** In-process buckets kept at most; the least recently seen are forgotten first. */
  maxClients?: number;
  now?: () => number;
  /** HUB_REDIS_URL: buckets shared by every gateway using that Redis. */
  redisUrl?: string;
  /** Where to say that Redis is away (and back). */
  logger?: Logger;
  /** How long one Redis round trip may take before the request is limited in-process instead. */
  redisTimeoutMs?: number;
}

export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The part of a viewer the limit needs (lib/auth's Viewer, and the identity helper's, fit). */
export interface RateLimitedViewer {
  subject: string | null;
  anonymous: boolean;
}

/** The client's address: the socket's, or the first X-Forwarded-For entry behind a trusted proxy. */
export function clientAddress(req: IncomingMessage, trustProxy = false): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

/**
 * Whose bucket a request spends: its authenticated subject, else its address. `viewer` is the
 * request's verified viewer, or undefined when its credential did not verify (it is refused
 * anyway, after spending a token of its address: bad tokens cannot flood for free).
 */
export function rateLimitKey(req: IncomingMessage, viewer: RateLimitedViewer | undefined, trustProxy = false): string {
  if (viewer && !viewer.anonymous && viewer.subject) return `subject:${viewer.subject}`;
  return `ip:${clientAddress(req, trustProxy)}`;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Buckets in this process: a Map kept in least-recently-seen order, bounded by maxClients. */
export class MemoryBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly maxClients = 100_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  take(key: string): RateLimitVerdict {
    const { perSecond, burst } = this;
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (bucket) {
      this.buckets.delete(key);
      bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * perSecond);
      bucket.updatedAt = now;
    } else {
      bucket = { tokens: burst, updatedAt: now };
    }
    // Re-inserted last: the Map's order is then least recently seen first.
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxClients) this.buckets.delete(this.buckets.keys().next().value as string);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)) };
  }
}

/**
 * The token bucket in Redis, atomically: refill from the elapsed time on Redis' clock (replicas'
 * clocks may differ), take one token if there is one, store, and let an idle bucket expire once
 * it would be full again. Returns { allowed (1/0), seconds to wait }.
 */
export const TOKEN_BUCKET_SCRIPT = `
if redis.replicate_commands then pcall(redis.replicate_commands) end
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = burst
  at = now
end
tokens = math.min(burst, tokens + math.max(0, now - at) / 1000 * rate)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.max(1, math.ceil((1 - tokens) / rate))
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return { allowed, wait }
`;

/** Where the buckets live in Redis (one hash per client). */
export const REDIS_KEY_PREFIX = 'sii-hub:rate-limit:';

type RedisWithBucket = Redis & { takeToken(key: string, perSecond: number, burst: number): Promise<[number, number]> };

/** Buckets in Redis, with the in-process buckets as the fallback while Redis does not answer. */
export class RedisBuckets {
  private readonly redis: RedisWithBucket;
  private readonly fallback: MemoryBuckets;
  private degraded = false;
  private closing = false;
  private readonly redactedUrl: string;

  constructor(
    url: string,
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly logger: Logger | undefined,
    private readonly timeoutMs = 250,
    maxClients?: number,
  ) {
    this.fallback = new MemoryBuckets(perSecond, burst, maxClients);
    this.redactedUrl = redactUrl(url);
    this.redis = new Redis(url, {
      keyPrefix: REDIS_KEY_PREFIX,
      // Never queue a request's token behind a reconnection: fail at once and limit in-process.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: timeoutMs,
      connectTimeout: 2000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
      lazyConnect: false,
    }) as RedisWithBucket;
    this.redis.defineCommand('takeToken', { numberOfKeys: 1, lua: TOKEN_BUCKET_SCRIPT });
    this.redis.on('error', (error: Error) => this.degrade(error.message));
    this.redis.on('close', () => !this.closing && this.degrade('connection closed'));
    let connectedOnce = false;
    this.redis.on('ready', () => {
      if (!connectedOnce) {
        connectedOnce = true;
        this.logger?.info({ redis: this.redactedUrl }, 'rate limit: connected to Redis; the limit is shared by every gateway using it');
      }
      if (!this.degraded) return;
      this.degraded = false;
      this.logger?.info({ redis: this.redactedUrl }, 'rate limit: Redis answers again; the limit is shared by every gateway again');
    });
  }

  /** Says once per outage that the limit is now per replica. */
  private degrade(reason: string): void {
    if (this.degraded) return;
    this.degraded = true;
    this.logger?.warn(
      { redis: this.redactedUrl, reason },
      'rate limit: Redis does not answer; limiting in this gateway process only (each replica on its own) until it answers again',
    );
  }

  /** Connected to Redis right now (requests then spend the shared buckets). */
  get connected(): boolean {
    return this.redis.status === 'ready';
  }

  async take(key: string): Promise<RateLimitVerdict> {
    // Not connected (yet, or any more): in-process; the connection's own error event says why, once.
    if (this.redis.status !== 'ready') return this.fallback.take(key);
    try {
      const [allowed, wait] = await this.redis.takeToken(key, this.perSecond, this.burst);
      return allowed === 1 ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.max(1, Number(wait)) };
    } catch (error) {
      this.degrade((error as Error).message);
      return this.fallback.take(key);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    this.redis.disconnect();
  }
}

export class RateLimiter {
  private readonly store: { take(key: string): RateLimitVerdict | Promise<RateLimitVerdict>; close?(): Promise<void> };

  constructor(private readonly options: RateLimitOptions) {
    const { perSecond, burst, maxClients, now } = options;
    this.store =
      options.redisUrl && perSecond > 0
        ? new RedisBuckets(options.redisUrl, perSecond, burst, options.logger, options.redisTimeoutMs, maxClients)
        : new MemoryBuckets(perSecond, burst, maxClients, now);
  }

  get enabled(): boolean {
    return this.options.perSecond > 0;
  }

  /** Whether the buckets are shared through Redis. */
  get shared(): boolean {
    return this.store instanceof RedisBuckets;
  }

  /** Shared through Redis and connected to it right now. */
  get sharedNow(): boolean {
    return this.store instanceof RedisBuckets && this.store.connected;
  }

  /** Takes one token from `key`'s bucket; answers how long to wait (in seconds) when none is left. */
  async take(key: string): Promise<RateLimitVerdict> {
    if (!this.enabled) return { allowed: true };
    return this.store.take(key);
  }

  /** Throws a 429 (JSON, with Retry-After) when `key` has no token left. */
  async check(key: string): Promise<void> {
    const verdict = await this.take(key);
    if (!verdict.allowed) {
      throw new HttpError(429, 'RATE_LIMITED', `Too many requests: retry in ${verdict.retryAfterSeconds} s`, {
        'retry-after': String(verdict.retryAfterSeconds),
      });
    }
  }

  async close(): Promise<void> {
    await this.store.close?.();
  }
}
