import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { Application, Deployment, Member, Project } from '../entities';
import type { OperationsContext } from '../loaders';
import { parentTickets } from '../services/ticket-reads';
import { TicketConnection, TicketFilter } from '../types';

@Resolver(() => Member)
export class MemberExtensionResolver {
  @FieldResolver(() => TicketConnection, { description: 'The member’s tickets, newest first (MEMBER_AGENT of this member or SII_STAFF)' })
  tickets(
    @Root() member: Member,
    @Arg('filter', () => TicketFilter, { nullable: true }) filter: TicketFilter | undefined,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() context: OperationsContext,
  ): Promise<TicketConnection> {
    return parentTickets(context, 'member_code', member.code, { filter, first, after });
  }

  @FieldResolver(() => [Project], { description: 'Projects the member took part in, in the report’s order' })
  projects(
    @Root() member: Member,
    @Arg('year', () => Int, { nullable: true }) year: number | undefined,
    @Ctx() { loaders }: OperationsContext,
  ): Promise<Project[]> {
    return loaders.projectsByMemberYear.load(`${year ?? ''}|${member.code}`);
  }
}

@Resolver(() => Application)
export class ApplicationExtensionResolver {
  @FieldResolver(() => [Deployment], { description: 'Deployments to production of this application, optionally of one year' })
  deployments(
    @Root() application: Application,
    @Arg('year', () => Int, { nullable: true }) year: number | undefined,
    @Ctx() { loaders }: OperationsContext,
  ): Promise<Deployment[]> {
    return loaders.deploymentsByApplicationYear.load(`${year ?? ''}|${application.id}`);
  }

  @FieldResolver(() => TicketConnection, { description: 'Tickets about this application, newest first (a MEMBER_AGENT sees its member’s only)' })
  tickets(
    @Root() application: Application,
    @Arg('filter', () => TicketFilter, { nullable: true }) filter: TicketFilter | undefined,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() context: OperationsContext,
  ): Promise<TicketConnection> {
    return parentTickets(context, 'application_id', application.id, { filter, first, after });
  }
}
