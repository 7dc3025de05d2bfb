import type { Viewer } from '../lib/auth';

/**
 * What the gateway keeps per request. The gateway checks the caller's credential once (a bad one
 * is refused before any subgraph is called) and vouches for the viewer to the subgraphs with a
 * short-lived token of its own (lib/identity/vouch.ts); each subgraph applies its own rules to
 * that viewer. The caller's credential itself is never passed on.
 */
export interface GatewayContext {
  /** Who is asking, as the credential check found: keys the rate limit (and anything else per viewer). */
  viewer: Viewer;
  /** The gateway's vouch for an authenticated viewer, sent as `x-hub-viewer`; none for the anonymous reader. */
  vouch: string | undefined;
  requestId: string;
  /**
   * One object per HTTP request. Apollo hands its plugins a shallow copy of the context, so the
   * context itself cannot key per-request state; this object, shared by the copies, does (the
   * response cache's, gateway/response-cache.ts).
   */
  perRequest: object;
}
