import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import Redis from 'ioredis';
import { Client } from 'pg';
import { CHANGE_CHANNEL } from '../lib/change-notifications';
import type { Logger } from '../lib/logger';
import type { GatewayContext } from './context';

/**
 * The gateway's response cache: Apollo Server's response cache plugin, storing the answers whose
 * every part the subgraphs' cache hints allow (lib/cache-hints.ts: the gateway's overall policy is
 * the most restrictive of its fetches' Cache-Control headers). PUBLIC answers are shared by every
 * viewer; PRIVATE ones are kept per viewer, keyed by the viewer the credential check found (never
 * by a header the caller sent). Mutations are never cached.
 *
 * Never stale after a write: every key starts with a generation, and any write makes a new one, so
 * that every answer stored before it is out of reach at once (and expires by its own maxAge):
 * - a mutation through this gateway moves the generation before its answer leaves the gateway;
 * - any other write (intake, imports, seeds, another gateway's mutation) leaves a row in a change
 *   table, whose trigger notifies at commit (lib/change-notifications.ts); this gateway LISTENs on
 *   DATABASE_URL and moves the generation when told. While it is not listening (not connected yet,
 *   connection lost), it neither reads nor stores answers: it cannot know what changed.
 * In this process the generation is a counter; with HUB_REDIS_URL it is a Redis key every gateway
 * reads per request and INCRs, and the answers are in Redis too, shared by every replica.
 *
 * Browsers and proxies: a GET of a persisted operation whose answer is PUBLIC says
 * `Cache-Control: public, max-age=…`; every other answer says `no-store`.
 */

const DEFAULT_NAMESPACE = 'hub:response-cache:';
/** Answers kept in this process at most (bytes of JSON, roughly); the least recently used go first. */
const MEMORY_CAPACITY_BYTES = 64 * 1024 * 1024;

export interface ResponseCacheOptions {
  /** HUB_RESPONSE_CACHE; false: nothing is cached, every answer says no-store. */
  enabled: boolean;
  /** Where the gateway hears writes that do not go through it; without one, nothing is cached. */
  databaseUrl?: string;
  /** HUB_REDIS_URL: answers and generation shared by every gateway using that Redis. */
  redisUrl?: string;
  /** Prefix of the Redis keys (tests give each hub its own). */
  namespace?: string;
  logger: Logger;
}

export interface ResponseCache {
  /** The Apollo plugins: cache-control policy, the response cache, invalidation, HTTP headers. */
  plugins: ApolloServerPlugin<GatewayContext>[];
  /** Caching right now: on, and listening to the database's writes. */
  readonly active: boolean;
  close(): Promise<void>;
}

/** Apollo's KeyValueCache, as the response cache plugin uses it. */
interface AnswerStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttl?: number | null }): Promise<void>;
  delete(key: string): Promise<boolean | void>;
}

/** Which answers are current: null when it cannot be known right now (nothing is then read or stored). */
interface Generation {
  current(): Promise<string | null>;
  /** A write happened: every answer stored so far is out of reach. */
  bump(): Promise<void>;
}

/** Answers in this process: least recently used first out, each until its maxAge. */
class MemoryStore implements AnswerStore {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();
  private bytes = 0;

  async get(key: string): Promise<string | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= Date.now()) {
      this.bytes -= entry.value.length;
      return undefined;
    }
    this.entries.set(key, entry);
    return entry.value;
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    await this.delete(key);
    const ttlSeconds = options?.ttl ?? 0;
    if (ttlSeconds <= 0 || value.length > MEMORY_CAPACITY_BYTES / 8) return;
    this.entries.set(key, { value, expiresAt: Date.now() + ttlSeconds * 1000 });
    this.bytes += value.length;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= MEMORY_CAPACITY_BYTES) break;
      this.entries.delete(oldest);
      this.bytes -= entry.value.length;
    }
  }

  async delete(key: string): Promise<boolean> {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.bytes -= entry.value.length;
    return true;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}

/** The generation in this process; old answers are dropped at once (none can be read again). */
class MemoryGeneration implements Generation {
  private value = 0;
  constructor(private readonly store: MemoryStore) {}

  async current(): Promise<string> {
    return String(this.value);
  }

  async bump(): Promise<void> {
    this.value += 1;
    this.store.clear();
  }
}

/** The URL without its password, for logs. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis';
  }
}

/**
 * Answers and generation in Redis. A Redis that does not answer costs no request anything: reads
 * miss, stores are dropped. A generation that could not be moved (a mutation while Redis was away)
 * stops this gateway from using the cache until it has been moved.
 */
class RedisCache implements AnswerStore, Generation {
  private readonly redis: Redis;
  private bumpOwed = false;
  private closing = false;
  private warned = false;

  constructor(
    url: string,
    private readonly namespace: string,
    private readonly logger: Logger,
  ) {
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
      if (this.warned) logger.info({ redis: redact(url) }, 'response cache: Redis answers again');
      this.warned = false;
      if (this.bumpOwed) void this.bump();
    });
  }

  private warn(reason: string): void {
    if (this.warned) return;
    this.warned = true;
    this.logger.warn({ reason }, 'response cache: Redis does not answer; nothing is cached until it does');
  }

  async get(key: string): Promise<string | undefined> {
    try {
      return (await this.redis.get(key)) ?? undefined;
    } catch (error) {
      this.warn((error as Error).message);
      return undefined;
    }
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    const ttlSeconds = options?.ttl ?? 0;
    if (ttlSeconds <= 0) return;
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

  async current(): Promise<string | null> {
    if (this.bumpOwed || this.redis.status !== 'ready') return null;
    try {
      return (await this.redis.get('generation')) ?? '0';
    } catch (error) {
      this.warn((error as Error).message);
      return null;
    }
  }

  async bump(): Promise<void> {
    try {
      await this.redis.incr('generation');
      this.bumpOwed = false;
    } catch (error) {
      this.bumpOwed = true;
      this.logger.error({ err: error }, 'response cache: could not invalidate the shared cache after a write; not caching in this gateway until Redis answers');
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    this.redis.disconnect();
  }
}

/**
 * LISTENs to the change tables' notifications (lib/change-notifications.ts), reconnecting when the
 * connection is lost. `listening` is true only between a LISTEN and the loss of its connection; each
 * (re)connection moves the generation once, for the writes it may have missed.
 */
class ChangeListener {
  listening = false;
  private client: Client | undefined;
  private retry: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private closing = false;
  private failures = 0;

  constructor(
    private readonly databaseUrl: string,
    private readonly onChange: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    void this.connect();
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl, application_name: 'hub-gateway-response-cache', keepAlive: true, connectionTimeoutMillis: 5000 });
    this.client = client;
    client.on('notification', () => void this.onChange());
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`listen ${CHANGE_CHANNEL}`);
      await this.onChange();
      if (this.client !== client || this.closing) return;
      this.listening = true;
      if (this.failures > 0) this.logger.info('response cache: listening to the database again');
      this.failures = 0;
      // A connection that died silently must not pass for a listening one.
      this.heartbeat = setInterval(() => {
        client.query('select 1').catch((error: Error) => this.lost(client, error));
      }, 15_000);
      this.heartbeat.unref();
    } catch (error) {
      this.lost(client, error as Error);
    }
  }

  private lost(client: Client, error?: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.listening = false;
    clearInterval(this.heartbeat);
    client.removeAllListeners('end');
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (this.closing) return;
    if (this.failures === 0) {
      this.logger.warn({ reason: error?.message ?? 'connection ended' }, 'response cache: not listening to the database; nothing is cached until it is again');
    }
    this.failures += 1;
    this.retry = setTimeout(() => void this.connect(), Math.min(this.failures * 500, 5000));
    this.retry.unref();
  }

  async close(): Promise<void> {
    this.closing = true;
    this.listening = false;
    clearTimeout(this.retry);
    clearInterval(this.heartbeat);
    const client = this.client;
    this.client = undefined;
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
    }
  }
}

/** Who the answer is for, from the verified viewer: the same subject with another role or member is another viewer. */
function sessionOf(context: GatewayContext): string {
  const { viewer } = context;
  // Every anonymous reader sees the same answers.
  if (viewer.anonymous) return 'anonymous';
  return JSON.stringify([viewer.credential ?? null, viewer.subject, viewer.role, viewer.memberCode]);
}

const isMutation = (requestContext: GraphQLRequestContext<GatewayContext>) => requestContext.operation?.operation === 'mutation';

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
          const shareable = enabled && clean && policy?.scope === 'PUBLIC' && isPersistedGet(requestContext) && !isMutation(requestContext);
          response.http.headers.set('cache-control', shareable && policy ? `public, max-age=${policy.maxAge}` : 'no-store');
        },
      };
    },
  };
}

/** Builds the gateway's response cache (or only its headers, when off); `close` releases its connections. */
export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  const { logger } = options;
  // The gateway's own policy comes from its fetches' headers only; the header it sends is ours.
  const cacheControl = ApolloServerPluginCacheControl({ calculateHttpHeaders: false }) as ApolloServerPlugin<GatewayContext>;
  if (!options.enabled || !options.databaseUrl) {
    if (options.enabled) logger.warn('response cache off: the gateway has no DATABASE_URL to hear the writes that do not go through it');
    else logger.info('response cache off (HUB_RESPONSE_CACHE=false)');
    return { plugins: [cacheControl, httpCacheHeaderPlugin(false)], active: false, close: async () => undefined };
  }

  let store: AnswerStore;
  let generation: Generation;
  let redis: RedisCache | undefined;
  if (options.redisUrl) {
    redis = new RedisCache(options.redisUrl, options.namespace ?? DEFAULT_NAMESPACE, logger);
    store = redis;
    generation = redis;
  } else {
    const memory = new MemoryStore();
    store = memory;
    generation = new MemoryGeneration(memory);
  }
  const listener = new ChangeListener(options.databaseUrl, () => generation.bump(), logger);
  listener.start();
  logger.info({ shared: Boolean(options.redisUrl) }, options.redisUrl ? 'response cache on, shared through Redis' : 'response cache on, in this process');

  // The generation each request started with (null: do not use the cache for it).
  const generations = new WeakMap<object, string | null>();
  const usable = (requestContext: GraphQLRequestContext<GatewayContext>) => listener.listening && (generations.get(requestContext.request) ?? null) !== null;

  const responseCache = responseCachePlugin<GatewayContext>({
    cache: store,
    sessionId: async (requestContext) => sessionOf(requestContext.contextValue),
    extraCacheKeyData: async (requestContext) => {
      const current = listener.listening ? await generation.current() : null;
      generations.set(requestContext.request, current);
      return { generation: current };
    },
    shouldReadFromCache: async (requestContext) => usable(requestContext),
    shouldWriteToCache: async (requestContext) => usable(requestContext),
  });

  const invalidateOnMutation: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      return {
        // Before the mutation's answer leaves: whoever reads next reads after the write.
        async willSendResponse(requestContext) {
          if (isMutation(requestContext)) await generation.bump();
        },
      };
    },
  };

  return {
    plugins: [cacheControl, invalidateOnMutation, responseCache, httpCacheHeaderPlugin(true)],
    get active() {
      return listener.listening;
    },
    async close() {
      await listener.close();
      await redis?.close();
    },
  };
}
