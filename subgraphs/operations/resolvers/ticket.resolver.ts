import { DateTimeResolver } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireStaff } from '../../../lib/auth';
import { badUserInput } from '../../../lib/errors';
import { encodeCursor, decodeCursor, pageOf, pageSize } from '../../../lib/connection';
import { readOnlyRowMapper } from '../../../lib/orm';
import { canSeeTicketOf, ticketScope } from '../access';
import { operationsClock } from '../clock';
import { Application, applicationStub, Member, memberStub, SlaPolicy, Ticket, TicketPriority, TicketStatusChange } from '../entities';
import type { OperationsContext } from '../loaders';
import { resolveDueAt, slaBreached } from '../sla';
import { ticketConditions, ticketCursor, TICKET_ORDER_SQL, whereSql } from '../ticket-query';
import { TicketConnection, TicketStatusChangeConnection } from './connections';
import { TicketFilter } from './ticket-inputs';

/** The top-level listing: one page query, and a count query only when totalCount is selected. */
async function listTickets(
  { em }: OperationsContext,
  filter: TicketFilter | null | undefined,
  scopeMemberCode: string | null,
  first: number,
  after: string | null | undefined,
): Promise<TicketConnection> {
  const where = ticketConditions(filter, scopeMemberCode, after);
  const rows = await em.execute(
    `select * from "operations"."ticket" ${whereSql(where)} order by ${TICKET_ORDER_SQL} limit ?`,
    [...where.params, first + 1],
  );
  const tickets = rows.map(readOnlyRowMapper(em, Ticket)); // a read-only page: no ORM hydration
  const countWhere = ticketConditions(filter, scopeMemberCode);
  return Object.assign(new TicketConnection(), {
    ...pageOf(tickets, first, ticketCursor),
    countTotal: async () => {
      const [{ total }] = await em.execute<{ total: string }[]>(
        `select count(*) as total from "operations"."ticket" ${whereSql(countWhere)}`,
        countWhere.params,
      );
      return Number(total);
    },
  });
}

/**
 * A ticket as the field resolvers receive it: an entity, or a plain row of a list page
 * (readOnlyRowMapper). Not the class on purpose: type-graphql turns a root typed with a class into
 * an instance of it, here a new ORM entity per ticket, the very cost the plain rows avoid.
 */
type TicketData = Readonly<Ticket>;

@Resolver(() => Ticket)
export class TicketResolver {
  @Query(() => TicketConnection, {
    description: 'Tickets, newest first. SII_STAFF sees all; a MEMBER_AGENT only its member’s (filter forced); others get an error',
  })
  async tickets(
    @Arg('filter', () => TicketFilter, { nullable: true }) filter: TicketFilter | undefined,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() context: OperationsContext,
  ): Promise<TicketConnection> {
    const scope = ticketScope(context.viewer);
    return listTickets(context, filter, scope.memberCode, pageSize(first), after);
  }

  @Query(() => Ticket, { nullable: true, description: 'A ticket by reference; null when none, or when it is another member’s' })
  async ticket(@Arg('reference', () => String) reference: string, @Ctx() { em, viewer }: OperationsContext): Promise<Ticket | null> {
    const scope = ticketScope(viewer);
    const ticket = await em.findOne(Ticket, { reference: reference.trim().toUpperCase() });
    return ticket && canSeeTicketOf(scope, ticket.memberCode) ? ticket : null;
  }

  @Query(() => [SlaPolicy], { description: 'Service levels per priority, from the most to the least urgent' })
  async slaPolicies(@Ctx() { em }: OperationsContext): Promise<SlaPolicy[]> {
    const policies = await em.find(SlaPolicy, {});
    const order = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
    return policies.sort((a, b) => order.indexOf(a.priority) - order.indexOf(b.priority));
  }

  @Mutation(() => SlaPolicy, {
    description: 'Changes the service levels of a priority, for tickets opened from now on (open tickets keep their due dates). SII_STAFF only',
  })
  async updateSlaPolicy(
    @Arg('priority', () => TicketPriority) priority: TicketPriority,
    @Arg('timeToOwnMinutes', () => Int) timeToOwnMinutes: number,
    @Arg('timeToResolveMinutes', () => Int) timeToResolveMinutes: number,
    @Ctx() { em, viewer }: OperationsContext,
  ): Promise<SlaPolicy> {
    requireStaff(viewer);
    const MAX_MINUTES = 365 * 24 * 60;
    for (const [field, minutes] of [['timeToOwnMinutes', timeToOwnMinutes], ['timeToResolveMinutes', timeToResolveMinutes]] as const) {
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_MINUTES) throw badUserInput(`${field} must be between 1 and ${MAX_MINUTES}`, { field });
    }
    if (timeToOwnMinutes > timeToResolveMinutes) {
      throw badUserInput('timeToOwnMinutes cannot exceed timeToResolveMinutes', { field: 'timeToOwnMinutes' });
    }
    return em.transactional(async (tx) => {
      const policy = await tx.findOneOrFail(SlaPolicy, { priority });
      return Object.assign(policy, { timeToOwnMinutes, timeToResolveMinutes });
    });
  }

  @FieldResolver(() => Member)
  member(@Root() ticket: TicketData): Member {
    return memberStub(ticket.memberCode);
  }

  @FieldResolver(() => Application, { nullable: true })
  application(@Root() ticket: TicketData): Application | null {
    return ticket.applicationId ? applicationStub(ticket.applicationId) : null;
  }

  @FieldResolver(() => DateTimeResolver, { description: 'Due date for taking the ticket (time to own of its priority)' })
  ownDueAt(@Root() ticket: TicketData): Date {
    return ticket.ownDueAt;
  }

  @FieldResolver(() => DateTimeResolver, {
    description: 'Due date for resolving it (time to resolve), pushed back by the time spent PENDING; moves with the clock while PENDING',
  })
  resolveDueAt(@Root() ticket: TicketData): Date {
    return resolveDueAt(ticket, operationsClock.now());
  }

  @FieldResolver(() => Boolean, { description: 'Owned after ownDueAt, or resolved (or still unresolved) after resolveDueAt; pending time excluded' })
  slaBreached(@Root() ticket: TicketData): boolean {
    return slaBreached(ticket, operationsClock.now());
  }

  @FieldResolver(() => TicketStatusChangeConnection, { description: 'Every step of the ticket, its opening first' })
  async history(
    @Root() ticket: TicketData,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() { loaders }: OperationsContext,
  ): Promise<TicketStatusChangeConnection> {
    const size = pageSize(first);
    const changes = await loaders.historyByTicketId.load(ticket.id);
    const afterSeq = after ? (decodeCursor(after, ['number'])[0] as number) : -Infinity;
    const rest = changes.filter((change) => change.seq > afterSeq);
    return Object.assign(new TicketStatusChangeConnection(), {
      ...pageOf<TicketStatusChange>(rest.slice(0, size + 1), size, (change) => encodeCursor([change.seq])),
      totalCount: changes.length,
    });
  }
}

@Resolver(() => TicketConnection)
export class TicketConnectionResolver {
  @FieldResolver(() => Int)
  totalCount(@Root() connection: TicketConnection): Promise<number> {
    return connection.countTotal();
  }
}

/** Federation entry point for Ticket: batched, and under the same access rules as the queries. */
export async function resolveTicketReference(reference: { id: string }, { loaders, viewer }: OperationsContext): Promise<Ticket | null> {
  const scope = ticketScope(viewer);
  const ticket = await loaders.ticketById.load(reference.id);
  return ticket && canSeeTicketOf(scope, ticket.memberCode) ? ticket : null;
}
