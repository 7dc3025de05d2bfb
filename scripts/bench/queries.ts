/** The bench's GraphQL documents, apart so that the limits' test can check that they fit (test/hardening-limits.test.ts). */

/**
 * Members → tickets → application → deployments: each of the 6 members lists two aliased pages of
 * its 2018 tickets (incidents, requests) of `size` each, so 6 × 2 × size parent tickets. Nested under
 * `members`, the gateway resolves each level for all members in one fetch.
 */
export function crossSubgraphQuery(size: number | '$size', aliasSuffix = ''): string {
  const page = (alias: string, kind: string) =>
    `${alias}${aliasSuffix}: tickets(first: ${size}, filter: { kind: [${kind}], openedFrom: "2018-01-01T00:00:00Z", openedBefore: "2019-01-01T00:00:00Z" }) {
      edges { node { reference application { id name deployments(year: 2018) { id year } } } }
    }`;
  const selection = `{ members { code name ${page('incidents', 'INCIDENT')} ${page('requests', 'REQUEST')} } }`;
  return size === '$size' ? `query Cross($size: Int!) ${selection}` : selection;
}

/**
 * What the gateway sends operations for scenario 2's first level, sent straight to the subgraph
 * (levers.ts, simpleResolvers): 6 members × 2 pages × 100 tickets through `_entities`.
 */
export function memberTicketPagesEntitiesQuery(): { query: string; representations: { __typename: 'Member'; code: string }[] } {
  const page = (alias: string, kind: string) =>
    `${alias}: tickets(first: 100, filter: { kind: [${kind}], openedFrom: "2018-01-01T00:00:00Z", openedBefore: "2019-01-01T00:00:00Z" }) {
      edges { cursor node { id reference kind queue status priority title description openedAt ownedAt resolvedAt closedAt version synthetic } } pageInfo { hasNextPage endCursor } }`;
  const query = `query($representations: [_Any!]!) { _entities(representations: $representations) {
    ... on Member { ${page('incidents', 'INCIDENT')} ${page('requests', 'REQUEST')} } } }`;
  const representations = ['BOBIGNY', 'LE_BLANC_MESNIL', 'LA_COURNEUVE', 'TREMBLAY_EN_FRANCE', 'SIRESCO', 'SYREC'].map((code) => ({ __typename: 'Member' as const, code }));
  return { query, representations };
}
