import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import { createLogger } from '../lib/logger';
import { describeWithRedis, TEST_REDIS_URL } from '../test/support/redis';
import { clientAddress, MemoryBuckets, RateLimiter, rateLimitKey } from './rate-limit';

/** Until every limiter is connected to Redis (its first requests would otherwise be limited in-process). */
async function connected(limiters: RateLimiter[]): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!limiters.every((limiter) => limiter.sharedNow)) {
    if (Date.now() > deadline) throw new Error('not connected to Redis within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const request = (address: string, forwardedFor?: string) =>
  ({ socket: { remoteAddress: address }, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} }) as unknown as IncomingMessage;

describe('the in-process token bucket', () => {
  it('allows a burst, then refills at the configured rate, per client', () => {
    let now = 0;
    const buckets = new MemoryBuckets(2, 3, undefined, () => now);
    expect([1, 2, 3, 4].map(() => buckets.take('a').allowed)).toEqual([true, true, true, false]);
    expect(buckets.take('b').allowed).toBe(true);
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 500; // one token back
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(false);
    now += 60_000; // never more than the burst
    expect([1, 2, 3, 4].map(() => buckets.take('a').allowed)).toEqual([true, true, true, false]);
  });

  it('forgets the least recently seen clients beyond its capacity, so memory stays bounded', () => {
    const buckets = new MemoryBuckets(1, 1, 2, () => 0);
    buckets.take('a');
    buckets.take('b');
    buckets.take('c'); // evicts a
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('c').allowed).toBe(false);
  });
});

describe('the rate limiter', () => {
  it('answers 429 RATE_LIMITED with Retry-After', async () => {
    const limiter = new RateLimiter({ perSecond: 0.1, burst: 1, now: () => 0 });
    await limiter.check('ip:10.0.0.1');
    await expect(limiter.check('ip:10.0.0.1')).rejects.toMatchObject({ status: 429, code: 'RATE_LIMITED', headers: { 'retry-after': '10' } });
  });

  it('is off when perSecond is 0', async () => {
    const limiter = new RateLimiter({ perSecond: 0, burst: 1 });
    const verdicts = await Promise.all(Array.from({ length: 100 }, () => limiter.take('a')));
    expect(verdicts.every((verdict) => verdict.allowed)).toBe(true);
  });
});

describe('whose bucket a request spends', () => {
  it('is the authenticated subject, whatever the address', () => {
    const viewer = { subject: 'agent@bobigny', anonymous: false };
    expect(rateLimitKey(request('10.0.0.1'), viewer)).toBe('subject:agent@bobigny');
    expect(rateLimitKey(request('10.0.0.2'), viewer)).toBe('subject:agent@bobigny');
  });

  it('is the address for an anonymous caller, and for a credential that did not verify', () => {
    expect(rateLimitKey(request('10.0.0.1'), { subject: null, anonymous: true })).toBe('ip:10.0.0.1');
    expect(rateLimitKey(request('10.0.0.1'), undefined)).toBe('ip:10.0.0.1');
  });

  it('trusts X-Forwarded-For only when told to', () => {
    expect(clientAddress(request('10.0.0.1', '1.2.3.4'))).toBe('10.0.0.1');
    expect(clientAddress(request('10.0.0.1', '1.2.3.4, 10.0.0.1'), true)).toBe('1.2.3.4');
    expect(rateLimitKey(request('10.0.0.1', '1.2.3.4'), undefined, true)).toBe('ip:1.2.3.4');
  });
});

describe('with HUB_REDIS_URL unreachable', () => {
  it('fails open to the in-process buckets, still limiting, and warns once', async () => {
    const warnings: string[] = [];
    const logger = createLogger('test', 'silent');
    logger.warn = ((_fields: unknown, message: string) => warnings.push(message)) as unknown as typeof logger.warn;
    // Port 9 (discard): nothing listens, the connection is refused at once.
    const limiter = new RateLimiter({ perSecond: 1, burst: 3, redisUrl: 'redis://127.0.0.1:9', logger });
    try {
      expect(limiter.shared).toBe(true);
      const verdicts = [];
      for (let i = 0; i < 5; i += 1) verdicts.push((await limiter.take('subject:x')).allowed);
      expect(verdicts).toEqual([true, true, true, false, false]);
      // The refused connection is reported (once, however many attempts follow).
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(warnings.filter((message) => /Redis does not answer/.test(message))).toHaveLength(1);
    } finally {
      await limiter.close();
    }
  });
});

describeWithRedis('with HUB_REDIS_URL (the machine’s Redis)', () => {
  it('holds one limit across several gateways (replicas) sharing the Redis', async () => {
    const replicas = [1, 2, 3].map(() => new RateLimiter({ perSecond: 0.5, burst: 6, redisUrl: TEST_REDIS_URL, redisTimeoutMs: 2000 }));
    try {
      await connected(replicas);
      const key = `subject:test-${randomUUID()}`;
      const verdicts = [];
      for (let i = 0; i < 12; i += 1) verdicts.push(await replicas[i % 3].take(key));
      expect(verdicts.filter((verdict) => verdict.allowed)).toHaveLength(6);
      expect(verdicts.slice(6).every((verdict) => !verdict.allowed && verdict.retryAfterSeconds >= 1)).toBe(true);
      // Another client has its own bucket.
      expect((await replicas[0].take(`subject:test-${randomUUID()}`)).allowed).toBe(true);
    } finally {
      await Promise.all(replicas.map((replica) => replica.close()));
    }
  });

  it('refills on Redis’ clock and is atomic under concurrency', async () => {
    const limiter = new RateLimiter({ perSecond: 10, burst: 5, redisUrl: TEST_REDIS_URL, redisTimeoutMs: 2000 });
    try {
      await connected([limiter]);
      const key = `subject:test-${randomUUID()}`;
      const burst = await Promise.all(Array.from({ length: 20 }, () => limiter.take(key)));
      expect(burst.filter((verdict) => verdict.allowed)).toHaveLength(5);
      await new Promise((resolve) => setTimeout(resolve, 350)); // about 3 tokens back
      const later = await Promise.all(Array.from({ length: 10 }, () => limiter.take(key)));
      expect(later.filter((verdict) => verdict.allowed).length).toBeGreaterThanOrEqual(2);
      expect(later.filter((verdict) => verdict.allowed).length).toBeLessThanOrEqual(5);
    } finally {
      await limiter.close();
    }
  });

  it('fails open when Redis goes away while serving, and shares the limit again once it is back', async () => {
    // A TCP proxy in front of the Redis, to cut and restore it.
    const target = new URL(TEST_REDIS_URL);
    const sockets = new Set<net.Socket>();
    let open = true;
    const proxy = net.createServer((client) => {
      if (!open) return client.destroy();
      const upstream = net.connect(Number(target.port || 6379), target.hostname);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const url = `redis://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
    const warnings: string[] = [];
    const infos: string[] = [];
    const logger = createLogger('test', 'silent');
    logger.warn = ((_fields: unknown, message: string) => warnings.push(message)) as unknown as typeof logger.warn;
    logger.info = ((_fields: unknown, message: string) => infos.push(message)) as unknown as typeof logger.info;
    const replicas = [1, 2].map(() => new RateLimiter({ perSecond: 0.2, burst: 2, redisUrl: url, redisTimeoutMs: 1000, logger }));
    try {
      await connected(replicas);
      const key = `subject:test-${randomUUID()}`;
      // Shared: two replicas, one bucket of 2.
      expect([(await replicas[0].take(key)).allowed, (await replicas[1].take(key)).allowed, (await replicas[0].take(key)).allowed]).toEqual([true, true, false]);
      open = false;
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Each replica now limits on its own (a fresh in-process bucket of 2), and none refuses for lack of Redis.
      const during = [];
      for (let i = 0; i < 3; i += 1) during.push((await replicas[0].take(key)).allowed);
      expect(during).toEqual([true, true, false]);
      expect(warnings.some((message) => /Redis does not answer/.test(message))).toBe(true);
      open = true;
      const other = `subject:test-${randomUUID()}`;
      const deadline = Date.now() + 10_000;
      while (!infos.some((message) => /Redis answers again/.test(message)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      await connected(replicas);
      expect([(await replicas[0].take(other)).allowed, (await replicas[1].take(other)).allowed, (await replicas[1].take(other)).allowed]).toEqual([true, true, false]);
    } finally {
      await Promise.all(replicas.map((replica) => replica.close()));
      for (const socket of sockets) socket.destroy();
      proxy.close();
    }
  });
});
