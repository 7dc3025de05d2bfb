import type { ApolloServerPlugin, GraphQLRequestContext, HTTPGraphQLResponse } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { dataVersionSql } from '../lib/change-counter';
import type { AnswerShortcut, KeptAnswer } from '../lib/http';
import type { Logger } from '../lib/logger';
import type { GatewayContext } from './context';
import { redactUrl } from '../lib/redact';

/**
 * The gateway's response cache: Apollo Server's response cache plugin, storing the answers whose
 * every part the subgraphs' cache hints allow (lib/cache-hints.ts: the gateway's overall policy is
 * the most restrictive of its fetches' Cache-Control headers). PUBLIC answers are shared by every
 * viewer; PRIVATE ones are kept per viewer, keyed by the viewer the credential check found (never
 * by a header the caller sent). Mutations are never cached.
 *
 * Never stale after a write: every key starts with the hub's data version, the sum of the schemas'
 * change counters that every committed write moves in its own transaction (lib/change-counter.ts),
 * whoever writes: a mutation through this gateway or another, `npm run intake`, an import, a seed.
 * Each cacheable request reads it with one small statement that starts after the request arrived
 * (concurrent requests share one), so a read that follows a commit sees the new version and never
 * an answer stored before the write. When the version cannot be read (the database away), nothing
 * is read from or stored in the cache.
 *
 * The answers live in this process (least recently used out first), or in Redis when HUB_REDIS_URL
 * is set, shared by every gateway replica (they read the same version from the same database).
 *
 * Browsers and proxies: a GET of a persisted operation whose answer is PUBLIC says
 * `Cache-Control: public, max-age=…`; every other answer says `no-store`. They cannot hear of
 * writes: what they keep may be up to max-age old (lib/cache-hints.ts's CACHE_MAX_AGE).
 */

const DEFAULT_NAMESPACE = 'hub:response-cache:';
/** How long the cache stays unused after the data version could not be read. */
const VERSION_RETRY_MS = 2000;
/** A document whose answer could not be cached is not looked up again for this long (no data-version statement for it). */
const UNCACHEABLE_MS = 60_000;
/** Documents remembered as such at most (the memory is dropped beyond). */
const UNCACHEABLE_MAX = 10_000;
/** Answers kept in this process at most (characters of JSON); the least recently used go first. */
const MEMORY_CAPACITY = 64 * 1024 * 1024;
/** Hot answers kept at most (characters of JSON and of request keys). */
const HOT_CAPACITY = 32 * 1024 * 1024;

export interface ResponseCacheOptions {
  /** HUB_RESPONSE_CACHE; false: nothing is cached, every answer says no-store. */
  enabled: boolean;
  /** Where the data version is read; without one, nothing is cached. */
  databaseUrl?: string;
  /** The schemas whose change counters make the data version (the subgraphs the gateway serves). */
  schemas: readonly string[];
  /** HUB_REDIS_URL: answers shared by every gateway using that Redis. */
  redisUrl?: string;
  /** Prefix of the Redis keys (tests give each hub its own). */
  namespace?: string;
  logger: Logger;
}

export interface ResponseCache {
  /** The Apollo plugins: cache-control policy, the response cache, HTTP headers. */
  plugins: ApolloServerPlugin<GatewayContext>[];
  /** The hot answers, consulted before Apollo's pipeline (absent when the cache is off). */
  shortcut?: AnswerShortcut<GatewayContext>;
  /** Requests the hot answers gave back so far (for tests and the benchmark). */
  hotHits(): number;
  close(): Promise<void>;
}

/** Apollo's KeyValueCache, as the response cache plugin uses it. */
interface AnswerStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttl?: number | null }): Promise<void>;
  delete(key: string): Promise<boolean | void>;
  close?(): Promise<void>;
}

/** Values in this process up to a total size, least recently used out first, each until it expires. */
class MemoryLru<V> {
  private readonly entries = new Map<string, { value: V; size: number; expiresAt: number }>();
  private size = 0;

  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.remove(key, entry);
    if (entry.expiresAt <= Date.now()) return undefined;
    // Taken out and put back: the Map's order is the order of use.
    this.add(key, entry);
    return entry.value;
  }

  set(key: string, value: V, size: number, expiresAt: number): void {
    this.delete(key);
    if (expiresAt <= Date.now() || size > this.capacity / 8) return;
    this.add(key, { value, size, expiresAt });
    for (const [oldest, entry] of this.entries) {
      if (this.size <= this.capacity) break;
      this.remove(oldest, entry);
    }
  }

  delete(key: string): boolean {
    const entry = this.entries.get(key);
    if (entry) this.remove(key, entry);
    return entry !== undefined;
  }

  clear(): void {
    this.entries.clear();
    this.size = 0;
  }

  private add(key: string, entry: { value: V; size: number; expiresAt: number }): void {
    this.entries.set(key, entry);
    this.size += entry.size;
  }

  private remove(key: string, entry: { size: number }): void {
    this.entries.delete(key);
    this.size -= entry.size;
  }
}

/** Apollo's answers in this process (characters of JSON), each until its maxAge. */
class MemoryStore implements AnswerStore {
  private readonly lru = new MemoryLru<string>(MEMORY_CAPACITY);

  async get(key: string): Promise<string | undefined> {
    return this.lru.get(key);
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    this.lru.set(key, value, value.length, Date.now() + (options?.ttl ?? 0) * 1000);
  }

  async delete(key: string): Promise<boolean> {
    return this.lru.delete(key);
  }

  /** The data version moved: no answer stored so far can be read again. */
  clear(): void {
    this.lru.clear();
  }
}

/**
 * The hot answers: whole HTTP answers (status, headers, the JSON text Apollo wrote) to requests
 * repeated byte for byte, kept in this process and given back before Apollo's pipeline runs (no
 * parsing, validation, cost, plugins or serialisation: lib/http.ts's AnswerShortcut). Same rules as
 * Apollo's store behind it: keyed by the data version read for the request, PUBLIC answers shared,
 * PRIVATE ones per verified viewer, each until its max-age; only clean answers to queries.
 */
class HotAnswers {
  private readonly lru = new MemoryLru<KeptAnswer & { computedAt: number; version: string }>(HOT_CAPACITY);
  hits = 0;

  /**
   * The answer kept for this request and viewer (PUBLIC first) if it belongs to the data version
   * now. The version is read only when an answer is kept: a request seen for the first time, or a
   * mutation, costs no statement here.
   */
  async get(key: string, context: GatewayContext, versionNow: () => Promise<string | null>): Promise<KeptAnswer | undefined> {
    const kept = this.lru.get(`public\n${key}`) ?? this.lru.get(`${sessionOf(context)}\n${key}`);
    if (!kept || kept.version !== (await versionNow())) return undefined;
    this.hits += 1;
    const age = String(Math.floor((Date.now() - kept.computedAt) / 1000));
    return { status: kept.status, headers: [...kept.headers, ['age', age]], body: kept.body };
  }

  keep(version: string, key: string, context: GatewayContext, policy: { scope: 'PUBLIC' | 'PRIVATE'; maxAge: number }, response: HTTPGraphQLResponse): void {
    if ((response.status ?? 200) !== 200 || response.body.kind !== 'complete') return;
    // An answer Apollo's store gave says how old it already is.
    const computedAt = Date.now() - Number(response.headers.get('age') ?? 0) * 1000;
    const headers = [...response.headers].filter(([name]) => name !== 'age');
    const { string: body } = response.body;
    const scope = policy.scope === 'PUBLIC' ? 'public' : sessionOf(context);
    this.lru.set(`${scope}\n${key}`, { status: 200, headers, body, computedAt, version }, body.length + key.length, computedAt + policy.maxAge * 1000);
  }

  clear(): void {
    this.lru.clear();
  }
}

/** Answers in Redis, shared by the replicas. A Redis that does not answer costs no request anything: reads miss, stores are dropped. */
class RedisStore implements AnswerStore {
  private readonly redis: Redis;
  private closing = false;
  private warned = false;

  constructor(url: string, namespace: string, private readonly logger: Logger) {
    this.redis = new Redis(url, {
      keyPrefix: namespace,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 250,
      connectTimeout: 2000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    this.redis.on('error', (error: Error) => this.warn(error.message));
    this.redis.on('close', () => !this.closing && this.warn('connection closed'));
    this.redis.on('ready', () => {
      if (this.warned) logger.info({ redis: redactUrl(url) }, 'response cache: Redis answers again');
      this.warned = false;
    });
  }

  private warn(reason: string): void {
    if (this.warned || this.closing) return;
    this.warned = true;
    this.logger.warn({ reason }, 'response cache: Redis does not answer; answers are computed afresh until it does');
  }

  async get(key: string): Promise<string | undefined> {
    if (this.redis.status !== 'ready') return undefined;
    try {
      return (await this.redis.get(key)) ?? undefined;
    } catch (error) {
      this.warn((error as Error).message);
      return undefined;
    }
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    const ttlSeconds = options?.ttl ?? 0;
    if (ttlSeconds <= 0 || this.redis.status !== 'ready') return;
    try {
      await this.redis.set(key, value, 'EX', ttlSeconds);
    } catch (error) {
      this.warn((error as Error).message);
    }
  }

  async delete(key: string): Promise<boolean> {
    try {
      return (await this.redis.del(key)) > 0;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    this.redis.disconnect();
  }
}

/**
 * Reads the hub's data version (lib/change-counter.ts). Each caller gets a version read by a
 * statement that started after its call: a statement already in flight may have started before a
 * write the caller has seen committed, so callers arriving meanwhile share the next one.
 */
class DataVersion {
  private readonly pool: Pool;
  private readonly sql: string;
  private inFlight: Promise<string | null> | undefined;
  private next: Promise<string | null> | undefined;
  private failing = false;
  /** After a failure, requests do not wait for the database until then (a wrong DATABASE_URL must not slow every read). */
  private retryAt = 0;
  private last: string | null = null;

  constructor(
    databaseUrl: string,
    schemas: readonly string[],
    private readonly logger: Logger,
    private readonly onMoved: () => void,
  ) {
    this.sql = dataVersionSql(schemas);
    this.pool = new Pool({
      connectionString: databaseUrl,
      application_name: 'hub-gateway-response-cache',
      max: 2,
      idleTimeoutMillis: 0,
      connectionTimeoutMillis: 2000,
      query_timeout: 2000,
    });
    // A connection lost while idle: the next read opens another one.
    this.pool.on('error', (error) => this.fail(error));
  }

  /** The version now, or null when it cannot be read (then the cache is not used). */
  read(): Promise<string | null> {
    if (this.failing && Date.now() < this.retryAt) return Promise.resolve(null);
    if (!this.inFlight) return this.start();
    this.next ??= this.inFlight.then(() => {
      this.next = undefined;
      return this.start();
    });
    return this.next;
  }

  private start(): Promise<string | null> {
    const query = this.query();
    this.inFlight = query;
    void query.finally(() => {
      if (this.inFlight === query) this.inFlight = undefined;
    });
    return query;
  }

  private async query(): Promise<string | null> {
    try {
      // Named: PostgreSQL parses and plans it once per connection.
      const { rows } = await this.pool.query<{ version: string }>({ name: 'hub-data-version', text: this.sql });
      const version = rows[0].version;
      if (this.failing) this.logger.info('response cache: the data version answers again');
      this.failing = false;
      if (version !== this.last) {
        if (this.last !== null) this.onMoved();
        this.last = version;
      }
      return version;
    } catch (error) {
      this.fail(error as Error);
      return null;
    }
  }

  private fail(error: Error): void {
    this.retryAt = Date.now() + VERSION_RETRY_MS;
    if (this.failing) return;
    this.failing = true;
    this.logger.warn({ reason: error.message }, 'response cache: cannot read the data version; nothing is cached until it can');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Host, port and database name of a PostgreSQL URL (never its credentials). */
function databaseOf(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return 'database';
  }
}

/** Who the answer is for, from the verified viewer: the same subject with another role or member is another viewer. */
function sessionOf(context: GatewayContext): string {
  const { viewer } = context;
  // Every anonymous reader sees the same answers.
  if (viewer.anonymous) return 'anonymous';
  return JSON.stringify([viewer.credential ?? null, viewer.subject, viewer.role, viewer.memberCode]);
}

const isQuery = (requestContext: GraphQLRequestContext<GatewayContext>) => requestContext.operation?.operation === 'query';

/** A GET whose operation is named by its hash (extensions.persistedQuery): a stable URL a browser or proxy may keep. */
function isPersistedGet(requestContext: GraphQLRequestContext<GatewayContext>): boolean {
  const { request } = requestContext;
  const persistedQuery = request.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
  return request.http?.method === 'GET' && typeof persistedQuery?.sha256Hash === 'string';
}

/** Cache-Control for browsers and proxies: public only for a persisted GET whose whole answer is PUBLIC. */
function httpCacheHeaderPlugin(enabled: boolean): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(requestContext) {
          const { response } = requestContext;
          if (!response.http) return;
          const policy = requestContext.overallCachePolicy.policyIfCacheable();
          const clean = response.body.kind === 'single' && !response.body.singleResult.errors;
          const shareable = enabled && clean && policy?.scope === 'PUBLIC' && isQuery(requestContext) && isPersistedGet(requestContext);
          response.http.headers.set('cache-control', shareable && policy ? `public, max-age=${policy.maxAge}` : 'no-store');
        },
      };
    },
  };
}

/** Builds the gateway's response cache (or only its headers, when off); `close` releases its connections. */
export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  const { logger } = options;
  // The gateway's overall policy comes from its fetches' headers; the header it sends is ours.
  const cacheControl = ApolloServerPluginCacheControl({ calculateHttpHeaders: false }) as ApolloServerPlugin<GatewayContext>;
  if (!options.enabled || !options.databaseUrl) {
    if (options.enabled) logger.info('response cache off: the gateway has no DATABASE_URL to read the data version from (docs/performance.md)');
    else logger.info('response cache off (HUB_RESPONSE_CACHE=false)');
    return { plugins: [cacheControl, httpCacheHeaderPlugin(false)], hotHits: () => 0, close: async () => undefined };
  }

  const memory = options.redisUrl ? undefined : new MemoryStore();
  const store: AnswerStore = memory ?? new RedisStore(options.redisUrl as string, options.namespace ?? DEFAULT_NAMESPACE, logger);
  const hot = new HotAnswers();
  const dataVersion = new DataVersion(options.databaseUrl, options.schemas, logger, () => {
    memory?.clear();
    hot.clear();
  });
  logger.info({ shared: !memory }, memory ? 'response cache on, in this process' : 'response cache on, shared through Redis');

  // Which database the version counts (two hubs sharing one Redis must never share answers).
  const database = databaseOf(options.databaseUrl);
  // The data version each request reads once (null: the cache is not used for it), shared by the
  // hot answers' lookup and Apollo's plugin; keyed by the request (its context's perRequest).
  const versions = new WeakMap<object, Promise<string | null>>();
  const versionFor = ({ perRequest }: GatewayContext): Promise<string | null> => {
    let version = versions.get(perRequest);
    if (!version) {
      version = dataVersion.read();
      versions.set(perRequest, version);
    }
    return version;
  };
  // Operations that skip the cache (their document's last answer could not be kept): no version read for them.
  const skipped = new WeakSet<object>();
  // Documents whose last clean answer was not cacheable (tickets, the audit trail…): until when they are not looked up.
  const uncacheable = new Map<string, number>();
  const isUncacheable = (key: string) => (uncacheable.get(key) ?? 0) > Date.now();
  const markUncacheable = (key: string) => {
    if (uncacheable.size >= UNCACHEABLE_MAX) uncacheable.clear();
    uncacheable.set(key, Date.now() + UNCACHEABLE_MS);
  };
  const usable = async (requestContext: GraphQLRequestContext<GatewayContext>) =>
    !skipped.has(requestContext.request) && (await versionFor(requestContext.contextValue)) !== null;
  const responseCache = responseCachePlugin<GatewayContext>({
    cache: store,
    sessionId: async (requestContext) => sessionOf(requestContext.contextValue),
    extraCacheKeyData: async (requestContext) => {
      const { contextValue } = requestContext;
      if (isUncacheable(requestContext.source ?? '')) skipped.add(requestContext.request);
      const version = skipped.has(requestContext.request) ? null : await versionFor(contextValue);
      return { database, version };
    },
    shouldReadFromCache: usable,
    shouldWriteToCache: usable,
  });

  // The policy of each answer the hot answers may keep.
  const keepable = new WeakMap<object, { scope: 'PUBLIC' | 'PRIVATE'; maxAge: number }>();
  const recordOutcome: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      return {
        async willSendResponse(requestContext) {
          const { response, source, contextValue } = requestContext;
          if (source === undefined || !isQuery(requestContext) || response.body.kind !== 'single' || response.body.singleResult.errors) return;
          const policy = requestContext.overallCachePolicy.policyIfCacheable();
          if (!policy) {
            markUncacheable(source);
            return;
          }
          uncacheable.delete(source);
          if (!(await usable(requestContext))) return;
          keepable.set(contextValue.perRequest, { scope: policy.scope === 'PRIVATE' ? 'PRIVATE' : 'PUBLIC', maxAge: policy.maxAge });
        },
      };
    },
  };

  const shortcut: AnswerShortcut<GatewayContext> = {
    lookup: (key, context) => hot.get(key, context, () => versionFor(context)),
    remember(key, context, response) {
      const policy = keepable.get(context.perRequest);
      if (policy) void versionFor(context).then((version) => version !== null && hot.keep(version, key, context, policy, response));
    },
  };

  return {
    plugins: [cacheControl, responseCache, recordOutcome, httpCacheHeaderPlugin(true)],
    shortcut,
    hotHits: () => hot.hits,
    async close() {
      await dataVersion.close();
      await store.close?.();
    },
  };
}
