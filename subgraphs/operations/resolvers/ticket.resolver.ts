import { DateTimeResolver } from '../../../lib/scalars';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { ChangeConnection, entityChanges } from '../../../lib/audit';
import { PROVENANCE_DESCRIPTION } from '../../../lib/field-provenance';
import { Provenance } from '../../../lib/provenance';
import { Application, applicationStub, Member, memberStub, Ticket } from '../entities';
import type { OperationsContext } from '../loaders';
import { operationsClock } from '../services/clock';
import { resolveDueAt, slaBreached } from '../services/sla';
import { ticketProvenance } from '../services/ticket-provenance';
import { listTickets, ticketHistory, visibleTicketById, visibleTicketByReference } from '../services/ticket-reads';
import { TicketConnection, TicketFilter, TicketStatusChangeConnection } from '../types';

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
  tickets(
    @Arg('filter', () => TicketFilter, { nullable: true }) filter: TicketFilter | undefined,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() context: OperationsContext,
  ): Promise<TicketConnection> {
    return listTickets(context, { filter, first, after });
  }

  @Query(() => Ticket, { nullable: true, description: 'A ticket by reference; null when none, or when it is another member’s' })
  ticket(@Arg('reference', () => String) reference: string, @Ctx() context: OperationsContext): Promise<Ticket | null> {
    return visibleTicketByReference(context, reference);
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

  @FieldResolver(() => Provenance, {
    description: `${PROVENANCE_DESCRIPTION}. An imported ticket: kind IMPORT with the file and its SHA-256; a demo ticket: SYNTHETIC; any other: MUTATION (openTicket)`,
  })
  provenance(@Root() ticket: TicketData): Provenance {
    return ticketProvenance(ticket);
  }

  @FieldResolver(() => TicketStatusChangeConnection, { description: 'Every step of the ticket, its opening first' })
  history(
    @Root() ticket: TicketData,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() context: OperationsContext,
  ): Promise<TicketStatusChangeConnection> {
    return ticketHistory(context, ticket.id, first, after);
  }

  @FieldResolver(() => ChangeConnection, { nullable: true, description: 'Its audit entries, newest first. SII_STAFF only' })
  changes(
    @Root() ticket: TicketData,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() { viewer, loaders }: OperationsContext,
  ): Promise<ChangeConnection> {
    return entityChanges(viewer, loaders.changes, 'Ticket', ticket.id, first, after);
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
export function resolveTicketReference(reference: { id: string }, context: OperationsContext): Promise<Ticket | null> {
  return visibleTicketById(context, reference.id);
}
