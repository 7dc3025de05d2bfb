import { randomUUID } from 'node:crypto';
import { actorOf, recordChange } from '../../../lib/audit';
import { requireStaff } from '../../../lib/auth';
import { badUserInput } from '../../../lib/errors';
import { findDeploymentByIdempotencyKey, insertDeployment } from '../data/deployments';
import { checkReferences } from '../data/graph-references';
import type { Deployment } from '../entities';
import type { OperationsContext } from '../loaders';
import type { RecordDeploymentInput } from '../types';
import { operationsClock } from './clock';
import { requestFingerprint, writeOnce } from './idempotency';
import { cleanText } from './text';

const FIRST_YEAR = 1971; // the SII's creation
const MAX_TEXT_LENGTH = 2_000;
const MAX_MEMBER_CODES = 20;
const MAX_KEY_LENGTH = 200;

/** A deployment as recorded, validated. */
interface DeploymentRequest {
  applicationId: string;
  year: number;
  deployedOn: string | null;
  version: string | null;
  summary: string | null;
  memberCodes: string[];
}

function validateYear(year: number, field = 'year'): void {
  const latest = operationsClock.now().getUTCFullYear() + 1;
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > latest) {
    throw badUserInput(`${field} must be between ${FIRST_YEAR} and ${latest}`, { field });
  }
}

/** The year, given or taken from the day; a day outside the given year is refused. */
function deploymentDate(input: RecordDeploymentInput): { year: number; deployedOn: string | null } {
  const deployedOn = input.deployedOn ?? null;
  const year = input.year ?? (deployedOn ? Number(deployedOn.slice(0, 4)) : null);
  if (year === null) throw badUserInput('Give year, deployedOn, or both', { field: 'year' });
  validateYear(year);
  if (deployedOn !== null && Number(deployedOn.slice(0, 4)) !== year) {
    throw badUserInput(`deployedOn ${deployedOn} is not in year ${year}`, { field: 'deployedOn' });
  }
  return { year, deployedOn };
}

function deploymentRequestOf(input: RecordDeploymentInput): DeploymentRequest {
  const applicationId = input.applicationId.trim();
  if (applicationId === '') throw badUserInput('applicationId must not be empty', { field: 'applicationId' });
  const { year, deployedOn } = deploymentDate(input);
  const version = cleanText(input.version, 'version', MAX_TEXT_LENGTH, false);
  const summary = cleanText(input.summary, 'summary', MAX_TEXT_LENGTH, false);
  const memberCodes = [...new Set((input.memberCodes ?? []).map((code) => code.trim().toUpperCase()))];
  if (memberCodes.length > MAX_MEMBER_CODES) throw badUserInput(`memberCodes takes at most ${MAX_MEMBER_CODES} codes`, { field: 'memberCodes' });
  return { applicationId, year, deployedOn, version, summary, memberCodes };
}

/** The application and every member must exist (asked of catalogue and governance). */
async function checkDeploymentReferences(context: OperationsContext, { applicationId, memberCodes, year, deployedOn }: DeploymentRequest): Promise<void> {
  const references = await checkReferences(context.subgraphUrls, { applicationId, memberCodes }, context.requestId);
  if (!references.applicationExists) throw badUserInput(`No application has the id ${applicationId}`, { field: 'applicationId' });
  const retiredOn = references.applicationRetiredOn;
  if (retiredOn !== null && (deployedOn !== null ? deployedOn > retiredOn : year > Number(retiredOn.slice(0, 4)))) {
    throw badUserInput(`The application ${applicationId} was retired on ${retiredOn}: no deployment after that day`, { field: 'applicationId', retiredOn });
  }
  if (references.missingMemberCodes.length > 0) {
    throw badUserInput(`No member has the code ${references.missingMemberCodes.join(', ')}`, { field: 'memberCodes' });
  }
}

/**
 * Records a deployment to production: SII_STAFF only. With an idempotency key, a retry (after a
 * timeout, even a concurrent one) returns the deployment already recorded instead of a second one.
 */
export async function recordDeployment(context: OperationsContext, input: RecordDeploymentInput): Promise<Deployment> {
  requireStaff(context.viewer);
  const request = deploymentRequestOf(input);
  const idempotencyKey = cleanText(input.idempotencyKey, 'idempotencyKey', MAX_KEY_LENGTH, false);
  const fingerprint = requestFingerprint(request);
  const idempotent = {
    idempotencyKey,
    fingerprint,
    findEarlier: (key: string) => findDeploymentByIdempotencyKey(context.em, context.viewer.subject as string, key),
    reused: (existing: Deployment) =>
      badUserInput('This idempotencyKey was already used for a different deployment; use a new key for a new deployment', {
        field: 'idempotencyKey',
        deploymentId: existing.id,
      }),
  };
  return writeOnce(idempotent, async () => {
    await checkDeploymentReferences(context, request);
    return context.em.transactional(async (tx) => {
      const deployment = insertDeployment(tx, {
        id: randomUUID(),
        ...request,
        source: 'recorded',
        recordedBy: context.viewer.subject,
        idempotencyKey,
        requestFingerprint: idempotencyKey === null ? null : fingerprint,
      });
      await recordChange(tx, 'operations', {
        entity: 'Deployment',
        entityId: deployment.id,
        action: 'CREATE',
        before: null,
        after: { ...request, source: deployment.source },
        actor: actorOf(context.viewer),
        requestId: context.requestId,
      });
      return deployment;
    });
  });
}
