import type { RequiredEntityData } from '@mikro-orm/core';
import { isUuid } from '../../../lib/ids';
import { type EntityManager, readOnlyRowMapper } from '../../../lib/orm';
import { Ticket } from '../entities';
import type { TicketFilter } from '../types';
import { ticketConditions, TICKET_ORDER_SQL, whereSql } from './ticket-conditions';

/** Parent columns a ticket list can hang from: Member.tickets and Application.tickets. */
export type TicketParentColumn = 'member_code' | 'application_id';

/** Which tickets a listing shows: the client's filter within the viewer's confinement (null: none). */
export interface TicketSelection {
  filter: TicketFilter | null | undefined;
  scopeMemberCode: string | null;
}

/** The same selection, from a keyset position and with a row limit. */
export interface TicketPageRequest extends TicketSelection {
  after: string | null | undefined;
  limit: number;
}

const inList = (values: readonly unknown[]) => values.map(() => '?').join(', ');

// Lists are read-only: plain rows, not ORM-hydrated entities (readOnlyRowMapper says why).

/** A page of the top-level listing, newest first. */
export async function ticketPage(em: EntityManager, { filter, scopeMemberCode, after, limit }: TicketPageRequest): Promise<Ticket[]> {
  const where = ticketConditions(filter, scopeMemberCode, after);
  const rows = await em.execute(`select * from "operations"."ticket" ${whereSql(where)} order by ${TICKET_ORDER_SQL} limit ?`, [...where.params, limit]);
  return rows.map(readOnlyRowMapper(em, Ticket));
}

export async function countTickets(em: EntityManager, { filter, scopeMemberCode }: TicketSelection): Promise<number> {
  const where = ticketConditions(filter, scopeMemberCode);
  const [{ total }] = await em.execute<{ total: string }[]>(`select count(*) as total from "operations"."ticket" ${whereSql(where)}`, where.params);
  return Number(total);
}

/**
 * One page per parent in one statement: a LATERAL top-N per parent walks each parent's
 * (column, opened_at, id) index and stops after `limit` rows, however many tickets a parent has.
 */
export async function ticketPagesOfParents(
  em: EntityManager,
  column: TicketParentColumn,
  parents: readonly string[],
  { filter, scopeMemberCode, after, limit }: TicketPageRequest,
): Promise<Map<string, Ticket[]>> {
  const where = ticketConditions(filter, scopeMemberCode, after);
  where.sql.push(`t.${column} = p.parent`);
  const rows = await em.execute(
    `select t.* from unnest(array[${inList(parents)}]::text[]) with ordinality as p(parent, position)
             cross join lateral (select * from "operations"."ticket" t ${whereSql(where)} order by ${TICKET_ORDER_SQL} limit ?) t
             order by p.position, t.opened_at desc, t.id desc`,
    [...parents, ...where.params, limit],
  );
  const toTicket = readOnlyRowMapper(em, Ticket);
  const byParent = new Map<string, Ticket[]>(parents.map((parent) => [parent, []]));
  for (const row of rows) byParent.get((row as Record<string, string>)[column])?.push(toTicket(row));
  return byParent;
}

/** Each parent's ticket count in one statement; parents without tickets are absent. */
export async function ticketCountsOfParents(
  em: EntityManager,
  column: TicketParentColumn,
  parents: readonly string[],
  { filter, scopeMemberCode }: TicketSelection,
): Promise<Map<string, number>> {
  const where = ticketConditions(filter, scopeMemberCode);
  where.sql.push(`${column} in (${inList(parents)})`);
  where.params.push(...parents);
  const rows = await em.execute<{ parent: string; total: string }[]>(
    `select ${column} as parent, count(*) as total from "operations"."ticket" ${whereSql(where)} group by ${column}`,
    where.params,
  );
  return new Map(rows.map((row) => [row.parent, Number(row.total)]));
}

/** Tickets by id; ids that cannot be UUIDs are not sent to PostgreSQL (it would reject the whole batch). */
export function findTicketsByIds(em: EntityManager, ids: readonly string[]): Promise<Ticket[]> {
  const valid = ids.filter(isUuid);
  return valid.length === 0 ? Promise.resolve([]) : em.find(Ticket, { id: { $in: [...valid] } });
}

/** One ticket by id or by reference. */
export const findTicket = (em: EntityManager, key: { id: string } | { reference: string }) => em.findOne(Ticket, key);

/**
 * The ticket a caller opened with an idempotency key. Read through a fresh fork, so that the
 * request's identity map (which may hold a ticket whose insert just failed) does not answer.
 */
export const findTicketByIdempotencyKey = (em: EntityManager, openedBy: string, idempotencyKey: string) =>
  em.fork().findOne(Ticket, { openedBy, idempotencyKey });

/** The next number of the year's references, without gaps: the counter row stays locked until the transaction ends. */
export async function nextTicketNumber(tx: EntityManager, year: number): Promise<number> {
  const [{ last_number: number }] = await tx.execute<{ last_number: number }[]>(
    `insert into "operations"."ticket_counter" (year, last_number) values (?, 1)
           on conflict (year) do update set last_number = "operations"."ticket_counter".last_number + 1 returning last_number`,
    [year],
  );
  return number;
}

/** Inserts a ticket now: its history references it by a plain column, so the ticket row goes first. */
export async function insertTicket(tx: EntityManager, ticket: RequiredEntityData<Ticket>): Promise<Ticket> {
  const created = tx.create(Ticket, ticket);
  await tx.flush();
  return created;
}

/** Applies `changes` only if the ticket is still at `version`; returns the rows updated (0: someone changed it first). */
export const updateTicketAtVersion = (tx: EntityManager, id: string, version: number, changes: Partial<Ticket>) =>
  tx.nativeUpdate(Ticket, { id, version }, changes);

/** Tickets imported from `source` with the given external ids, locked until the transaction ends (a concurrent import waits). */
export async function lockImportedTickets(tx: EntityManager, source: string, externalIds: readonly string[]): Promise<Ticket[]> {
  if (externalIds.length === 0) return [];
  const rows = await tx.execute(
    `select * from "operations"."ticket" where external_source = ? and external_id in (${inList(externalIds)}) order by external_id for update`,
    [source, ...externalIds],
  );
  return rows.map((row) => tx.map(Ticket, row));
}
