import { Arg, Ctx, FieldResolver, Float, Int, Resolver, Root } from 'type-graphql';
import { Application, Member } from '../entities';
import type { MetricsContext } from '../loaders';
import { applicationDeploymentCount } from '../services/deployments';
import { memberTicketVolume } from '../services/ticket-volume';
import { INCLUDE_SYNTHETIC } from './arguments';

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
    @Arg('includeSynthetic', () => Boolean, INCLUDE_SYNTHETIC) includeSynthetic: boolean,
    @Ctx() context: MetricsContext,
  ): Promise<number | null> {
    return memberTicketVolume(context, member.code, year, includeSynthetic ?? false);
  }
}

@Resolver(() => Application)
export class ApplicationMetricsResolver {
  @FieldResolver(() => Int, { description: 'Deployments to production recorded for the application in the year (one GROUP BY for every application of a response)' })
  async deploymentCount(
    @Root() application: Application,
    @Arg('year', () => Int) year: number,
    @Arg('includeSynthetic', () => Boolean, INCLUDE_SYNTHETIC) includeSynthetic: boolean,
    @Ctx() { loaders }: MetricsContext,
  ): Promise<number> {
    return applicationDeploymentCount(loaders, application.id, year, includeSynthetic ?? false);
  }
}
