import { ConfigError, DEVELOPMENT_JWT_SECRET, developmentSecretNotice, loadConfig } from './config';

describe('loadConfig', () => {
  it('runs a fresh clone with defaults: embedded PostgreSQL, ports 4000-4004, development secret', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBeUndefined();
    expect(config.gatewayPort).toBe(4000);
    expect(Object.values(config.subgraphs).map((s) => s.port)).toEqual([4001, 4002, 4003, 4004]);
    expect(config.subgraphs.catalogue.url).toBe('http://127.0.0.1:4002/graphql');
    expect(config.jwtSecret).toBe(DEVELOPMENT_JWT_SECRET);
    expect(config.usesDevelopmentJwtSecret).toBe(true);
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
    [{ NODE_ENV: 'production' }, /HUB_JWT_SECRET is required when NODE_ENV=production/],
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

  it('accepts production with a secret', () => {
    const config = loadConfig({ NODE_ENV: 'production', HUB_JWT_SECRET: 'a-real-secret-of-sufficient-length' });
    expect(config.isProduction).toBe(true);
    expect(config.usesDevelopmentJwtSecret).toBe(false);
  });
});

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
