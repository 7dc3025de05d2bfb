import { type HubOperation, operations } from './generated/operations.js';

/** How to reach the hub. */
export interface HubClientOptions {
  /** The gateway's GraphQL endpoint, e.g. `http://localhost:4000/graphql`. */
  url: string;
  /**
   * A JWT from the SII (`npm run token -- --role MEMBER_AGENT --member BOBIGNY` in development),
   * or a function returning one (called before each request, so a token can be refreshed).
   * No token: the hub answers as to an anonymous reader.
   */
  token?: string | undefined | (() => string | undefined | Promise<string | undefined>);
  /** Extra headers on every request (e.g. `x-request-id`). */
  headers?: Record<string, string> | undefined;
  /** A fetch implementation; defaults to the global one (Node 18+, every browser). */
  fetch?: typeof fetch | undefined;
  /**
   * Sends each operation by its SHA-256 first (Apollo's persisted-query protocol), falling back to
   * the full text only when the gateway does not know the hash. Default true; required when the
   * gateway runs with HUB_PERSISTED_OPERATIONS_ONLY=true.
   */
  persistedOperations?: boolean | undefined;
}

/** One GraphQL error as the hub sends it; `extensions.code` is one of the hub's error codes (sdk/README.md, "Errors"). */
export interface HubGraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

/** Thrown when the hub answers with errors (or not with GraphQL at all). */
export class HubError extends Error {
  /** The first error's `extensions.code` (`UNAUTHENTICATED`, `FORBIDDEN`, `BAD_USER_INPUT`, …), or `HTTP_<status>`. */
  readonly code: string;
  constructor(
    readonly errors: HubGraphQLError[],
    /** Whatever data came with the errors (a partial result), or null. */
    readonly data: unknown,
    readonly status: number,
  ) {
    super(errors.map((error) => error.message).join('; ') || `HTTP ${status}`);
    this.name = 'HubError';
    this.code = errors[0]?.extensions?.code ?? `HTTP_${status}`;
  }
}

/** Per-call options. */
export interface RequestOptions {
  headers?: Record<string, string> | undefined;
  signal?: AbortSignal | undefined;
}

type ResultOf<O> = O extends HubOperation<infer R, unknown> ? R : never;
type VariablesOf<O> = O extends HubOperation<unknown, infer V> ? V : never;
/** Variables are optional exactly when the operation has no required variable. */
type OperationMethod<O> = {} extends VariablesOf<O>
  ? (variables?: VariablesOf<O>, options?: RequestOptions) => Promise<ResultOf<O>>
  : (variables: VariablesOf<O>, options?: RequestOptions) => Promise<ResultOf<O>>;

export type HubOperations = typeof operations;
export type HubOperationName = keyof HubOperations;

/** One typed method per operation of sdk/operations/*.graphql, named after it in camelCase. */
export type HubClient = { [K in HubOperationName]: OperationMethod<HubOperations[K]> } & {
  /** Runs any SDK operation object (from `operations`) by hand. */
  execute<TResult, TVariables>(operation: HubOperation<TResult, TVariables>, variables?: TVariables, options?: RequestOptions): Promise<TResult>;
};

interface GraphQLResponseBody {
  data?: unknown;
  errors?: HubGraphQLError[];
}

/**
 * A typed client of the hub over plain `fetch`: no GraphQL library at run time.
 *
 *   const hub = createHubClient({ url: 'http://localhost:4000/graphql', token });
 *   const { member } = await hub.memberDashboard({ code: 'BOBIGNY' });
 */
export function createHubClient(options: HubClientOptions): HubClient {
  const doFetch = options.fetch ?? globalThis.fetch;
  if (!doFetch) throw new Error('createHubClient: no fetch available; pass options.fetch');
  const persisted = options.persistedOperations ?? true;

  async function post(body: Record<string, unknown>, requestOptions: RequestOptions | undefined): Promise<{ status: number; payload: GraphQLResponseBody }> {
    const token = typeof options.token === 'function' ? await options.token() : options.token;
    const response = await doFetch(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...options.headers,
        ...requestOptions?.headers,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
      signal: requestOptions?.signal ?? null,
    });
    const text = await response.text();
    try {
      return { status: response.status, payload: JSON.parse(text) as GraphQLResponseBody };
    } catch {
      throw new HubError([{ message: `The hub answered HTTP ${response.status} without a GraphQL body` }], null, response.status);
    }
  }

  async function execute<TResult, TVariables>(
    operation: HubOperation<TResult, TVariables>,
    variables?: TVariables,
    requestOptions?: RequestOptions,
  ): Promise<TResult> {
    const base = { operationName: operation.name, variables: variables ?? {} };
    const persistedQuery = { version: 1, sha256Hash: operation.sha256 };
    let answer = persisted
      ? await post({ ...base, extensions: { persistedQuery } }, requestOptions)
      : await post({ ...base, query: operation.document }, requestOptions);
    // A gateway that does not know the hash yet (an older manifest): send the text once, as APQ does.
    if (persisted && answer.payload.errors?.some((error) => error.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND')) {
      answer = await post({ ...base, query: operation.document, extensions: { persistedQuery } }, requestOptions);
    }
    const { payload, status } = answer;
    if (payload.errors && payload.errors.length > 0) throw new HubError(payload.errors, payload.data ?? null, status);
    if (payload.data === undefined || payload.data === null) throw new HubError([], null, status);
    return payload.data as TResult;
  }

  const client: Record<string, unknown> = { execute };
  for (const [method, operation] of Object.entries(operations)) {
    client[method] = (variables?: unknown, requestOptions?: RequestOptions) =>
      execute(operation as HubOperation<unknown, unknown>, variables, requestOptions);
  }
  return client as HubClient;
}
