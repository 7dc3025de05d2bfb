import type { ApolloServerPlugin, HTTPGraphQLResponse } from '@apollo/server';
import { getOperationAST, parse, type OperationTypeNode } from 'graphql';
import type { RequestCollapsing } from '../lib/http';
import { limitParseOptions } from '../lib/limits';
import type { GatewayContext } from './context';
import { viewerShareKey } from './deduplication';

/**
 * Identical requests in flight answered once (HUB_COLLAPSE_IDENTICAL_REQUESTS, on by default):
 * while a query is being answered, the same request (byte for byte: method, query string, Accept,
 * body) from the same viewer waits for that answer instead of running the pipeline again. The
 * dashboard opened by many intranet users at once, or a BI refresh, costs one parse, one plan and
 * one set of subgraph fetches. The subgraph fetches' own deduplication (deduplication.ts) still
 * shares what distinct requests have in common.
 *
 * Same rules as that deduplication:
 * - the viewer part of the key is the viewer the credential check found, never a header, so no
 *   answer crosses from one viewer to another (every anonymous reader is the same viewer);
 * - queries only, never a mutation (the kind read from the request's document; a persisted hash
 *   alone is never shared); a mutation answered through this gateway ends every sharing in flight,
 *   so that a read sent after the write's answer runs on its own and sees the write;
 * - nothing is kept once answered (the response cache is what keeps answers).
 *
 * An answer that is not whole (an incremental delivery) is not shared: the waiting requests then
 * run on their own.
 */

/** Documents whose operation kinds are remembered at most (the memory is dropped beyond). */
const KNOWN_DOCUMENTS_MAX = 2_000;
/** Longer documents are never shared (their parse would cost more than it saves). */
const DOCUMENT_MAX_CHARS = 100_000;

interface Shared {
  response: Promise<HTTPGraphQLResponse>;
}

export class IdenticalRequests implements RequestCollapsing<GatewayContext> {
  private readonly inflight = new Map<string, Shared>();
  /** Operation kind by document and operation name; null: cannot be told (then nothing is shared). */
  private readonly kinds = new Map<string, OperationTypeNode | null>();
  /** Requests that waited for an identical one instead of running (for tests and the benchmark). */
  joined = 0;

  async run(
    request: { key: string; method: string; search: string; body: unknown },
    context: GatewayContext,
    execute: () => Promise<HTTPGraphQLResponse>,
  ): Promise<HTTPGraphQLResponse> {
    if (this.kindOf(request) !== 'query') return execute();
    const key = `${viewerShareKey(context.viewer)}\n${request.key}`;
    const existing = this.inflight.get(key);
    if (existing) {
      this.joined += 1;
      const response = await existing.response.catch(() => undefined);
      // Not shareable: this request runs on its own.
      if (!response || response.body.kind !== 'complete') return execute();
      return response;
    }
    const shared: Shared = { response: execute() };
    this.inflight.set(key, shared);
    const forget = () => {
      // Only its own entry: a mutation may have cleared the map and a newer request taken the key.
      if (this.inflight.get(key) === shared) this.inflight.delete(key);
    };
    shared.response.then(forget, forget);
    return shared.response;
  }

  get size(): number {
    return this.inflight.size;
  }

  /**
   * Ends every sharing in flight when a mutation is answered, before its answer is sent: whichever
   * way it came (a document, a persisted operation's hash), Apollo has resolved its operation.
   */
  plugin(): ApolloServerPlugin<GatewayContext> {
    return {
      requestDidStart: async () => ({
        willSendResponse: async ({ operation }) => {
          if (operation?.operation === 'mutation') this.inflight.clear();
        },
      }),
    };
  }

  /** The request's operation kind, from its document (POST body or GET parameters); undefined when there is none to read (a persisted hash alone). */
  private kindOf(request: { method: string; search: string; body: unknown }): OperationTypeNode | null | undefined {
    let query: unknown;
    let operationName: unknown;
    if (request.method === 'POST') {
      const body = request.body as { query?: unknown; operationName?: unknown } | undefined;
      query = body?.query;
      operationName = body?.operationName;
    } else {
      const params = new URLSearchParams(request.search);
      query = params.get('query') ?? undefined;
      operationName = params.get('operationName') ?? undefined;
    }
    if (typeof query !== 'string' || query.length > DOCUMENT_MAX_CHARS) return undefined;
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return null;
    const documentKey = `${operationName ?? ''}\n${query}`;
    const known = this.kinds.get(documentKey);
    if (known !== undefined) return known;
    let kind: OperationTypeNode | null;
    try {
      kind = getOperationAST(parse(query, { ...limitParseOptions(), noLocation: true }), operationName ?? undefined)?.operation ?? null;
    } catch {
      kind = null; // Apollo says what is wrong with it
    }
    if (this.kinds.size >= KNOWN_DOCUMENTS_MAX) this.kinds.clear();
    this.kinds.set(documentKey, kind);
    return kind;
  }
}
