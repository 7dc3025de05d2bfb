import type { SubgraphName } from '../../../lib/config';
import { hubError } from '../../../lib/errors';
import { REQUEST_ID_HEADER } from '../../../lib/http';
import { httpRequest } from '../../../lib/http-client';

/**
 * Whether the members and the application a write names exist, asked of the subgraphs that own
 * them (governance, catalogue) directly on the internal network, never through the public gateway:
 * its guards (persisted-only mode, rate and cost limits) are for clients, and a client's write
 * must not be counted twice or refused because of the hub's own check. The question is a
 * federation `_entities` query, the entry point each subgraph already serves (and batches) for
 * the gateway; operations never reads their tables.
 */
export const REFERENCE_CHECK_TIMEOUT_MS = 5_000;
/** How soon a client may try again after the check could not be made (a subgraph restarting, or slow). */
const RETRY_AFTER_SECONDS = 2;

const unavailable = (service: SubgraphName) =>
  hubError('SERVICE_UNAVAILABLE', 'The hub could not check the referenced members and applications right now; nothing was written, retry later', {
    service,
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });

/** Where each subgraph answers (the validated configuration's URLs, the same the gateway calls). */
export type PeerUrls = Partial<Record<SubgraphName, string>>;

type Representation = { __typename: string } & Record<string, string>;

/**
 * Posts one `_entities` query to `service`; its answer lists, in order, the entity or null when the
 * owner does not know it. Anything but a clean answer in time is SERVICE_UNAVAILABLE.
 */
async function resolveEntities(
  peers: PeerUrls,
  service: SubgraphName,
  selection: string,
  representations: Representation[],
  requestId: string,
): Promise<(Record<string, unknown> | null)[]> {
  const url = peers[service];
  if (!url) throw unavailable(service);
  const query = `query OperationsReferenceCheck($representations: [_Any!]!) { _entities(representations: $representations) { ${selection} } }`;
  let body: { data?: { _entities?: unknown } | null; errors?: unknown[] };
  try {
    const answer = await httpRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [REQUEST_ID_HEADER]: requestId },
      body: JSON.stringify({ query, variables: { representations } }),
      timeoutMs: REFERENCE_CHECK_TIMEOUT_MS,
      maxBodyBytes: 1_000_000,
    });
    if (answer.status !== 200) throw new Error(`HTTP ${answer.status}`);
    body = JSON.parse(answer.body) as typeof body;
  } catch {
    throw unavailable(service);
  }
  const entities = body.data?._entities;
  if ((body.errors && body.errors.length > 0) || !Array.isArray(entities) || entities.length !== representations.length) throw unavailable(service);
  return entities as (Record<string, unknown> | null)[];
}

/**
 * Asks governance whether the members exist and catalogue whether the application does, both at
 * once. An unknown one is reported (the caller answers BAD_USER_INPUT); no clean answer is
 * SERVICE_UNAVAILABLE, thrown, so that the caller writes nothing.
 */
export async function checkReferences(
  peers: PeerUrls,
  refs: { applicationId?: string | null; memberCodes?: readonly string[] },
  requestId: string,
): Promise<{ applicationExists: boolean | null; applicationRetiredOn: string | null; missingMemberCodes: string[] }> {
  const memberCodes = [...new Set(refs.memberCodes ?? [])];
  const applicationId = refs.applicationId || null;
  const [members, applications] = await Promise.all([
    memberCodes.length === 0
      ? []
      : resolveEntities(peers, 'governance', '... on Member { code }', memberCodes.map((code) => ({ __typename: 'Member', code })), requestId),
    applicationId === null
      ? []
      : resolveEntities(peers, 'catalogue', '... on Application { id retiredOn }', [{ __typename: 'Application', id: applicationId }], requestId),
  ]);
  const application = applications[0] as { retiredOn?: string | null } | null | undefined;
  return {
    applicationExists: applicationId === null ? null : application !== null && application !== undefined,
    // A retired application still answers (old records point at it); new records must not.
    applicationRetiredOn: application?.retiredOn ?? null,
    missingMemberCodes: memberCodes.filter((_, index) => !members[index]),
  };
}
