import { decodeCursor, encodeCursor } from '../../lib/connection';
import { badUserInput } from '../../lib/errors';
import type { Ticket } from './entities';
import type { TicketFilter } from './resolvers/ticket-inputs';

/** A WHERE clause under construction: SQL fragments joined by "and", with their `?` bindings. */
export interface SqlCondition {
  sql: string[];
  params: unknown[];
}

const MAX_FILTER_VALUES = 50;

/** Listing order of tickets: newest first, id breaking ties, so that cursors stay stable under inserts. */
export const TICKET_ORDER_SQL = 'opened_at desc, id desc';

export const ticketCursor = (ticket: Pick<Ticket, 'openedAt' | 'id'>) => encodeCursor([ticket.openedAt.toISOString(), ticket.id]);

function listCondition(where: SqlCondition, column: string, values: readonly string[] | null | undefined, field: string): void {
  if (values === undefined || values === null) return;
  if (values.length > MAX_FILTER_VALUES) throw badUserInput(`${field} takes at most ${MAX_FILTER_VALUES} values`, { field });
  if (values.length === 0) {
    where.sql.push('false');
    return;
  }
  where.sql.push(`${column} in (${values.map(() => '?').join(', ')})`);
  where.params.push(...values);
}

/**
 * Translates a ticket filter, the viewer's confinement and an optional `after` cursor into SQL.
 * A MEMBER_AGENT's filter is forced to its member: asking for another member gives nothing.
 */
export function ticketConditions(filter: TicketFilter | null | undefined, scopeMemberCode: string | null, after?: string | null): SqlCondition {
  const where: SqlCondition = { sql: [], params: [] };
  const memberCode = filter?.memberCode?.trim().toUpperCase();
  if (scopeMemberCode !== null) {
    where.sql.push('member_code = ?');
    where.params.push(scopeMemberCode);
    if (memberCode !== undefined && memberCode !== scopeMemberCode) where.sql.push('false');
  } else if (memberCode !== undefined) {
    where.sql.push('member_code = ?');
    where.params.push(memberCode);
  }
  if (filter?.applicationId !== undefined && filter.applicationId !== null) {
    where.sql.push('application_id = ?');
    where.params.push(filter.applicationId.trim());
  }
  listCondition(where, 'status', filter?.status, 'status');
  listCondition(where, 'kind', filter?.kind, 'kind');
  listCondition(where, 'queue', filter?.queue, 'queue');
  listCondition(where, 'priority', filter?.priority, 'priority');
  if (filter?.openedFrom) {
    where.sql.push('opened_at >= ?');
    where.params.push(filter.openedFrom);
  }
  if (filter?.openedBefore) {
    where.sql.push('opened_at < ?');
    where.params.push(filter.openedBefore);
  }
  if (filter?.synthetic !== undefined && filter.synthetic !== null) {
    where.sql.push('synthetic = ?');
    where.params.push(filter.synthetic);
  }
  if (after) {
    const [openedAt, id] = decodeCursor(after, ['string', 'string']) as [string, string];
    if (Number.isNaN(Date.parse(openedAt)) || !/^[0-9a-f-]{36}$/i.test(id)) throw badUserInput('after is not a cursor of this connection', { field: 'after' });
    where.sql.push('(opened_at, id) < (?::timestamptz, ?::uuid)');
    where.params.push(openedAt, id);
  }
  return where;
}

export const whereSql = (where: SqlCondition) => (where.sql.length > 0 ? `where ${where.sql.join(' and ')}` : '');
