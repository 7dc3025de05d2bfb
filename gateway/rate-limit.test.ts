import type { IncomingMessage } from 'node:http';
import { RateLimiter } from './rate-limit';

describe('the rate limiter (token bucket per client)', () => {
  const request = (address: string, forwardedFor?: string) =>
    ({ socket: { remoteAddress: address }, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} }) as unknown as IncomingMessage;

  it('allows a burst, then refills at the configured rate, per client', () => {
    let now = 0;
    const limiter = new RateLimiter({ perSecond: 2, burst: 3, now: () => now });
    expect([1, 2, 3, 4].map(() => limiter.take('a').allowed)).toEqual([true, true, true, false]);
    expect(limiter.take('b').allowed).toBe(true);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 500; // one token back
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    now += 60_000; // never more than the burst
    expect([1, 2, 3, 4].map(() => limiter.take('a').allowed)).toEqual([true, true, true, false]);
  });

  it('answers 429 RATE_LIMITED with Retry-After', () => {
    const limiter = new RateLimiter({ perSecond: 0.1, burst: 1, now: () => 0 });
    limiter.check(request('10.0.0.1'));
    expect(() => limiter.check(request('10.0.0.1'))).toThrow(expect.objectContaining({ status: 429, code: 'RATE_LIMITED', headers: { 'retry-after': '10' } }));
  });

  it('is off when perSecond is 0', () => {
    const limiter = new RateLimiter({ perSecond: 0, burst: 1 });
    expect(Array.from({ length: 100 }, () => limiter.take('a').allowed).every(Boolean)).toBe(true);
  });

  it('trusts X-Forwarded-For only when told to', () => {
    expect(new RateLimiter({ perSecond: 1, burst: 1 }).clientOf(request('10.0.0.1', '1.2.3.4'))).toBe('10.0.0.1');
    expect(new RateLimiter({ perSecond: 1, burst: 1, trustProxy: true }).clientOf(request('10.0.0.1', '1.2.3.4, 10.0.0.1'))).toBe('1.2.3.4');
  });

  it('forgets the least recently seen clients beyond its capacity, so memory stays bounded', () => {
    const limiter = new RateLimiter({ perSecond: 1, burst: 1, maxClients: 2, now: () => 0 });
    limiter.take('a');
    limiter.take('b');
    limiter.take('c'); // evicts a
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('c').allowed).toBe(false);
  });
});
