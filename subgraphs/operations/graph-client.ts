import { hubError } from '../../lib/errors';
import { REQUEST_ID_HEADER } from '../../lib/http';

const GRAPH_TIMEOUT_MS = 5_000;

const unavailable = () =>
  hubError('SERVICE_UNAVAILABLE', 'The hub could not check the referenced members and applications right now; nothing was written, retry later');

/**
 * Asks the graph (through the gateway) whether an application and members exist. Operations never
 * reads the catalogue's or governance's tables: the graph is the only source of their entities.
 * Any failure to get a clean answer is SERVICE_UNAVAILABLE, so that the caller writes nothing.
 */
export async function checkReferences(
  gatewayUrl: string,
  refs: { applicationId?: string | null; memberCodes?: readonly string[] },
  requestId: string,
): Promise<{ applicationExists: boolean | null; missingMemberCodes: string[] }> {
  const memberCodes = [...new Set(refs.memberCodes ?? [])];
  const variableDefinitions: string[] = [];
  const selections: string[] = [];
  const variables: Record<string, unknown> = {};
  if (refs.applicationId) {
    variableDefinitions.push('$applicationId: ID!');
    selections.push('application(id: $applicationId) { id }');
    variables.applicationId = refs.applicationId;
  }
  memberCodes.forEach((code, index) => {
    variableDefinitions.push(`$member${index}: String!`);
    selections.push(`member${index}: member(code: $member${index}) { code }`);
    variables[`member${index}`] = code;
  });
  if (selections.length === 0) return { applicationExists: null, missingMemberCodes: [] };
  const query = `query OperationsReferenceCheck(${variableDefinitions.join(', ')}) { ${selections.join(' ')} }`;
  let body: { data?: Record<string, unknown> | null; errors?: unknown[] };
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
  const data = body.data;
  return {
    applicationExists: refs.applicationId ? data.application !== null && data.application !== undefined : null,
    missingMemberCodes: memberCodes.filter((_, index) => !data[`member${index}`]),
  };
}
