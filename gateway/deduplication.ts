import type { Viewer } from '../lib/auth';

/**
 * In-flight deduplication of identical subgraph fetches (HUB_DEDUPLICATE_SUBGRAPH_REQUESTS, on by
 * default): while a query fetch is on its way to a subgraph, an identical one (same subgraph, same
 * request body: document, variables and operation name, same viewer) joins it instead of being
 * sent again. Many intranet users opening the same dashboard, or a BI refresh fanning out, ask
 * the same thing at the same moment.
 *
 * The viewer part of the key is the verified viewer of the gateway's context, never a header: the
 * vouch the gateway sends is signed per request, and a subgraph's answer depends on exactly the
 * viewer that vouch describes (subject, role, member, credential kind). So no answer crosses from
 * one viewer to another.
 *
 * What is shared is the answer's bytes: each sharer parses its own copy (the gateway merges
 * subgraph answers into its result in place, so two requests must never hold the same objects).
 * An entry lives only while its fetch is in flight; nothing is cached.
 */

/** An answer read to the end, shared by every request that joined its fetch. */
export interface BufferedAnswer {
  status: number;
  statusText: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * The gateway sets this on a fetch that may be shared, carrying the viewer's key from its context
 * (data-source.ts); the fetcher takes it off before sending, so a subgraph never sees it.
 */
export const SHARE_KEY_HEADER = 'x-hub-share-viewer';

/**
 * Who the subgraph will answer for: everything the gateway's vouch says about the viewer. It travels
 * in a header, so it is percent-encoded: a subject may hold any character (an API key's name is the
 * subject of its calls, e.g. "Power BI – Bobigny").
 */
export function viewerShareKey(viewer: Viewer): string {
  return encodeURIComponent(JSON.stringify([viewer.anonymous, viewer.subject, viewer.role, viewer.memberCode, viewer.credential ?? null]));
}

/** The fetches in flight, one registry per gateway (shared by its subgraphs' data sources). */
export class InflightFetches {
  private readonly inflight = new Map<string, Promise<BufferedAnswer>>();
  /** Fetches that joined another one instead of being sent (for tests and the benchmark). */
  shared = 0;
  sent = 0;

  /** `start()`'s answer, or the answer of the identical fetch already in flight. */
  run(key: string, start: () => Promise<BufferedAnswer>): Promise<BufferedAnswer> {
    const existing = this.inflight.get(key);
    if (existing) {
      this.shared += 1;
      return existing;
    }
    this.sent += 1;
    const answer = start();
    this.inflight.set(key, answer);
    const forget = () => {
      // Only its own entry: forgetAll() may have let a newer fetch take the key meanwhile.
      if (this.inflight.get(key) === answer) this.inflight.delete(key);
    };
    answer.then(forget, forget);
    return answer;
  }

  /**
   * A write went through this gateway: a read that starts after it must not join a fetch that
   * started before it (and may not see the write). The fetches in flight still answer those
   * already waiting.
   */
  forgetAll(): void {
    this.inflight.clear();
  }

  get size(): number {
    return this.inflight.size;
  }
}
