import { decodeCursor, encodeCursor, isCursorTimestamp } from '../../../lib/connection';
import { badUserInput } from '../../../lib/errors';
import { isUuid } from '../../../lib/ids';
import type { Ticket } from '../entities';
import type { TicketFilter } from '../types';

/** A WHERE clause under construction: SQL fragments joined by "and", with their `?` bindings. */
export interface SqlCondition {
  sql: string[];
  params: unknown[];
}

const MAX_FILTER_VALUES = 50;

/** Listing order of tickets: newest first, id breaking ties, so that cursors stay stable under inserts. */
export const TICKET_ORDER_SQL = 'opened_at desc, id desc';

export const ticketCursor = (ticket: Pick<Ticket, 'openedAt' | 'id'>) => encodeCursor([ticket.openedAt.toISOString(), ticket.id]);

function add(where: SqlCondition, sql: string, ...params: unknown[]): void {
  where.sql.push(sql);
  where.params.push(...params);
}

function listCondition(where: SqlCondition, column: string, values: readonly string[] | null | undefined, field: string): void {
  if (values === undefined || values === null) return;
  if (values.length > MAX_FILTER_VALUES) throw badUserInput(`${field} takes at most ${MAX_FILTER_VALUES} values`, { field });
  if (values.length === 0) {
    where.sql.push('false');
    return;
  }
  add(where, `${column} in (${values.map(() => '?').join(', ')})`, ...values);
}

/** A MEMBER_AGENT's filter is forced to its member: asking for another member gives nothing. */
function memberCondition(where: SqlCondition, filter: TicketFilter | null | undefined, scopeMemberCode: string | null): void {
  const memberCode = filter?.memberCode?.trim().toUpperCase();
  if (scopeMemberCode !== null) {
    add(where, 'member_code = ?', scopeMemberCode);
    if (memberCode !== undefined && memberCode !== scopeMemberCode) where.sql.push('false');
  } else if (memberCode !== undefined) {
    add(where, 'member_code = ?', memberCode);
  }
}

/** Keyset position after a cursor made by ticketCursor; anything else is BAD_USER_INPUT. */
function afterCondition(where: SqlCondition, after: string): void {
  const [openedAt, id] = decodeCursor(after, ['string', 'string']) as [string, string];
  if (!isCursorTimestamp(openedAt) || !isUuid(id)) throw badUserInput('after is not a cursor of this connection', { field: 'after' });
  add(where, '(opened_at, id) < (?::timestamptz, ?::uuid)', openedAt, id);
}

/** Translates a ticket filter, the viewer's confinement and an optional `after` cursor into SQL. */
export function ticketConditions(filter: TicketFilter | null | undefined, scopeMemberCode: string | null, after?: string | null): SqlCondition {
  const where: SqlCondition = { sql: [], params: [] };
  memberCondition(where, filter, scopeMemberCode);
  if (filter?.applicationId !== undefined && filter.applicationId !== null) add(where, 'application_id = ?', filter.applicationId.trim());
  listCondition(where, 'status', filter?.status, 'status');
  listCondition(where, 'kind', filter?.kind, 'kind');
  listCondition(where, 'queue', filter?.queue, 'queue');
  listCondition(where, 'priority', filter?.priority, 'priority');
  if (filter?.openedFrom) add(where, 'opened_at >= ?', filter.openedFrom);
  if (filter?.openedBefore) add(where, 'opened_at < ?', filter.openedBefore);
  if (filter?.synthetic !== undefined && filter.synthetic !== null) add(where, 'synthetic = ?', filter.synthetic);
  if (after) afterCondition(where, after);
  return where;
}

export const whereSql = (where: SqlCondition) => (where.sql.length > 0 ? `where ${where.sql.join(' and ')}` : '');
