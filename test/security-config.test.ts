import type { IncomingMessage } from 'node:http';
import { RateLimiter } from '../gateway/rate-limit';
import { ConfigError, DEVELOPMENT_JWT_SECRET, developmentSecretNotice, loadConfig } from '../lib/config';
import { createErrorFormatter } from '../lib/errors';

/** Issue 6: the secret rule, the new settings, the rate limiter and error masking, as units. */

describe('HUB_JWT_SECRET', () => {
  it('is required when NODE_ENV=production, with one line naming it', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow('Invalid configuration: HUB_JWT_SECRET: HUB_JWT_SECRET is required when NODE_ENV=production');
  });

  it('cannot be the public development default in production, nor shorter than 16 characters', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', HUB_JWT_SECRET: DEVELOPMENT_JWT_SECRET })).toThrow(/development secret cannot be used/);
    expect(() => loadConfig({ NODE_ENV: 'production', HUB_JWT_SECRET: 'short' })).toThrow(/at least 16 characters/);
    expect(loadConfig({ NODE_ENV: 'production', HUB_JWT_SECRET: 'a-real-secret-of-some-length' }).usesDevelopmentJwtSecret).toBe(false);
  });

  it('defaults to a clearly marked development secret outside production', () => {
    const config = loadConfig({});
    expect(config.jwtSecret).toBe(DEVELOPMENT_JWT_SECRET);
    expect(config.usesDevelopmentJwtSecret).toBe(true);
    expect(developmentSecretNotice(config)).toMatch(/^\*\*\* DEVELOPMENT JWT SECRET IN USE \*\*\*/);
    expect(developmentSecretNotice(config)).toContain(DEVELOPMENT_JWT_SECRET);
    expect(developmentSecretNotice(loadConfig({ HUB_JWT_SECRET: 'a-real-secret-of-some-length' }))).toBeUndefined();
  });
});

describe('security and reliability settings', () => {
  it('have safe defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      subgraphTimeoutMs: 10_000,
      subgraphMaxSockets: 64,
      rateLimit: { perSecond: 100, burst: 200 },
      trustProxy: false,
      shutdownTimeoutMs: 10_000,
      maxBodyBytes: 1_000_000,
      supergraphPath: undefined,
    });
  });

  it('are read from the environment and validated with one clear line', () => {
    const config = loadConfig({ HUB_SUBGRAPH_TIMEOUT_MS: '2500', HUB_RATE_LIMIT_PER_SECOND: '0', HUB_RATE_LIMIT_BURST: '5', HUB_TRUST_PROXY: 'true' });
    expect(config).toMatchObject({ subgraphTimeoutMs: 2500, rateLimit: { perSecond: 0, burst: 5 }, trustProxy: true });
    expect(() => loadConfig({ HUB_SUBGRAPH_TIMEOUT_MS: 'soon' })).toThrow(/^Invalid configuration: HUB_SUBGRAPH_TIMEOUT_MS: /);
    expect(() => loadConfig({ HUB_SUBGRAPH_TIMEOUT_MS: '10' })).toThrow(/HUB_SUBGRAPH_TIMEOUT_MS/);
    expect(() => loadConfig({ HUB_RATE_LIMIT_BURST: '0' })).toThrow(/HUB_RATE_LIMIT_BURST/);
    expect(() => loadConfig({ HUB_TRUST_PROXY: 'yes' })).toThrow(/HUB_TRUST_PROXY/);
  });
});

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

describe('error masking', () => {
  const production = createErrorFormatter(false);
  const development = createErrorFormatter(true);

  it('hides unexpected errors outside development', () => {
    const formatted = production({ message: 'relation "governance.member" does not exist', extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } });
    expect(formatted).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(production({ message: 'connect ECONNREFUSED 10.0.0.5:5432' })).toMatchObject({ message: 'Internal server error' });
    expect(development({ message: 'boom', extensions: { stacktrace: ['at x'] } })).toMatchObject({ message: 'boom', extensions: { stacktrace: ['at x'] } });
  });

  it('keeps coded client errors but drops stack traces and a failed fetch\'s response (URL, body)', () => {
    const formatted = production({
      message: 'This operation is reserved to role SII_STAFF',
      extensions: { code: 'FORBIDDEN', stacktrace: ['at y'], response: { url: 'http://10.0.0.5:4001/graphql', body: '...' } },
    });
    expect(formatted).toEqual({ message: 'This operation is reserved to role SII_STAFF', extensions: { code: 'FORBIDDEN' } });
  });
});
