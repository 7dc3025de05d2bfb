import path from 'node:path';
import { z } from 'zod';
import type { IdentitySettings } from './identity/authenticate';
import { type ClaimsMapping, DEFAULT_CLAIMS_MAPPING, MEMBER_CODE_PATTERN } from './identity/claims';
import { DEFAULT_CLOCK_SKEW_SECONDS, DEFAULT_JWT_AUDIENCE, DEFAULT_JWT_ISSUER, DEFAULT_JWT_MAX_LIFETIME_SECONDS } from './identity/hs256';
import {
  DEFAULT_JWKS_CACHE_SECONDS,
  DEFAULT_JWKS_COOLDOWN_SECONDS,
  DEFAULT_OIDC_AUDIENCE,
  DEFAULT_OIDC_TIMEOUT_MS,
  DEFAULT_PLAYGROUND_CLIENT_ID,
  DEFAULT_PLAYGROUND_SCOPE,
} from './identity/oidc';
import { secretWeakness } from './identity/secrets';
import { ROLES, type Role } from './identity/viewer';

/** Subgraph names, in the order the gateway lists them; each owns the PostgreSQL schema of the same name. */
export const SUBGRAPH_NAMES = ['governance', 'catalogue', 'operations', 'metrics'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export const DEFAULT_SUBGRAPH_PORTS: Record<SubgraphName, number> = {
  governance: 4001,
  catalogue: 4002,
  operations: 4003,
  metrics: 4004,
};

/**
 * `_entities` representations a subgraph resolves per request at most (HUB_SUBGRAPH_MAX_ENTITIES).
 * The gateway sends one per parent, without removing duplicates: the largest legitimate fan-out,
 * the bench's cross-subgraph query (1008 parent tickets), sends their applications to catalogue in
 * two fetches of 504 (test/hardening-limits.test.ts checks its plan). 2000 leaves room for that,
 * and refuses a flood such as the review's 5000.
 */
export const DEFAULT_SUBGRAPH_MAX_ENTITIES = 2000;

/** Where `npm start` runs its development OpenID provider when no issuer is configured (loopback only). */
export const DEFAULT_DEV_OIDC_PORT = 4005;

const port = z.coerce.number().int().min(1).max(65535);
/** An unset or empty variable means "not given". */
const optionalUrl = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === '' ? undefined : value))
  .pipe(z.url().optional());

/** "true"/"1" or "false"/"0" (unset or empty: `fallback`). */
const flag = (fallback: boolean) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === undefined || value === '' ? String(fallback) : value.toLowerCase()))
    .pipe(z.enum(['true', 'false', '1', '0'], { message: 'must be true or false' }))
    .transform((value) => value === 'true' || value === '1');
/** A switch that is off unless set. */
const booleanFlag = flag(false);

/** "true"/"1" or "false"/"0" (unset or empty: true). */
const booleanFlagOn = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === undefined || value === '' ? 'true' : value.toLowerCase()))
  .pipe(z.enum(['true', 'false', '1', '0'], { message: 'must be true or false' }))
  .transform((value) => value === 'true' || value === '1');

/**
 * Browser origins allowed to call the gateway: `*` (the default: tokens travel in the Authorization
 * header, never in cookies, so no origin gains a visitor's rights) or a comma-separated list of
 * origins such as `https://intranet.bobigny.fr,http://localhost:5173`.
 */
const corsOrigins = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx): '*' | string[] => {
    if (value === undefined || value === '*') return '*';
    const origins = value.split(',').map((origin) => origin.trim()).filter(Boolean);
    for (const origin of origins) {
      let parsed: URL | undefined;
      try {
        parsed = new URL(origin);
      } catch {
        parsed = undefined;
      }
      if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
        ctx.addIssue({ code: 'custom', message: `"${origin}" is not an origin (scheme://host[:port], no path or trailing slash), nor *` });
        return z.NEVER;
      }
    }
    if (origins.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'must be * or a comma-separated list of origins' });
      return z.NEVER;
    }
    return origins;
  });

/** An unset or empty variable means "not given"; otherwise trimmed text. */
const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

/** A secret is taken byte for byte (never trimmed: spaces are part of it); only an empty value means "not given". */
const optionalSecret = z
  .string()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

/** A claim's name or dot path, e.g. `roles`, `realm_access.roles`. */
const claimPath = z.string().trim().min(1).regex(/^\S+$/, 'must be a claim name or dot path without spaces');

/** A JSON object from claim values to `values`' members (unset: `fallback`). */
function jsonMap<T extends string>(what: string, isValue: (value: string) => value is T, fallback: Record<string, T>) {
  return optionalText.transform((value, ctx): Record<string, T> => {
    if (value === undefined) return fallback;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      parsed = undefined;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || !Object.values(parsed).every((item) => typeof item === 'string' && isValue(item))) {
      ctx.addIssue({ code: 'custom', message: `must be a JSON object mapping a claim value to ${what}` });
      return z.NEVER;
    }
    return parsed as Record<string, T>;
  });
}
const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
const isMemberCode = (value: string): value is string => MEMBER_CODE_PATTERN.test(value);

const environmentSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_URL: optionalUrl,
    HUB_DATA_DIR: z.string().min(1).default('.data'),
    HUB_EMBEDDED_PG_PORT: port.default(54329),
    HUB_JWT_SECRET: optionalSecret.pipe(z.string().min(16, 'HUB_JWT_SECRET must be at least 16 characters').optional()),
    // Identity (docs/identity.md): HS256 rules, the OpenID provider, claims mapping, the gateway's vouches.
    HUB_JWT_ISSUER: z.string().trim().min(1).default(DEFAULT_JWT_ISSUER),
    HUB_JWT_AUDIENCE: z.string().trim().min(1).default(DEFAULT_JWT_AUDIENCE),
    HUB_JWT_MAX_LIFETIME_SECONDS: z.coerce.number().int().min(60).max(30 * 86400).default(DEFAULT_JWT_MAX_LIFETIME_SECONDS),
    HUB_AUTH_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(DEFAULT_CLOCK_SKEW_SECONDS),
    HUB_OIDC_ISSUER: optionalUrl,
    HUB_OIDC_AUDIENCE: z.string().trim().min(1).default(DEFAULT_OIDC_AUDIENCE),
    HUB_OIDC_ROLES_CLAIM: claimPath.default(DEFAULT_CLAIMS_MAPPING.rolesClaim),
    HUB_OIDC_ROLE_MAP: jsonMap('SII_STAFF, MEMBER_AGENT or READER, e.g. {"sii-staff":"SII_STAFF"}', isRole, DEFAULT_CLAIMS_MAPPING.roleMap),
    HUB_OIDC_MEMBER_CLAIM: z
      .string()
      .trim()
      .default(DEFAULT_CLAIMS_MAPPING.memberClaim ?? '')
      .pipe(z.union([z.literal(''), claimPath])),
    HUB_OIDC_MEMBER_MAP: jsonMap('a member code, e.g. {"agents-bobigny":"BOBIGNY"}', isMemberCode, {}),
    HUB_OIDC_JWKS_CACHE_SECONDS: z.coerce.number().int().min(1).max(86400).default(DEFAULT_JWKS_CACHE_SECONDS),
    HUB_OIDC_JWKS_COOLDOWN_SECONDS: z.coerce.number().int().min(0).max(3600).default(DEFAULT_JWKS_COOLDOWN_SECONDS),
    HUB_OIDC_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(DEFAULT_OIDC_TIMEOUT_MS),
    HUB_INTERNAL_SECRET: optionalSecret.pipe(z.string().refine((value) => Buffer.byteLength(value) >= 32, 'HUB_INTERNAL_SECRET must be at least 32 bytes').optional()),
    HUB_DEV_OIDC_PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_DEV_OIDC_PORT),
    // The playground's "Sign in" (authorization code + PKCE at HUB_OIDC_ISSUER): its public client and scopes.
    HUB_PLAYGROUND_CLIENT_ID: z.string().trim().min(1).regex(/^[\x21-\x7e]+$/, 'must be a client id without spaces').default(DEFAULT_PLAYGROUND_CLIENT_ID),
    HUB_PLAYGROUND_SCOPE: z.string().trim().min(1).regex(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, 'must be space-separated scopes').default(DEFAULT_PLAYGROUND_SCOPE),
    HUB_LISTEN_HOST: z.string().min(1).default('127.0.0.1'),
    GATEWAY_PORT: port.default(4000),
    GOVERNANCE_PORT: port.default(DEFAULT_SUBGRAPH_PORTS.governance),
    CATALOGUE_PORT: port.default(DEFAULT_SUBGRAPH_PORTS.catalogue),
    OPERATIONS_PORT: port.default(DEFAULT_SUBGRAPH_PORTS.operations),
    METRICS_PORT: port.default(DEFAULT_SUBGRAPH_PORTS.metrics),
    GOVERNANCE_URL: optionalUrl,
    CATALOGUE_URL: optionalUrl,
    OPERATIONS_URL: optionalUrl,
    METRICS_URL: optionalUrl,
    HUB_DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    HUB_GATEWAY_URL: optionalUrl,
    HUB_RUNTIME_STATS: booleanFlag,
    // Security and reliability settings (the README lists them under "Deployment").
    HUB_SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
    HUB_SUBGRAPH_MAX_SOCKETS: z.coerce.number().int().min(1).max(10_000).default(64),
    HUB_DEDUPLICATE_SUBGRAPH_REQUESTS: flag(true),
    HUB_COLLAPSE_IDENTICAL_REQUESTS: flag(true),
    HUB_SINGLE_SUBGRAPH_PASSTHROUGH: flag(true),
    HUB_RATE_LIMIT_PER_SECOND: z.coerce.number().min(0).max(1_000_000).default(100),
    HUB_RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(1_000_000).default(200),
    HUB_TRUST_PROXY: booleanFlag,
    HUB_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
    /** The committed supergraph the gateway serves; containers mount it read-only. */
    HUB_SUPERGRAPH_PATH: z.string().trim().min(1).optional(),
    HUB_SUBGRAPH_MAX_ENTITIES: z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_SUBGRAPH_MAX_ENTITIES),
    HUB_MAX_BODY_BYTES: z.coerce.number().int().min(1_000).max(100_000_000).default(1_000_000),
    HUB_PERSISTED_OPERATIONS_ONLY: booleanFlag,
    HUB_CORS_ORIGINS: corsOrigins,
    HUB_START_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(60_000),
    HUB_RESPONSE_CACHE: booleanFlagOn,
    HUB_SUBGRAPH_PROCESSES: z.enum(['shared', 'separate']).default('shared'),
    HUB_REDIS_URL: optionalUrl.refine((url) => url === undefined || /^rediss?:\/\//.test(url), 'must be a redis:// or rediss:// URL'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    if (!env.HUB_OIDC_ISSUER && !env.HUB_JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['HUB_OIDC_ISSUER'], message: 'production needs HUB_OIDC_ISSUER (an OpenID provider) or HUB_JWT_SECRET (HS256 tokens), or both' });
      return;
    }
    const jwtWeakness = env.HUB_JWT_SECRET && secretWeakness(env.HUB_JWT_SECRET);
    if (jwtWeakness) ctx.addIssue({ code: 'custom', path: ['HUB_JWT_SECRET'], message: `HUB_JWT_SECRET ${jwtWeakness}` });
    if (!env.HUB_INTERNAL_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['HUB_INTERNAL_SECRET'], message: 'HUB_INTERNAL_SECRET is required when NODE_ENV=production (the same random value for the gateway and every subgraph, e.g. openssl rand -hex 32)' });
      return;
    }
    const internalWeakness = secretWeakness(env.HUB_INTERNAL_SECRET);
    if (internalWeakness) ctx.addIssue({ code: 'custom', path: ['HUB_INTERNAL_SECRET'], message: `HUB_INTERNAL_SECRET ${internalWeakness}` });
  });

export interface HubConfig {
  nodeEnv: 'development' | 'production' | 'test';
  isProduction: boolean;
  logLevel: string;
  /** Set when an external PostgreSQL is used; unset means embedded. */
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPostgresPort: number;
  /** HUB_JWT_SECRET: HS256 tokens are accepted exactly when it is set. */
  jwtSecret: string | undefined;
  /** Who may call: HS256 rules, the OpenID provider and its claims mapping, the gateway's internal secret. */
  identity: IdentitySettings;
  /** HUB_DEV_OIDC_PORT: the development OpenID provider `npm start` runs when no issuer is configured (0: any free port). */
  devOidcPort: number;
  /** The playground's sign-in at HUB_OIDC_ISSUER: HUB_PLAYGROUND_CLIENT_ID (a public client) and HUB_PLAYGROUND_SCOPE. */
  playground: { clientId: string; scope: string };
  /** Interface every service binds to: loopback by default, 0.0.0.0 in containers. */
  listenHost: string;
  gatewayPort: number;
  dbPoolMax: number;
  /** How long the gateway waits for one subgraph fetch before answering without it. */
  subgraphTimeoutMs: number;
  /** Cap on the gateway's keep-alive sockets to each subgraph. */
  subgraphMaxSockets: number;
  /**
   * HUB_DEDUPLICATE_SUBGRAPH_REQUESTS (default true): identical query fetches to a subgraph in flight
   * at the same time for the same viewer are sent once and the answer shared (gateway/deduplication.ts).
   */
  deduplicateSubgraphRequests: boolean;
  /**
   * HUB_COLLAPSE_IDENTICAL_REQUESTS (default true): the same query request from the same viewer,
   * while one is being answered, waits for that answer instead of running again (gateway/request-collapsing.ts).
   */
  collapseIdenticalRequests: boolean;
  /**
   * HUB_SINGLE_SUBGRAPH_PASSTHROUGH (default true): a query request the gateway has answered, byte
   * for byte, with the one subgraph fetch of its plan, unchanged, is answered next time by that
   * fetch alone, sent for the new viewer (gateway/single-subgraph-passthrough.ts).
   */
  singleSubgraphPassThrough: boolean;
  /** Token bucket per client (authenticated subject, else IP) on /graphql, /export/* and /health/ready; perSecond 0 turns it off. */
  rateLimit: { perSecond: number; burst: number };
  /** Take the client IP from X-Forwarded-For (only behind a proxy that sets it). */
  trustProxy: boolean;
  /** How long SIGTERM waits for in-flight requests before closing connections anyway. */
  shutdownTimeoutMs: number;
  /** HUB_SUBGRAPH_MAX_ENTITIES: `_entities` representations a subgraph resolves per request at most. */
  subgraphMaxEntities: number;
  /** Largest accepted request body; bigger ones are answered 413. */
  maxBodyBytes: number;
  /** Where the gateway reads the supergraph; unset means schema/supergraph.graphql of the checkout. */
  supergraphPath: string | undefined;
  subgraphs: Record<SubgraphName, { port: number; url: string }>;
  /** The gateway's /graphql, for commands that are clients of the hub (`npm run report`); no service calls it. */
  gatewayUrl: string;
  /** Serve GET /debug/runtime (memory, event-loop delay) on the gateway: for benchmarks. */
  runtimeStats: boolean;
  /** HUB_PERSISTED_OPERATIONS_ONLY: the gateway runs only the SDK's persisted operations (sdk/persisted-operations.json). */
  persistedOperationsOnly: boolean;
  /** HUB_CORS_ORIGINS: the browser origins the gateway answers cross-origin requests from. */
  corsOrigins: '*' | string[];
  /** HUB_REDIS_URL: the Redis holding the rate limit's buckets, shared by every gateway replica; unset: in-process buckets. */
  redisUrl: string | undefined;
  /**
   * HUB_RESPONSE_CACHE (default true): the gateway keeps the answers the subgraphs' cache hints allow
   * (in this process, or in HUB_REDIS_URL's Redis) and forgets them all on every write; it needs
   * DATABASE_URL to hear the writes that do not go through it (docs/performance.md).
   */
  responseCache: boolean;
  /** HUB_START_TIMEOUT_MS: how long `npm start` waits for the gateway to be ready before it stops everything and fails. */
  startTimeoutMs: number;
  /**
   * HUB_SUBGRAPH_PROCESSES: `npm start` runs the four subgraphs in one process (shared, the default:
   * about 300 MB less at rest) or one process each (separate: a crash restarts only that subgraph).
   */
  subgraphProcesses: 'shared' | 'separate';
}

export class ConfigError extends Error {}

function identityOf(e: z.infer<typeof environmentSchema>): IdentitySettings {
  const claims: ClaimsMapping = {
    rolesClaim: e.HUB_OIDC_ROLES_CLAIM,
    roleMap: e.HUB_OIDC_ROLE_MAP,
    memberClaim: e.HUB_OIDC_MEMBER_CLAIM || undefined,
    memberMap: e.HUB_OIDC_MEMBER_MAP,
  };
  return {
    hs256: e.HUB_JWT_SECRET
      ? {
          secret: e.HUB_JWT_SECRET,
          issuer: e.HUB_JWT_ISSUER,
          audience: e.HUB_JWT_AUDIENCE,
          maxLifetimeSeconds: e.HUB_JWT_MAX_LIFETIME_SECONDS,
          clockSkewSeconds: e.HUB_AUTH_CLOCK_SKEW_SECONDS,
        }
      : undefined,
    oidc: e.HUB_OIDC_ISSUER
      ? {
          issuer: e.HUB_OIDC_ISSUER,
          audience: e.HUB_OIDC_AUDIENCE,
          claims,
          jwksCacheSeconds: e.HUB_OIDC_JWKS_CACHE_SECONDS,
          jwksCooldownSeconds: e.HUB_OIDC_JWKS_COOLDOWN_SECONDS,
          timeoutMs: e.HUB_OIDC_TIMEOUT_MS,
          clockSkewSeconds: e.HUB_AUTH_CLOCK_SKEW_SECONDS,
        }
      : undefined,
    internalSecret: e.HUB_INTERNAL_SECRET,
  };
}

/** Each subgraph's port, and its URL (by default on this machine at that port). */
function subgraphSettings(e: z.infer<typeof environmentSchema>): HubConfig['subgraphs'] {
  const subgraphPort: Record<SubgraphName, number> = {
    governance: e.GOVERNANCE_PORT,
    catalogue: e.CATALOGUE_PORT,
    operations: e.OPERATIONS_PORT,
    metrics: e.METRICS_PORT,
  };
  const subgraphUrl: Record<SubgraphName, string | undefined> = {
    governance: e.GOVERNANCE_URL,
    catalogue: e.CATALOGUE_URL,
    operations: e.OPERATIONS_URL,
    metrics: e.METRICS_URL,
  };
  return Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [
      name,
      { port: subgraphPort[name], url: subgraphUrl[name] ?? `http://127.0.0.1:${subgraphPort[name]}/graphql` },
    ]),
  ) as HubConfig['subgraphs'];
}

/** Reads and validates the environment once; a bad value throws one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid configuration: ${issue.path.join('.') || 'environment'}: ${issue.message}`);
  }
  const e = parsed.data;
  return {
    nodeEnv: e.NODE_ENV,
    isProduction: e.NODE_ENV === 'production',
    logLevel: e.LOG_LEVEL,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.HUB_DATA_DIR),
    embeddedPostgresPort: e.HUB_EMBEDDED_PG_PORT,
    jwtSecret: e.HUB_JWT_SECRET,
    identity: identityOf(e),
    devOidcPort: e.HUB_DEV_OIDC_PORT,
    playground: { clientId: e.HUB_PLAYGROUND_CLIENT_ID, scope: e.HUB_PLAYGROUND_SCOPE },
    listenHost: e.HUB_LISTEN_HOST,
    gatewayPort: e.GATEWAY_PORT,
    dbPoolMax: e.HUB_DB_POOL_MAX,
    subgraphTimeoutMs: e.HUB_SUBGRAPH_TIMEOUT_MS,
    subgraphMaxSockets: e.HUB_SUBGRAPH_MAX_SOCKETS,
    deduplicateSubgraphRequests: e.HUB_DEDUPLICATE_SUBGRAPH_REQUESTS,
    collapseIdenticalRequests: e.HUB_COLLAPSE_IDENTICAL_REQUESTS,
    singleSubgraphPassThrough: e.HUB_SINGLE_SUBGRAPH_PASSTHROUGH,
    rateLimit: { perSecond: e.HUB_RATE_LIMIT_PER_SECOND, burst: e.HUB_RATE_LIMIT_BURST },
    trustProxy: e.HUB_TRUST_PROXY,
    shutdownTimeoutMs: e.HUB_SHUTDOWN_TIMEOUT_MS,
    subgraphMaxEntities: e.HUB_SUBGRAPH_MAX_ENTITIES,
    maxBodyBytes: e.HUB_MAX_BODY_BYTES,
    supergraphPath: e.HUB_SUPERGRAPH_PATH ? path.resolve(e.HUB_SUPERGRAPH_PATH) : undefined,
    subgraphs: subgraphSettings(e),
    runtimeStats: e.HUB_RUNTIME_STATS,
    gatewayUrl: e.HUB_GATEWAY_URL ?? `http://127.0.0.1:${e.GATEWAY_PORT}/graphql`,
    persistedOperationsOnly: e.HUB_PERSISTED_OPERATIONS_ONLY,
    corsOrigins: e.HUB_CORS_ORIGINS,
    startTimeoutMs: e.HUB_START_TIMEOUT_MS,
    subgraphProcesses: e.HUB_SUBGRAPH_PROCESSES,
    redisUrl: e.HUB_REDIS_URL,
    responseCache: e.HUB_RESPONSE_CACHE,
  };
}
