import { Directive, Field, ObjectType } from 'type-graphql';
import { badUserInput } from './errors';

/** Page size when a client gives no `first`, and the most a client may ask for. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Relay's PageInfo; shareable so that every subgraph may expose connections. */
@ObjectType({ simpleResolvers: true, description: 'Where a page of a connection sits in the whole list' })
@Directive('@shareable')
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'Always false: connections page forward only (first/after)' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** Validates `first`: absent → default, beyond the cap or negative → BAD_USER_INPUT. */
export function pageSize(first: number | null | undefined): number {
  if (first === undefined || first === null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0) throw badUserInput('first must be a non-negative integer', { field: 'first' });
  if (first > MAX_PAGE_SIZE) throw badUserInput(`first must be at most ${MAX_PAGE_SIZE}`, { field: 'first', max: MAX_PAGE_SIZE });
  return first;
}

const CURSOR_PREFIX = 'c1:';

/** An opaque cursor holding the sort-key values of a row (keyset pagination: stable under inserts). */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(CURSOR_PREFIX + JSON.stringify(values), 'utf8').toString('base64url');
}

/** Reads back a cursor made by encodeCursor; anything else is BAD_USER_INPUT. */
export function decodeCursor(cursor: string, kinds: readonly ('string' | 'number')[]): (string | number)[] {
  let values: unknown;
  try {
    const text = Buffer.from(cursor, 'base64url').toString('utf8');
    if (!text.startsWith(CURSOR_PREFIX)) throw new Error('prefix');
    values = JSON.parse(text.slice(CURSOR_PREFIX.length));
  } catch {
    throw badUserInput('after is not a cursor of this connection', { field: 'after' });
  }
  if (!Array.isArray(values) || values.length !== kinds.length || values.some((value, index) => typeof value !== kinds[index])) {
    throw badUserInput('after is not a cursor of this connection', { field: 'after' });
  }
  return values as (string | number)[];
}

/**
 * True for a UTC timestamp as the hub writes them in cursors (`2018-03-01T08:00:00.000Z`, up to
 * microseconds), of a real calendar day in the years 0001–9999: what PostgreSQL is then sure to
 * accept. A cursor edited to year 275760 or to month 13 is BAD_USER_INPUT, not a database error.
 */
export function isCursorTimestamp(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?Z$/.exec(text);
  return match !== null && Number(match[1]) >= 1 && isCalendarDay(`${match[1]}-${match[2]}-${match[3]}`) && Number(match[4]) < 24 && Number(match[5]) < 60 && Number(match[6]) < 60;
}

/** True for `YYYY-MM-DD` naming a day that exists (no 2018-02-30), in the years 0001–9999. */
export function isCalendarDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match || Number(match[1]) < 1) return false;
  const day = new Date(0);
  day.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return day.getUTCFullYear() === Number(match[1]) && day.getUTCMonth() === Number(match[2]) - 1 && day.getUTCDate() === Number(match[3]);
}

/** Builds edges and pageInfo from `first + 1` fetched rows (the extra row only tells that a next page exists). */
export function pageOf<T>(rows: T[], first: number, cursorOf: (row: T) => string) {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: cursorOf(node), node }));
  const pageInfo = Object.assign(new PageInfo(), {
    hasNextPage: rows.length > first,
    hasPreviousPage: false,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges.at(-1)?.cursor ?? null,
  });
  return { edges, pageInfo };
}
