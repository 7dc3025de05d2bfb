import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { listProjects } from '../data/projects';
import { Member, memberStub, Project } from '../entities';
import type { OperationsContext } from '../loaders';

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

  @FieldResolver(() => [Member], { description: 'Members the report names for it; empty for work on the SII’s own platform' })
  members(@Root() project: Project): Member[] {
    return project.memberCodes.map(memberStub);
  }
}
