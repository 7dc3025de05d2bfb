import { ConfigError, loadConfig } from '../config';

/** Identity settings as the configuration reads them (issue 11, item 9; issue 12): one clear line for each bad value. */

const STRONG_JWT = 'c1e0d55e2b7a4f3983aa6c7d9f20b14e8d6a3f5c7b9e1d2a4c6e8f0b3d5a7c9e';
const STRONG_INTERNAL = 'Yk3vQ9pL2xR7mN4wT8zB1cF6hJ0sD5gA-eU_iO3nK9';
const production = (env: Record<string, string>) => ({ NODE_ENV: 'production', HUB_INTERNAL_SECRET: STRONG_INTERNAL, ...env });

describe('identity in production (issue 11, item 9)', () => {
  it('needs an OpenID provider or an HS256 secret, or both, with one line naming them', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', HUB_INTERNAL_SECRET: STRONG_INTERNAL })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', HUB_INTERNAL_SECRET: STRONG_INTERNAL })).toThrow(
      'Invalid configuration: HUB_OIDC_ISSUER: production needs HUB_OIDC_ISSUER (an OpenID provider) or HUB_JWT_SECRET (HS256 tokens), or both',
    );
    expect(loadConfig(production({ HUB_OIDC_ISSUER: 'https://sso.example.org/realms/sii' })).identity.hs256).toBeUndefined();
    expect(loadConfig(production({ HUB_JWT_SECRET: STRONG_JWT })).identity.oidc).toBeUndefined();
    const both = loadConfig(production({ HUB_JWT_SECRET: STRONG_JWT, HUB_OIDC_ISSUER: 'https://sso.example.org/realms/sii' }));
    expect([both.identity.hs256?.secret, both.identity.oidc?.issuer]).toEqual([STRONG_JWT, 'https://sso.example.org/realms/sii']);
  });

  it.each([
    ['16 spaces', ' '.repeat(16)],
    ['shorter than 32 bytes', 'e3b0c44298fc1c149afbf4c8996fb92'],
    ['one repeated character', 'x'.repeat(48)],
    ['a word repeated', 'secretsecretsecretsecretsecretsecret'],
    ['words strung together', 'the-sii-data-hub-production-jwt-secret'],
  ])('refuses a weak HUB_JWT_SECRET (%s) with one clear line', (_name, secret) => {
    expect(() => loadConfig(production({ HUB_JWT_SECRET: secret }))).toThrow(ConfigError);
    expect(() => loadConfig(production({ HUB_JWT_SECRET: secret }))).toThrow(/^Invalid configuration: HUB_JWT_SECRET: /);
    try {
      loadConfig(production({ HUB_JWT_SECRET: secret }));
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
      expect((error as Error).message).not.toContain(secret.trim() || 'never');
    }
  });

  it('requires a strong HUB_INTERNAL_SECRET (the gateway vouches for viewers with it)', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', HUB_JWT_SECRET: STRONG_JWT })).toThrow(/HUB_INTERNAL_SECRET: HUB_INTERNAL_SECRET is required when NODE_ENV=production/);
    expect(() => loadConfig(production({ HUB_JWT_SECRET: STRONG_JWT, HUB_INTERNAL_SECRET: 'a'.repeat(40) }))).toThrow(/HUB_INTERNAL_SECRET: HUB_INTERNAL_SECRET looks guessable/);
    expect(() => loadConfig({ HUB_INTERNAL_SECRET: 'short' })).toThrow(/HUB_INTERNAL_SECRET must be at least 32 bytes/);
  });

  it('keeps development free of setup: no secret needed, weak ones tolerated, HS256 only when a secret is set', () => {
    expect(loadConfig({}).identity.hs256).toBeUndefined();
    expect(loadConfig({ HUB_JWT_SECRET: 'test-secret-of-at-least-sixteen-characters' }).identity.hs256).toMatchObject({
      issuer: 'sii-hub',
      audience: 'sii-hub',
      maxLifetimeSeconds: 86400,
      clockSkewSeconds: 30,
    });
    expect(() => loadConfig({ HUB_JWT_SECRET: 'short' })).toThrow(/at least 16 characters/);
  });

  it('reads the HS256 rules and the OpenID settings, with documented defaults', () => {
    const config = loadConfig({
      HUB_JWT_SECRET: STRONG_JWT,
      HUB_JWT_ISSUER: 'https://hub.sii.example',
      HUB_JWT_AUDIENCE: 'hub-api',
      HUB_JWT_MAX_LIFETIME_SECONDS: '3600',
      HUB_AUTH_CLOCK_SKEW_SECONDS: '10',
      HUB_OIDC_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
    });
    expect(config.identity.hs256).toEqual({ secret: STRONG_JWT, issuer: 'https://hub.sii.example', audience: 'hub-api', maxLifetimeSeconds: 3600, clockSkewSeconds: 10 });
    expect(config.identity.oidc).toEqual({
      issuer: 'https://login.microsoftonline.com/tenant/v2.0',
      audience: 'sii-hub',
      claims: { rolesClaim: 'roles', roleMap: { SII_STAFF: 'SII_STAFF', MEMBER_AGENT: 'MEMBER_AGENT', READER: 'READER' }, memberClaim: 'member', memberMap: {} },
      jwksCacheSeconds: 600,
      jwksCooldownSeconds: 30,
      timeoutMs: 5000,
      clockSkewSeconds: 10,
    });
  });

  it('validates the claims mapping like every other setting', () => {
    const keycloak = loadConfig({
      HUB_OIDC_ISSUER: 'https://sso.example.org/realms/sii',
      HUB_OIDC_ROLES_CLAIM: 'realm_access.roles',
      HUB_OIDC_ROLE_MAP: '{"hub-staff":"SII_STAFF","hub-agent":"MEMBER_AGENT"}',
      HUB_OIDC_MEMBER_CLAIM: '',
      HUB_OIDC_MEMBER_MAP: '{"agents-bobigny":"BOBIGNY"}',
    });
    expect(keycloak.identity.oidc?.claims).toEqual({
      rolesClaim: 'realm_access.roles',
      roleMap: { 'hub-staff': 'SII_STAFF', 'hub-agent': 'MEMBER_AGENT' },
      memberClaim: undefined,
      memberMap: { 'agents-bobigny': 'BOBIGNY' },
    });
    for (const [variable, value, message] of [
      ['HUB_OIDC_ROLE_MAP', '{"hub-staff":"ADMIN"}', /HUB_OIDC_ROLE_MAP: must be a JSON object mapping a claim value to SII_STAFF, MEMBER_AGENT or READER/],
      ['HUB_OIDC_ROLE_MAP', 'hub-staff=SII_STAFF', /HUB_OIDC_ROLE_MAP: must be a JSON object/],
      ['HUB_OIDC_ROLE_MAP', '["SII_STAFF"]', /HUB_OIDC_ROLE_MAP: must be a JSON object/],
      ['HUB_OIDC_MEMBER_MAP', '{"agents-bobigny":"bobigny city"}', /HUB_OIDC_MEMBER_MAP: must be a JSON object mapping a claim value to a member code/],
      ['HUB_OIDC_ROLES_CLAIM', 'realm access', /HUB_OIDC_ROLES_CLAIM: must be a claim name or dot path without spaces/],
      ['HUB_OIDC_ISSUER', 'sso.example.org', /HUB_OIDC_ISSUER/],
      ['HUB_OIDC_JWKS_CACHE_SECONDS', '0', /HUB_OIDC_JWKS_CACHE_SECONDS/],
      ['HUB_OIDC_TIMEOUT_MS', 'fast', /HUB_OIDC_TIMEOUT_MS/],
      ['HUB_AUTH_CLOCK_SKEW_SECONDS', '3600', /HUB_AUTH_CLOCK_SKEW_SECONDS/],
      ['HUB_JWT_MAX_LIFETIME_SECONDS', '10', /HUB_JWT_MAX_LIFETIME_SECONDS/],
      ['HUB_DEV_OIDC_PORT', '70000', /HUB_DEV_OIDC_PORT/],
      ['HUB_PLAYGROUND_CLIENT_ID', 'sii hub', /HUB_PLAYGROUND_CLIENT_ID: must be a client id without spaces/],
      ['HUB_PLAYGROUND_SCOPE', 'openid  "profile"', /HUB_PLAYGROUND_SCOPE: must be space-separated scopes/],
    ] as const) {
      expect(() => loadConfig({ [variable]: value })).toThrow(message);
    }
  });
});

describe("the playground's sign-in", () => {
  it('uses the public client sii-hub-playground and the scopes openid profile unless told otherwise', () => {
    expect(loadConfig({}).playground).toEqual({ clientId: 'sii-hub-playground', scope: 'openid profile' });
    expect(loadConfig({ HUB_PLAYGROUND_CLIENT_ID: ' 0b7c2f4e-hub-playground ', HUB_PLAYGROUND_SCOPE: 'openid api://sii-hub/.default' }).playground).toEqual({
      clientId: '0b7c2f4e-hub-playground',
      scope: 'openid api://sii-hub/.default',
    });
  });
});
