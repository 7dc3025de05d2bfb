import { randomUUID } from 'node:crypto';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireStaff } from '../../../lib/auth';
import { decodeCursor, encodeCursor, pageOf, pageSize } from '../../../lib/connection';
import { badUserInput } from '../../../lib/errors';
import { operationsClock } from '../clock';
import { Application, applicationStub, Deployment, Member, memberStub } from '../entities';
import { checkReferences } from '../graph-client';
import type { OperationsContext } from '../loaders';
import { DeploymentConnection } from './connections';
import { RecordDeploymentInput } from './ticket-inputs';

const FIRST_YEAR = 1971; // the SII's creation
const MAX_TEXT_LENGTH = 2_000;

/** Listing order: year, then day with unknown days first, then recording order. */
const deploymentSortKey = (deployment: Deployment) => [deployment.year, deployment.deployedOn ?? '', deployment.seq] as const;
const deploymentCursor = (deployment: Deployment) => encodeCursor([...deploymentSortKey(deployment)]);

export function validateYear(year: number, field = 'year'): void {
  const latest = operationsClock.now().getUTCFullYear() + 1;
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > latest) {
    throw badUserInput(`${field} must be between ${FIRST_YEAR} and ${latest}`, { field });
  }
}

@Resolver(() => Deployment)
export class DeploymentResolver {
  @Query(() => DeploymentConnection, { description: 'Deployments to production, optionally of one year and/or one application' })
  async deployments(
    @Arg('year', () => Int, { nullable: true }) year: number | undefined,
    @Arg('applicationId', () => ID, { nullable: true }) applicationId: string | undefined,
    @Arg('synthetic', () => Boolean, { nullable: true, description: 'true: only generated demo data; false: only real records' })
    synthetic: boolean | undefined,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() { em }: OperationsContext,
  ): Promise<DeploymentConnection> {
    const size = pageSize(first);
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
    const countConditions = [...conditions];
    const countParams = [...params];
    if (after) {
      const [afterYear, afterDay, afterSeq] = decodeCursor(after, ['number', 'string', 'number']);
      if (afterDay !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(afterDay as string)) throw badUserInput('after is not a cursor of this connection', { field: 'after' });
      conditions.push(`(year, coalesce(deployed_on, '-infinity'::date), seq) > (?, coalesce(?::date, '-infinity'::date), ?)`);
      params.push(afterYear, afterDay === '' ? null : afterDay, afterSeq);
    }
    const where = (list: string[]) => (list.length > 0 ? `where ${list.join(' and ')}` : '');
    const [rows, [{ total }]] = await Promise.all([
      em.execute(
        `select * from "operations"."deployment" ${where(conditions)} order by year, deployed_on nulls first, seq limit ?`,
        [...params, size + 1],
      ),
      em.execute<{ total: string }[]>(`select count(*) as total from "operations"."deployment" ${where(countConditions)}`, countParams),
    ]);
    const deployments = rows.map((row) => em.map(Deployment, row));
    return Object.assign(new DeploymentConnection(), { ...pageOf(deployments, size, deploymentCursor), totalCount: Number(total) });
  }

  @FieldResolver(() => Application)
  application(@Root() deployment: Deployment): Application {
    return applicationStub(deployment.applicationId);
  }

  @FieldResolver(() => [Member], { description: 'Members it was deployed for; empty when the source does not say (the 2018 report)' })
  members(@Root() deployment: Deployment): Member[] {
    return deployment.memberCodes.map(memberStub);
  }

  @Mutation(() => Deployment, { description: 'Records a deployment; the application and members must exist in the graph. SII_STAFF only' })
  async recordDeployment(
    @Arg('input', () => RecordDeploymentInput) input: RecordDeploymentInput,
    @Ctx() context: OperationsContext,
  ): Promise<Deployment> {
    const { em, viewer } = context;
    requireStaff(viewer);
    const applicationId = input.applicationId.trim();
    if (applicationId === '') throw badUserInput('applicationId must not be empty', { field: 'applicationId' });
    const deployedOn = input.deployedOn ?? null;
    const year = input.year ?? (deployedOn ? Number(deployedOn.slice(0, 4)) : null);
    if (year === null) throw badUserInput('Give year, deployedOn, or both', { field: 'year' });
    validateYear(year);
    if (deployedOn !== null && Number(deployedOn.slice(0, 4)) !== year) {
      throw badUserInput(`deployedOn ${deployedOn} is not in year ${year}`, { field: 'deployedOn' });
    }
    const text = (value: string | null | undefined, field: string) => {
      const cleaned = value?.trim() ?? '';
      if (cleaned.length > MAX_TEXT_LENGTH) throw badUserInput(`${field} must be at most ${MAX_TEXT_LENGTH} characters`, { field });
      return cleaned === '' ? null : cleaned;
    };
    const version = text(input.version, 'version');
    const summary = text(input.summary, 'summary');
    const memberCodes = [...new Set((input.memberCodes ?? []).map((code) => code.trim().toUpperCase()))];
    if (memberCodes.length > 20) throw badUserInput('memberCodes takes at most 20 codes', { field: 'memberCodes' });

    const references = await checkReferences(context.gatewayUrl, { applicationId, memberCodes }, context.requestId);
    if (!references.applicationExists) throw badUserInput(`No application has the id ${applicationId}`, { field: 'applicationId' });
    if (references.missingMemberCodes.length > 0) {
      throw badUserInput(`No member has the code ${references.missingMemberCodes.join(', ')}`, { field: 'memberCodes' });
    }
    return em.transactional(async (tx) =>
      tx.create(Deployment, {
        id: randomUUID(),
        applicationId,
        year,
        deployedOn,
        version,
        summary,
        memberCodes,
        source: 'recorded',
        recordedBy: viewer.subject,
      }),
    );
  }
}

/** Federation entry point for Deployment (public, like the listing). */
export function resolveDeploymentReference(reference: { id: string }, { loaders }: OperationsContext) {
  return loaders.deploymentById.load(reference.id);
}
