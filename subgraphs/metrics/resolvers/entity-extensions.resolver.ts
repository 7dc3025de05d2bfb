import { Arg, Ctx, FieldResolver, Float, Int, Resolver, Root } from 'type-graphql';
import { Application, Member } from '../entities';
import { canSeeMember } from '../access';
import type { MetricsContext } from '../loaders';
import { checkYear } from '../validation';

@Resolver(() => Member)
export class MemberMetricsResolver {
  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'Tickets the member opened in the year (one GROUP BY for every member of a response). null when the viewer may not see it ' +
      '(SII_STAFF: every member; MEMBER_AGENT: its own) or when no ticket at all is recorded for the year; 0 when others have tickets and this member none.',
  })
  async ticketVolume(
    @Root() member: Member,
    @Arg('year', () => Int) year: number,
    @Ctx() { viewer, loaders }: MetricsContext,
  ): Promise<number | null> {
    checkYear(year);
    if (!canSeeMember(viewer, member.code)) return null;
    return loaders.ticketVolumeByMemberYear.load(`${year}|${member.code}`);
  }
}

@Resolver(() => Application)
export class ApplicationMetricsResolver {
  @FieldResolver(() => Int, { description: 'Deployments to production recorded for the application in the year (one GROUP BY for every application of a response)' })
  async deploymentCount(
    @Root() application: Application,
    @Arg('year', () => Int) year: number,
    @Ctx() { loaders }: MetricsContext,
  ): Promise<number> {
    checkYear(year);
    return loaders.deploymentCountByApplicationYear.load(`${year}|${application.id}`);
  }
}
