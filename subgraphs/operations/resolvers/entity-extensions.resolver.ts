import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { pageOf, pageSize } from '../../../lib/connection';
import { ticketScope } from '../access';
import { Application, Deployment, Member, Project } from '../entities';
import type { OperationsContext, TicketParentColumn } from '../loaders';
import { ticketCursor } from '../ticket-query';
import { TicketConnection } from './connections';
import { TicketFilter } from './ticket-inputs';

/** A parent's tickets through the batched loaders: one page query and one count query for all parents of a response. */
async function parentTickets(
  column: TicketParentColumn,
  parent: string,
  filter: TicketFilter | undefined,
  first: number | undefined,
  after: string | undefined,
  { viewer, loaders }: OperationsContext,
): Promise<TicketConnection> {
  const scope = ticketScope(viewer);
  const size = pageSize(first);
  const base = { column, parent, filter: filter ?? null, scopeMemberCode: scope.memberCode };
  const rows = await loaders.ticketPages.load({ ...base, after: after ?? null, limit: size + 1 });
  return Object.assign(new TicketConnection(), {
    ...pageOf(rows, size, ticketCursor),
    countTotal: () => loaders.ticketCounts.load(base),
  });
}

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
    return parentTickets('member_code', member.code, filter, first, after, context);
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
    return parentTickets('application_id', application.id, filter, first, after, context);
  }
}
