import { hubError } from '../../../lib/errors';
import { REQUEST_ID_HEADER } from '../../../lib/http';

const GRAPH_TIMEOUT_MS = 5_000;

const unavailable = () =>
  hubError('SERVICE_UNAVAILABLE', 'The hub could not check the referenced members and applications right now; nothing was written, retry later');

interface GraphQuery {
  query: string;
  variables: Record<string, unknown>;
}

type GraphData = Record<string, unknown>;

/** One query for the application and every member: `application` and `member0`, `member1`… aliases. */
function referenceQuery(applicationId: string | null | undefined, memberCodes: readonly string[]): GraphQuery | null {
  const variableDefinitions: string[] = [];
  const selections: string[] = [];
  const variables: Record<string, unknown> = {};
  if (applicationId) {
    variableDefinitions.push('$applicationId: ID!');
    selections.push('application(id: $applicationId) { id retiredOn }');
    variables.applicationId = applicationId;
  }
  memberCodes.forEach((code, index) => {
    variableDefinitions.push(`$member${index}: String!`);
    selections.push(`member${index}: member(code: $member${index}) { code }`);
    variables[`member${index}`] = code;
  });
  if (selections.length === 0) return null;
  return { query: `query OperationsReferenceCheck(${variableDefinitions.join(', ')}) { ${selections.join(' ')} }`, variables };
}

/** Posts the query to the gateway; anything but a clean answer within the timeout is SERVICE_UNAVAILABLE. */
async function askGraph(gatewayUrl: string, { query, variables }: GraphQuery, requestId: string): Promise<GraphData> {
  let body: { data?: GraphData | null; errors?: unknown[] };
  try {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [REQUEST_ID_HEADER]: requestId },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(GRAPH_TIMEOUT_MS),
    });
    if (!response.ok) throw unavailable();
    body = (await response.json()) as typeof body;
  } catch {
    throw unavailable();
  }
  if (!body.data || (body.errors && body.errors.length > 0)) throw unavailable();
  return body.data;
}

/**
 * Asks the graph (through the gateway) whether an application and members exist. Operations never
 * reads the catalogue's or governance's tables: the graph is the only source of their entities.
 * Any failure to get a clean answer is SERVICE_UNAVAILABLE, so that the caller writes nothing.
 */
export async function checkReferences(
  gatewayUrl: string,
  refs: { applicationId?: string | null; memberCodes?: readonly string[] },
  requestId: string,
): Promise<{ applicationExists: boolean | null; applicationRetiredOn: string | null; missingMemberCodes: string[] }> {
  const memberCodes = [...new Set(refs.memberCodes ?? [])];
  const query = referenceQuery(refs.applicationId, memberCodes);
  if (query === null) return { applicationExists: null, applicationRetiredOn: null, missingMemberCodes: [] };
  const data = await askGraph(gatewayUrl, query, requestId);
  const application = data.application as { retiredOn?: string | null } | null | undefined;
  return {
    applicationExists: refs.applicationId ? application !== null && application !== undefined : null,
    // A retired application still answers (old records point at it); new records must not.
    applicationRetiredOn: application?.retiredOn ?? null,
    missingMemberCodes: memberCodes.filter((_, index) => !data[`member${index}`]),
  };
}
