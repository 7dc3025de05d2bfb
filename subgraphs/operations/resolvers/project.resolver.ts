import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ChangeConnection, entityChanges } from '../../../lib/audit';
import { listProjects } from '../data/projects';
import { Member, memberStub, Project } from '../entities';
import type { OperationsContext } from '../loaders';
import { recordProject } from '../services/record-project';
import { RecordProjectInput } from '../types';

@Resolver(() => Project)
export class ProjectResolver {
  @Query(() => [Project], { description: 'Projects of the activity reports, in the report’s order; optionally of one year and/or one member' })
  async projects(
    @Arg('year', () => Int, { nullable: true }) year: number | undefined,
    @Arg('memberCode', () => String, { nullable: true }) memberCode: string | undefined,
    @Ctx() { em, loaders }: OperationsContext,
  ): Promise<Project[]> {
    if (memberCode !== undefined && memberCode !== null) {
      return loaders.projectsByMemberYear.load(`${year ?? ''}|${memberCode.trim().toUpperCase()}`);
    }
    return listProjects(em, year ?? null);
  }

  @Mutation(() => Project, {
    description: 'Records a project of a year (its id by default made from the year and title; a taken id is CONFLICT); its members must exist. SII_STAFF only',
  })
  recordProject(@Arg('input', () => RecordProjectInput) input: RecordProjectInput, @Ctx() context: OperationsContext): Promise<Project> {
    return recordProject(context, input);
  }

  @FieldResolver(() => [Member], { description: 'Members the report names for it; empty for work on the SII’s own platform' })
  members(@Root() project: Project): Member[] {
    return project.memberCodes.map(memberStub);
  }

  @FieldResolver(() => ChangeConnection, { nullable: true, description: 'Its audit entries, newest first. SII_STAFF only' })
  changes(
    @Root() project: Project,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() { viewer, loaders }: OperationsContext,
  ): Promise<ChangeConnection> {
    return entityChanges(viewer, loaders.changes, 'Project', project.id, first, after);
  }
}
