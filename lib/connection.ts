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
