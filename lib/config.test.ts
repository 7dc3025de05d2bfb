import { ConfigError, DEVELOPMENT_JWT_SECRET, loadConfig } from './config';

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
