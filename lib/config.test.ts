import { ConfigError, loadConfig } from './config';

const STRONG = '3f9a1c7e5b2d8f4a6c0e9b1d3f5a7c2e4b6d8f0a1c3e5b7d9f2a4c6e8b0d1f3a';

describe('loadConfig', () => {
  it('runs a fresh clone with defaults: embedded PostgreSQL, ports 4000-4004, no HS256 secret (npm start runs a development provider)', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBeUndefined();
    expect(config.gatewayPort).toBe(4000);
    expect(Object.values(config.subgraphs).map((s) => s.port)).toEqual([4001, 4002, 4003, 4004]);
    expect(config.subgraphs.catalogue.url).toBe('http://127.0.0.1:4002/graphql');
    expect(config.jwtSecret).toBeUndefined();
    expect(config.identity).toEqual({ hs256: undefined, oidc: undefined, internalSecret: undefined });
    expect(config.devOidcPort).toBe(4005);
    expect(config.dataDir).toMatch(/\.data$/);
  });

  it('honours overrides and treats an empty DATABASE_URL as unset', () => {
    const config = loadConfig({ GATEWAY_PORT: '5000', CATALOGUE_PORT: '5002', DATABASE_URL: '', HUB_DATA_DIR: '/tmp/hub' });
    expect(config.gatewayPort).toBe(5000);
    expect(config.subgraphs.catalogue).toEqual({ port: 5002, url: 'http://127.0.0.1:5002/graphql' });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe('/tmp/hub');
  });

  it.each([
    [{ GATEWAY_PORT: 'eighty' }, /GATEWAY_PORT/],
    [{ GOVERNANCE_PORT: '70000' }, /GOVERNANCE_PORT/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV/],
    [{ NODE_ENV: 'production' }, /production needs HUB_OIDC_ISSUER \(an OpenID provider\) or HUB_JWT_SECRET/],
    [{ HUB_JWT_SECRET: 'short' }, /HUB_JWT_SECRET/],
  ])('stops with one clear line for %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('accepts production with strong secrets', () => {
    const config = loadConfig({ NODE_ENV: 'production', HUB_JWT_SECRET: STRONG, HUB_INTERNAL_SECRET: STRONG.split('').reverse().join('') });
    expect(config.isProduction).toBe(true);
    expect(config.jwtSecret).toBe(STRONG);
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
      subgraphMaxEntities: 2000,
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
    expect(loadConfig({ HUB_SUBGRAPH_MAX_ENTITIES: '5000' }).subgraphMaxEntities).toBe(5000);
    expect(() => loadConfig({ HUB_SUBGRAPH_MAX_ENTITIES: '0' })).toThrow(/HUB_SUBGRAPH_MAX_ENTITIES/);
  });
});

// The gateway's switches that spare work (in-flight sharing, single-subgraph pass-through), all on by default.
describe.each([
  ['HUB_DEDUPLICATE_SUBGRAPH_REQUESTS', 'deduplicateSubgraphRequests'],
  ['HUB_COLLAPSE_IDENTICAL_REQUESTS', 'collapseIdenticalRequests'],
  ['HUB_SINGLE_SUBGRAPH_PASSTHROUGH', 'singleSubgraphPassThrough'],
] as const)('%s', (variable, setting) => {
  it('is on unless set to false', () => {
    expect(loadConfig({})[setting]).toBe(true);
    for (const on of ['', 'true']) expect(loadConfig({ [variable]: on })[setting]).toBe(true);
    for (const off of ['false', '0']) expect(loadConfig({ [variable]: off })[setting]).toBe(false);
    for (const bad of ['off', 'no']) expect(() => loadConfig({ [variable]: bad })).toThrow(new RegExp(`${variable}: must be true or false`));
  });
});

describe('HUB_PERSISTED_OPERATIONS_ONLY', () => {
  it('reads the setting strictly', () => {
    expect(loadConfig({ HUB_PERSISTED_OPERATIONS_ONLY: 'true' }).persistedOperationsOnly).toBe(true);
    expect(loadConfig({ HUB_PERSISTED_OPERATIONS_ONLY: '0' }).persistedOperationsOnly).toBe(false);
    expect(loadConfig({}).persistedOperationsOnly).toBe(false);
    expect(() => loadConfig({ HUB_PERSISTED_OPERATIONS_ONLY: 'yes' })).toThrow(ConfigError);
    expect(() => loadConfig({ HUB_PERSISTED_OPERATIONS_ONLY: 'yes' })).toThrow(/HUB_PERSISTED_OPERATIONS_ONLY: must be true or false/);
  });
});

describe('HUB_REDIS_URL and HUB_START_TIMEOUT_MS', () => {
  it('takes a redis:// or rediss:// URL, unset or empty meaning in-process', () => {
    expect(loadConfig({ HUB_REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl).toBe('redis://127.0.0.1:6379');
    expect(loadConfig({ HUB_REDIS_URL: 'rediss://:secret@cache.internal:6380/1' }).redisUrl).toBe('rediss://:secret@cache.internal:6380/1');
    expect(loadConfig({ HUB_REDIS_URL: '' }).redisUrl).toBeUndefined();
    expect(loadConfig({}).redisUrl).toBeUndefined();
    // The response cache is on unless told otherwise.
    expect(loadConfig({}).responseCache).toBe(true);
    expect(loadConfig({ HUB_RESPONSE_CACHE: 'false' }).responseCache).toBe(false);
    expect(loadConfig({ HUB_RESPONSE_CACHE: '1' }).responseCache).toBe(true);
    expect(() => loadConfig({ HUB_RESPONSE_CACHE: 'sometimes' })).toThrow(/HUB_RESPONSE_CACHE: must be true or false/);
  });

  it.each(['http://127.0.0.1:6379', 'localhost:6379', 'not a url'])('refuses HUB_REDIS_URL=%s with one line', (value) => {
    expect(() => loadConfig({ HUB_REDIS_URL: value })).toThrow(/^Invalid configuration: HUB_REDIS_URL: /);
  });

  it('waits 60 s for the gateway by default, and takes 1 s to 10 min', () => {
    expect(loadConfig({}).startTimeoutMs).toBe(60_000);
    expect(loadConfig({ HUB_START_TIMEOUT_MS: '5000' }).startTimeoutMs).toBe(5000);
    expect(() => loadConfig({ HUB_START_TIMEOUT_MS: '10' })).toThrow(/HUB_START_TIMEOUT_MS/);
  });
});
