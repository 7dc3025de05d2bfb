import { decodeCursor, encodeCursor, pageOf, pageSize } from '../../../lib/connection';
import { ticketCursor } from '../data/ticket-conditions';
import { countTickets, findTicket, ticketPage, type TicketParentColumn } from '../data/tickets';
import type { Ticket, TicketStatusChange } from '../entities';
import type { OperationsContext } from '../loaders';
import { TicketConnection, type TicketFilter, TicketStatusChangeConnection } from '../types';
import { canSeeTicketOf, ticketScope } from './access';

// Every read of tickets goes through ticketScope: services/access.ts says who sees what.

/** A page of tickets; the total is counted only when totalCount is selected. */
const ticketConnection = (rows: Ticket[], size: number, countTotal: () => Promise<number>) =>
  Object.assign(new TicketConnection(), { ...pageOf(rows, size, ticketCursor), countTotal });

/** What a client asks of a ticket list: its filter and the page (`first` tickets after the `after` cursor). */
export interface TicketListArgs {
  filter?: TicketFilter | null;
  first?: number | null;
  after?: string | null;
}

/** The top-level listing: one page query, and a count query only when totalCount is selected. */
export async function listTickets({ em, viewer }: OperationsContext, { filter, first, after }: TicketListArgs): Promise<TicketConnection> {
  const scope = ticketScope(viewer);
  const size = pageSize(first);
  const selection = { filter, scopeMemberCode: scope.memberCode };
  const tickets = await ticketPage(em, { ...selection, after, limit: size + 1 });
  return ticketConnection(tickets, size, () => countTickets(em, selection));
}

/** A parent's tickets through the batched loaders: one page query and one count query for all parents of a response. */
export async function parentTickets(
  { viewer, loaders }: OperationsContext,
  column: TicketParentColumn,
  parent: string,
  { filter, first, after }: TicketListArgs,
): Promise<TicketConnection> {
  const scope = ticketScope(viewer);
  const size = pageSize(first);
  const base = { column, parent, filter: filter ?? null, scopeMemberCode: scope.memberCode };
  const rows = await loaders.ticketPages.load({ ...base, after: after ?? null, limit: size + 1 });
  return ticketConnection(rows, size, () => loaders.ticketCounts.load(base));
}

/** A ticket by reference; null when none, or when it is another member's. */
export async function visibleTicketByReference({ em, viewer }: OperationsContext, reference: string): Promise<Ticket | null> {
  const scope = ticketScope(viewer);
  const ticket = await findTicket(em, { reference: reference.trim().toUpperCase() });
  return ticket && canSeeTicketOf(scope, ticket.memberCode) ? ticket : null;
}

/** A ticket by id, batched (federation references); null when none, or when it is another member's. */
export async function visibleTicketById({ loaders, viewer }: OperationsContext, id: string): Promise<Ticket | null> {
  const scope = ticketScope(viewer);
  const ticket = await loaders.ticketById.load(id);
  return ticket && canSeeTicketOf(scope, ticket.memberCode) ? ticket : null;
}

/** A page of a ticket's history, oldest first, cut from all its steps (loaded for every ticket of the response at once). */
export async function ticketHistory(
  { loaders }: OperationsContext,
  ticketId: string,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<TicketStatusChangeConnection> {
  const size = pageSize(first);
  const changes = await loaders.historyByTicketId.load(ticketId);
  const afterSeq = after ? (decodeCursor(after, ['number'])[0] as number) : -Infinity;
  const rest = changes.filter((change) => change.seq > afterSeq);
  return Object.assign(new TicketStatusChangeConnection(), {
    ...pageOf<TicketStatusChange>(rest.slice(0, size + 1), size, (change) => encodeCursor([change.seq])),
    totalCount: changes.length,
  });
}
