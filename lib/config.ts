import path from 'node:path';
import { z } from 'zod';

/** Subgraph names, in the order the gateway lists them; each owns the PostgreSQL schema of the same name. */
export const SUBGRAPH_NAMES = ['governance', 'catalogue', 'operations', 'metrics'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export const DEFAULT_SUBGRAPH_PORTS: Record<SubgraphName, number> = {
  governance: 4001,
  catalogue: 4002,
  operations: 4003,
  metrics: 4004,
};

/** Printed and used only outside production, so that a fresh clone runs without any setup. */
export const DEVELOPMENT_JWT_SECRET = 'sii-hub-development-secret-do-not-use-in-production';

const port = z.coerce.number().int().min(1).max(65535);
/** An unset or empty variable means "not given". */
const optionalUrl = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === '' ? undefined : value))
  .pipe(z.url().optional());

/** "true"/"1" or "false"/"0" (unset or empty: false). */
const booleanFlag = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === undefined || value === '' ? 'false' : value.toLowerCase()))
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

const environmentSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_URL: optionalUrl,
    HUB_DATA_DIR: z.string().min(1).default('.data'),
    HUB_EMBEDDED_PG_PORT: port.default(54329),
    HUB_JWT_SECRET: z.string().min(16, 'HUB_JWT_SECRET must be at least 16 characters').optional(),
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
    HUB_RATE_LIMIT_PER_SECOND: z.coerce.number().min(0).max(1_000_000).default(100),
    HUB_RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(1_000_000).default(200),
    HUB_TRUST_PROXY: booleanFlag,
    HUB_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
    /** The committed supergraph the gateway serves; containers mount it read-only. */
    HUB_SUPERGRAPH_PATH: z.string().trim().min(1).optional(),
    HUB_MAX_BODY_BYTES: z.coerce.number().int().min(1_000).max(100_000_000).default(1_000_000),
    HUB_PERSISTED_OPERATIONS_ONLY: booleanFlag,
    HUB_CORS_ORIGINS: corsOrigins,
    HUB_START_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(60_000),
    HUB_REDIS_URL: optionalUrl.refine((url) => url === undefined || /^rediss?:\/\//.test(url), 'must be a redis:// or rediss:// URL'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.HUB_JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['HUB_JWT_SECRET'], message: 'HUB_JWT_SECRET is required when NODE_ENV=production' });
    }
    if (env.NODE_ENV === 'production' && env.HUB_JWT_SECRET === DEVELOPMENT_JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['HUB_JWT_SECRET'], message: 'the development secret cannot be used when NODE_ENV=production' });
    }
  });

export interface HubConfig {
  nodeEnv: 'development' | 'production' | 'test';
  isProduction: boolean;
  logLevel: string;
  /** Set when an external PostgreSQL is used; unset means embedded. */
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPostgresPort: number;
  jwtSecret: string;
  usesDevelopmentJwtSecret: boolean;
  /** Interface every service binds to: loopback by default, 0.0.0.0 in containers. */
  listenHost: string;
  gatewayPort: number;
  dbPoolMax: number;
  /** How long the gateway waits for one subgraph fetch before answering without it. */
  subgraphTimeoutMs: number;
  /** Cap on the gateway's keep-alive sockets to each subgraph. */
  subgraphMaxSockets: number;
  /** Token bucket per client (authenticated subject, else IP) on /graphql, /export/* and /health/ready; perSecond 0 turns it off. */
  rateLimit: { perSecond: number; burst: number };
  /** Take the client IP from X-Forwarded-For (only behind a proxy that sets it). */
  trustProxy: boolean;
  /** How long SIGTERM waits for in-flight requests before closing connections anyway. */
  shutdownTimeoutMs: number;
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
  /** HUB_START_TIMEOUT_MS: how long `npm start` waits for the gateway to be ready before it stops everything and fails. */
  startTimeoutMs: number;
}

export class ConfigError extends Error {}

/**
 * The line every service prints at start when no HUB_JWT_SECRET is set (never in production,
 * where the configuration refuses to load): the default is public, so it is shown as such.
 */
export function developmentSecretNotice(config: Pick<HubConfig, 'usesDevelopmentJwtSecret' | 'jwtSecret'>): string | undefined {
  if (!config.usesDevelopmentJwtSecret) return undefined;
  return `*** DEVELOPMENT JWT SECRET IN USE *** HUB_JWT_SECRET is not set, so tokens are signed and checked with the public default "${config.jwtSecret}"; set HUB_JWT_SECRET (and NODE_ENV=production) for anything real`;
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
    jwtSecret: e.HUB_JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
    usesDevelopmentJwtSecret: !e.HUB_JWT_SECRET,
    listenHost: e.HUB_LISTEN_HOST,
    gatewayPort: e.GATEWAY_PORT,
    dbPoolMax: e.HUB_DB_POOL_MAX,
    subgraphTimeoutMs: e.HUB_SUBGRAPH_TIMEOUT_MS,
    subgraphMaxSockets: e.HUB_SUBGRAPH_MAX_SOCKETS,
    rateLimit: { perSecond: e.HUB_RATE_LIMIT_PER_SECOND, burst: e.HUB_RATE_LIMIT_BURST },
    trustProxy: e.HUB_TRUST_PROXY,
    shutdownTimeoutMs: e.HUB_SHUTDOWN_TIMEOUT_MS,
    maxBodyBytes: e.HUB_MAX_BODY_BYTES,
    supergraphPath: e.HUB_SUPERGRAPH_PATH ? path.resolve(e.HUB_SUPERGRAPH_PATH) : undefined,
    subgraphs: subgraphSettings(e),
    runtimeStats: e.HUB_RUNTIME_STATS,
    gatewayUrl: e.HUB_GATEWAY_URL ?? `http://127.0.0.1:${e.GATEWAY_PORT}/graphql`,
    persistedOperationsOnly: e.HUB_PERSISTED_OPERATIONS_ONLY,
    corsOrigins: e.HUB_CORS_ORIGINS,
    startTimeoutMs: e.HUB_START_TIMEOUT_MS,
    redisUrl: e.HUB_REDIS_URL,
  };
}
