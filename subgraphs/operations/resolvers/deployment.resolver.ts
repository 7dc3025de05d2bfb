import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ChangeConnection, entityChanges } from '../../../lib/audit';
import { pageOf, pageSize } from '../../../lib/connection';
import { deploymentCursor, deploymentPage } from '../data/deployments';
import { Application, applicationStub, Deployment, Member, memberStub } from '../entities';
import type { OperationsContext } from '../loaders';
import { recordDeployment } from '../services/record-deployment';
import { DeploymentConnection, RecordDeploymentInput } from '../types';

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
    const { deployments, total } = await deploymentPage(em, { year, applicationId, synthetic }, after, size + 1);
    return Object.assign(new DeploymentConnection(), { ...pageOf(deployments, size, deploymentCursor), totalCount: total });
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
  recordDeployment(@Arg('input', () => RecordDeploymentInput) input: RecordDeploymentInput, @Ctx() context: OperationsContext): Promise<Deployment> {
    return recordDeployment(context, input);
  }

  @FieldResolver(() => ChangeConnection, { nullable: true, description: 'Its audit entries, newest first. SII_STAFF only' })
  changes(
    @Root() deployment: Deployment,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() { viewer, loaders }: OperationsContext,
  ): Promise<ChangeConnection> {
    return entityChanges(viewer, loaders.changes, 'Deployment', deployment.id, first, after);
  }
}

/** Federation entry point for Deployment (public, like the listing). */
export function resolveDeploymentReference(reference: { id: string }, { loaders }: OperationsContext) {
  return loaders.deploymentById.load(reference.id);
}
