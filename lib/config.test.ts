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
