import type { RequiredEntityData } from '@mikro-orm/core';
import { decodeCursor, encodeCursor, isCalendarDay } from '../../../lib/connection';
import { badUserInput } from '../../../lib/errors';
import type { EntityManager } from '../../../lib/orm';
import { Deployment } from '../entities';

/** Listing order: year, then day with unknown days first, then recording order. */
const DEPLOYMENT_ORDER = { year: 'asc', deployedOn: 'asc', seq: 'asc' } as const;

const deploymentSortKey = (deployment: Deployment) => [deployment.year, deployment.deployedOn ?? '', deployment.seq] as const;
export const deploymentCursor = (deployment: Deployment) => encodeCursor([...deploymentSortKey(deployment)]);

/** The listing's criteria; each one given must hold. */
export interface DeploymentSelection {
  year?: number | null;
  applicationId?: string | null;
  synthetic?: boolean | null;
}

interface SqlConditions {
  conditions: string[];
  params: unknown[];
}

function selectionConditions({ year, applicationId, synthetic }: DeploymentSelection): SqlConditions {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (year !== undefined && year !== null) {
    conditions.push('year = ?');
    params.push(year);
  }
  if (applicationId !== undefined && applicationId !== null) {
    conditions.push('application_id = ?');
    params.push(applicationId.trim());
  }
  if (synthetic !== undefined && synthetic !== null) {
    conditions.push('synthetic = ?');
    params.push(synthetic);
  }
  return { conditions, params };
}

/** Keyset position after a cursor made by deploymentCursor; anything else is BAD_USER_INPUT. */
function afterCondition(after: string): SqlConditions {
  const [afterYear, afterDay, afterSeq] = decodeCursor(after, ['number', 'string', 'number']);
  const badYearOrSeq = ![afterYear, afterSeq].every((value) => Number.isInteger(value) && Math.abs(value as number) <= 2_147_483_647);
  if (badYearOrSeq || (afterDay !== '' && !isCalendarDay(afterDay as string))) throw badUserInput('after is not a cursor of this connection', { field: 'after' });
  return {
    conditions: [`(year, coalesce(deployed_on, '-infinity'::date), seq) > (?, coalesce(?::date, '-infinity'::date), ?)`],
    params: [afterYear, afterDay === '' ? null : afterDay, afterSeq],
  };
}

const whereSql = (list: string[]) => (list.length > 0 ? `where ${list.join(' and ')}` : '');

/** A page of the selection (`limit` rows from `after`) and the selection's total count, read side by side. */
export async function deploymentPage(
  em: EntityManager,
  selection: DeploymentSelection,
  after: string | null | undefined,
  limit: number,
): Promise<{ deployments: Deployment[]; total: number }> {
  const count = selectionConditions(selection);
  const keyset = after ? afterCondition(after) : { conditions: [], params: [] };
  const conditions = [...count.conditions, ...keyset.conditions];
  const [rows, [{ total }]] = await Promise.all([
    em.execute(
      `select * from "operations"."deployment" ${whereSql(conditions)} order by year, deployed_on nulls first, seq limit ?`,
      [...count.params, ...keyset.params, limit],
    ),
    em.execute<{ total: string }[]>(`select count(*) as total from "operations"."deployment" ${whereSql(count.conditions)}`, count.params),
  ]);
  return { deployments: rows.map((row) => em.map(Deployment, row)), total: Number(total) };
}

export const findDeploymentsByIds = (em: EntityManager, ids: readonly string[]) => em.find(Deployment, { id: { $in: [...ids] } });

/** Deployments of the given applications, of one year or of all (null), in listing order. */
export const deploymentsOfApplications = (em: EntityManager, applicationIds: string[], year: number | null) =>
  em.find(Deployment, { applicationId: { $in: applicationIds }, ...(year !== null ? { year } : {}) }, { orderBy: DEPLOYMENT_ORDER });

/** Records a deployment; written when the transaction commits. */
/** The deployment a caller recorded with an idempotency key; a fresh fork, so that a failed transaction's state is not read back. */
export const findDeploymentByIdempotencyKey = (em: EntityManager, recordedBy: string, idempotencyKey: string) =>
  em.fork().findOne(Deployment, { recordedBy, idempotencyKey });

export const insertDeployment = (tx: EntityManager, deployment: RequiredEntityData<Deployment>) => tx.create(Deployment, deployment);

/** The real (not synthetic) deployments of a year, locked until the transaction ends: what the intake's counts compare with. */
export async function lockDeploymentsOfYear(em: EntityManager, year: number): Promise<Deployment[]> {
  const rows = await em.execute(
    `select * from "operations"."deployment" where year = ? and not synthetic order by application_id, seq for update`,
    [year],
  );
  return rows.map((row) => em.map(Deployment, row));
}

/** Removes deployments by id (the intake lowering a count it had raised). */
export const deleteDeployments = (em: EntityManager, ids: readonly string[]) => em.nativeDelete(Deployment, { id: { $in: [...ids] } });
