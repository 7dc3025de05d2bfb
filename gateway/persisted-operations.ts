import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { PERSISTED_OPERATIONS_PATH } from '../lib/paths';

/**
 * Persisted operations: the SDK's operations, published by `npm run codegen` as
 * sdk/persisted-operations.json (SHA-256 → text), are accepted by hash alone, in Apollo's
 * automatic-persisted-query format (`extensions.persistedQuery.sha256Hash`, version 1). With
 * HUB_PERSISTED_OPERATIONS_ONLY=true the gateway executes nothing else: any other document, or
 * an unknown hash, is refused with PERSISTED_QUERY_NOT_IN_LIST.
 */
export { PERSISTED_OPERATIONS_PATH };
export const NOT_IN_LIST = 'PERSISTED_QUERY_NOT_IN_LIST';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Reads the manifest, checking that every key is its text's hash (a hand-edited manifest would otherwise run other text). */
export function loadPersistedOperations(file = PERSISTED_OPERATIONS_PATH): Map<string, string> {
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const operations = new Map<string, string>();
  for (const [hash, text] of Object.entries(manifest)) {
    if (typeof text !== 'string' || sha256(text) !== hash) {
      throw new Error(`${path.basename(file)}: the entry ${hash} is not the SHA-256 of its text; regenerate it with \`npm run codegen\``);
    }
    operations.set(hash, text);
  }
  return operations;
}

export interface PersistedOperationsOptions {
  /** Refuse every operation that is not in the manifest. */
  only: boolean;
  /** The manifest; read from sdk/persisted-operations.json when omitted. */
  operations?: Map<string, string>;
  manifestPath?: string;
}

/**
 * Executions the gateway starts itself with documents fixed in its own code (the BI exports run
 * gateway/export/operations.graphql as the caller): persisted-only mode is a guard on what clients
 * send, so these pass. Marked on their context by a symbol private to this module: only the
 * gateway's code builds contexts, and nothing a client sends can carry a symbol (Apollo copies the
 * context before running it; the copy keeps the mark).
 */
const TRUSTED_EXECUTION = Symbol('trusted execution');

/** A copy of `context` marked as the context of an execution the gateway runs itself. */
export function asTrustedExecution<TContext extends object>(context: TContext): TContext {
  return { ...context, [TRUSTED_EXECUTION]: true };
}

const isTrustedExecution = (context: unknown): boolean =>
  typeof context === 'object' && context !== null && (context as Record<symbol, unknown>)[TRUSTED_EXECUTION] === true;

/** Placeholder the refused request runs up to didResolveOperation, where it is answered with the coded error. */
const REFUSED_PLACEHOLDER = '{ __typename }';

export function persistedOperationsPlugin(options: PersistedOperationsOptions): ApolloServerPlugin<BaseContext> & { size: number } {
  const file = options.manifestPath ?? PERSISTED_OPERATIONS_PATH;
  let operations = options.operations;
  if (!operations) {
    if (fs.existsSync(file)) operations = loadPersistedOperations(file);
    else if (options.only) throw new Error(`HUB_PERSISTED_OPERATIONS_ONLY=true but ${file} does not exist (run \`npm run codegen\`)`);
    else operations = new Map();
  }
  const known = operations;
  const listed = new Set(known.keys());
  return {
    size: known.size,
    async requestDidStart({ request, contextValue }) {
      const persistedQuery = request.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
      const hash = typeof persistedQuery?.sha256Hash === 'string' ? persistedQuery.sha256Hash : undefined;
      // A known hash without text: hand Apollo the text, which it checks against the hash as usual.
      if (hash !== undefined && request.query === undefined && known.has(hash)) request.query = known.get(hash);
      if (!options.only) return;
      if (isTrustedExecution(contextValue)) return;
      if (typeof request.query === 'string' && listed.has(sha256(request.query))) return;
      // Refused: run nothing of what was sent, and answer before execution with a coded error.
      request.query = REFUSED_PLACEHOLDER;
      request.operationName = undefined;
      request.variables = undefined;
      if (request.extensions) delete request.extensions.persistedQuery;
      return {
        async didResolveOperation() {
          throw new GraphQLError(
            hash !== undefined
              ? 'Unknown persisted operation: this gateway only runs the operations of the hub SDK (sdk/persisted-operations.json)'
              : 'This gateway only runs persisted operations: send extensions.persistedQuery.sha256Hash of an operation of the hub SDK',
            { extensions: { code: NOT_IN_LIST, http: { status: 400 } } },
          );
        },
      };
    },
  };
}
