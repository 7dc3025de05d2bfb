import { type DocumentNode, Kind, visit } from 'graphql';
import { Directive } from 'type-graphql';

/**
 * Cache hints, Apollo's way: `@cacheControl` on the types (and fields) of a subgraph's schema.
 * Each subgraph's Apollo Server works out the policy of every answer it gives from them and says
 * it in its `Cache-Control` header; the gateway takes the most restrictive of its fetches' headers
 * (RemoteGraphQLDataSource's honorSubgraphCacheControlHeader) and its response cache stores an
 * answer only when the whole of it may be cached (gateway/response-cache.ts).
 *
 * Opt-in: a root field or a field returning an object type without a hint has maxAge 0, so an
 * answer touching it is never cached; a scalar field takes its parent's hint. Hence the rule for
 * anyone adding a field: a field whose answer depends on who asks (a role check, the viewer's
 * member) never sits on a PUBLIC type; give it, or its type, `privateHint` or no hint at all.
 */

/** The directive and its scope, as Apollo Server reads them (declared in every subgraph's SDL). */
export const CACHE_CONTROL_SDL = `enum CacheControlScope {
  PUBLIC
  PRIVATE
}
directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION`;

/** How long a cached answer may be kept, in seconds. Writes invalidate the gateway's cache at once; browsers and proxies keep what they got until it is this old. */
export const CACHE_MAX_AGE = {
  /** Governance and the catalogue: members, delegates, the organisation, applications. */
  reference: 300,
  /** Yearly figures and aggregates: the intake and mutations change them a few times a year. */
  figures: 60,
} as const;

/** The same answer for everyone: shared by every viewer, and by browsers and proxies on GET. */
export const publicHint = (maxAge: number) => Directive(`@cacheControl(maxAge: ${maxAge}, scope: PUBLIC)`);

/** An answer that depends on who asks: cached per viewer at the gateway, never by a shared cache. */
export const privateHint = (maxAge: number) => Directive(`@cacheControl(maxAge: ${maxAge}, scope: PRIVATE)`);

/** A small helper type (provenance, address): as cacheable as the object holding it. */
export const inheritedHint = () => Directive('@cacheControl(inheritMaxAge: true)');

/**
 * A subgraph's SDL without its cache hints, for composition: they are for each subgraph's own
 * Apollo Server, the gateway reads them from its fetches' headers, and composed they would only add
 * an unused enum to the public schema.
 */
export function withoutCacheHints(document: DocumentNode): DocumentNode {
  return visit(document, {
    [Kind.DIRECTIVE_DEFINITION]: (node) => (node.name.value === 'cacheControl' ? null : undefined),
    [Kind.ENUM_TYPE_DEFINITION]: (node) => (node.name.value === 'CacheControlScope' ? null : undefined),
    [Kind.DIRECTIVE]: (node) => (node.name.value === 'cacheControl' ? null : undefined),
  });
}
