import DataLoader from 'dataloader';
import { DateTimeResolver, JSONObjectResolver } from './scalars';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { requireStaff, type Viewer } from './auth';
import { decodeCursor, encodeCursor, isCursorTimestamp, PageInfo, pageOf, pageSize } from './connection';
import { badUserInput } from './errors';
import type { EntityManager } from './orm';

/**
 * The audit trail: every write of every subgraph (mutations, yearly intake, imports, seeds) leaves one
 * row in its own schema's `change` table, in the same transaction as the write, so that a change
 * without its record (or a record without its change) cannot be committed.
 */

/** Who wrote: a person or service account through the graph, or a command loading a file. */
export type ActorKind = 'USER' | 'API_KEY' | 'INTAKE' | 'IMPORT' | 'SEED' | 'SYSTEM';
export const ACTOR_KINDS: readonly ActorKind[] = ['USER', 'API_KEY', 'INTAKE', 'IMPORT', 'SEED', 'SYSTEM'];

export type ChangeAction = 'CREATE' | 'UPDATE' | 'DELETE';
export const CHANGE_ACTIONS: readonly ChangeAction[] = ['CREATE', 'UPDATE', 'DELETE'];

export interface Actor {
  kind: ActorKind;
  /** Token subject, API key name, or the command (e.g. "npm run intake"). */
  subject: string | null;
  /** The role the writer acted with (SII_STAFF, MEMBER_AGENT…); null for commands. */
  role: string | null;
  /** The file a command loaded (intake, import), as given on its command line. */
  document?: string | null;
  /** SHA-256 of that file. */
  checksum?: string | null;
}

/** The actor of a write made through the graph by `viewer`. */
export function actorOf(viewer: Pick<Viewer, 'subject' | 'role'> & { credential?: string }): Actor {
  return { kind: viewer.credential === 'api-key' ? 'API_KEY' : 'USER', subject: viewer.subject, role: viewer.role };
}

/** The actor of a seed (the report's data, applied once by `npm start` or the migrate job). */
export const seedActor = (seedName: string): Actor => ({ kind: 'SEED', subject: `seed ${seedName}`, role: null });

export type AuditValue = Record<string, unknown>;

export interface ChangeRecord {
  /** The GraphQL type the change is about, e.g. "Ticket", "Delegate", "Application". */
  entity: string;
  /** Its key as clients know it (id, code or reference). */
  entityId: string;
  action: ChangeAction;
  /** Fields before (null on CREATE); only the changed ones on UPDATE. */
  before: AuditValue | null;
  /** Fields after (null on DELETE); only the changed ones on UPDATE. */
  after: AuditValue | null;
  actor: Actor;
  requestId?: string | null;
}

/** The SQL of one schema's change table; each subgraph's audit migration runs it for its own schema. */
export function changeTableSql(schema: string): string[] {
  const kinds = ACTOR_KINDS.map((kind) => `'${kind}'`).join(', ');
  const actions = CHANGE_ACTIONS.map((action) => `'${action}'`).join(', ');
  return [
    `create table "${schema}"."change" (
      "id" bigserial primary key,
      "at" timestamptz not null default clock_timestamp(),
      "entity" text not null check (length("entity") > 0),
      "entity_id" text not null check (length("entity_id") > 0),
      "action" text not null check ("action" in (${actions})),
      "before" jsonb null,
      "after" jsonb null,
      "actor_kind" text not null check ("actor_kind" in (${kinds})),
      "actor_subject" text null,
      "actor_role" text null,
      "actor_document" text null,
      "actor_checksum" text null,
      "request_id" text null
    );`,
    `create index "change_entity_index" on "${schema}"."change" ("entity", "entity_id", "at");`,
    `create index "change_at_index" on "${schema}"."change" ("at");`,
  ];
}

const toJson = (value: AuditValue | null) => (value === null ? null : JSON.stringify(value));

/** Writes one change row with `em` — pass the transaction's EntityManager so that both commit together. */
export async function recordChange(em: EntityManager, schema: string, change: ChangeRecord): Promise<void> {
  await recordChanges(em, schema, [change]);
}

/** Writes several change rows in one statement (seeds and intake write hundreds at once). */
export async function recordChanges(em: EntityManager, schema: string, changes: readonly ChangeRecord[]): Promise<void> {
  if (changes.length === 0) return;
  const rows = changes.map(() => '(?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?)').join(', ');
  const params = changes.flatMap((change) => [
    change.entity,
    change.entityId,
    change.action,
    toJson(change.before),
    toJson(change.after),
    change.actor.kind,
    change.actor.subject,
    change.actor.role,
    change.actor.document ?? null,
    change.actor.checksum ?? null,
    change.requestId ?? null,
  ]);
  await em.execute(
    `insert into "${schema}"."change" (entity, entity_id, action, before, after, actor_kind, actor_subject, actor_role, actor_document, actor_checksum, request_id) values ${rows}`,
    params,
  );
}

/** The fields that differ between two states of an entity, as the before/after pair an UPDATE records. */
export function changedFields(before: AuditValue, after: AuditValue): { before: AuditValue; after: AuditValue } | null {
  const changedBefore: AuditValue = {};
  const changedAfter: AuditValue = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key] ?? null) === JSON.stringify(after[key] ?? null)) continue;
    changedBefore[key] = before[key] ?? null;
    changedAfter[key] = after[key] ?? null;
  }
  return Object.keys(changedAfter).length === 0 ? null : { before: changedBefore, after: changedAfter };
}

/* ------------------------------------------------------------------------------------------------
 * The read side: the shareable GraphQL types every subgraph serves its own change table with, and
 * the keyset-paged queries behind them. Newest first: at, then subgraph, then id, all descending.
 * ---------------------------------------------------------------------------------------------- */

export enum ChangeActionKind {
  CREATE = 'CREATE',
  UPDATE = 'UPDATE',
  DELETE = 'DELETE',
}
registerEnumType(ChangeActionKind, { name: 'ChangeAction', description: 'What a change did to its entity' });

export enum ChangeActorKind {
  USER = 'USER',
  API_KEY = 'API_KEY',
  INTAKE = 'INTAKE',
  IMPORT = 'IMPORT',
  SEED = 'SEED',
  SYSTEM = 'SYSTEM',
}
registerEnumType(ChangeActorKind, {
  name: 'ChangeActorKind',
  description:
    'Who wrote: a person (USER) or service account (API_KEY) through the graph, the yearly intake or an import command (with the file and its SHA-256), a seed, or the hub itself',
});

@ObjectType({ simpleResolvers: true, description: 'Who made a change' })
@Directive('@shareable')
export class ChangeActor {
  @Field(() => ChangeActorKind)
  kind!: ChangeActorKind;

  @Field(() => String, { nullable: true, description: 'Token subject, API key name, or the command (e.g. "npm run intake")' })
  subject!: string | null;

  @Field(() => String, { nullable: true, description: 'The role the writer acted with (SII_STAFF…); null for commands and seeds' })
  role!: string | null;

  @Field(() => String, { nullable: true, description: 'The file a command loaded (intake, import), as given on its command line' })
  document!: string | null;

  @Field(() => String, { nullable: true, description: 'SHA-256 of that file' })
  checksum!: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'One write of the hub, on record: who, when, which entity, the fields before and after' })
@Directive('@shareable')
export class Change {
  @Field(() => ID, { description: 'Unique across the hub: "<subgraph>:<number>"' })
  id!: string;

  @Field(() => String, { description: 'The subgraph whose data changed: governance, catalogue, operations or metrics' })
  subgraph!: string;

  @Field(() => DateTimeResolver)
  at!: Date;

  @Field(() => String, { description: 'The GraphQL type changed, e.g. "Delegate", "Application", "DataPoint"' })
  entity!: string;

  @Field(() => ID, { description: 'Its id field (its code where it has no id; "<indicator>:<year>" for a DataPoint)' })
  entityId!: string;

  @Field(() => ChangeActionKind)
  action!: ChangeActionKind;

  @Field(() => [String], { description: 'The fields that changed (every field given on a CREATE or DELETE)' })
  fields!: string[];

  @Field(() => JSONObjectResolver, { nullable: true, description: 'Those fields before; null on a CREATE' })
  before!: AuditValue | null;

  @Field(() => JSONObjectResolver, { nullable: true, description: 'Those fields after; null on a DELETE' })
  after!: AuditValue | null;

  @Field(() => ChangeActor)
  actor!: ChangeActor;

  @Field(() => String, { nullable: true, description: 'The request (x-request-id) or intake run that made it' })
  requestId!: string | null;
}

@ObjectType({ simpleResolvers: true })
@Directive('@shareable')
export class ChangeEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Change)
  node!: Change;
}

@ObjectType({ simpleResolvers: true, description: 'Changes on record, newest first (at, then id)' })
@Directive('@shareable')
export class ChangeConnection {
  @Field(() => [ChangeEdge])
  edges!: ChangeEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Changes matching the filter, all pages together' })
  totalCount!: number;
}

export interface ChangeFilter {
  /** Exact GraphQL type name, e.g. "Delegate". */
  entity?: string | null;
  /** Exact entity id (needs no entity: ids rarely collide across types, and the entity narrows it). */
  entityId?: string | null;
  /** Inclusive lower bound on `at`. */
  since?: Date | null;
}

interface ChangeRow {
  subgraph: string;
  id: string;
  at_text: string;
  at: Date | string;
  entity: string;
  entity_id: string;
  action: ChangeActionKind;
  before: AuditValue | null;
  after: AuditValue | null;
  actor_kind: ChangeActorKind;
  actor_subject: string | null;
  actor_role: string | null;
  actor_document: string | null;
  actor_checksum: string | null;
  request_id: string | null;
}

/** Where changes are read: one schema's own table, or metrics' view over all four (which has a subgraph column). */
export type ChangeSource = { schema: string } | { view: string };

const sourceSql = (source: ChangeSource) =>
  'schema' in source
    ? `(select '${source.schema}'::text as subgraph, c.* from "${source.schema}"."change" c)`
    : `(select * from ${source.view.split('.').map((part) => `"${part}"`).join('.')})`;

// Microseconds matter: two changes of one transaction may share a millisecond.
const SELECT_COLUMNS = `subgraph, id::text as id, at, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at_text,
  entity, entity_id, action, before, after, actor_kind, actor_subject, actor_role, actor_document, actor_checksum, request_id`;
const ORDER = 'order by at desc, subgraph desc, id desc';

const changeCursor = (row: ChangeRow) => encodeCursor([row.at_text, row.subgraph, Number(row.id)]);

/** The (at, subgraph, id) a cursor points after; BAD_USER_INPUT for anything else. */
function afterPosition(after: string | null | undefined): [string, string, number] | null {
  if (after === undefined || after === null) return null;
  const [at, subgraph, id] = decodeCursor(after, ['string', 'string', 'number']) as [string, string, number];
  if (!/\.\d{6}Z$/.test(at) || !isCursorTimestamp(at) || !/^[a-z]+$/.test(subgraph) || !Number.isSafeInteger(id)) {
    throw badUserInput('after is not a cursor of this connection', { field: 'after' });
  }
  return [at, subgraph, id];
}

function toChange(row: ChangeRow): Change {
  const fields = [...new Set([...Object.keys(row.before ?? {}), ...Object.keys(row.after ?? {})])];
  return Object.assign(new Change(), {
    id: `${row.subgraph}:${row.id}`,
    subgraph: row.subgraph,
    at: new Date(row.at),
    entity: row.entity,
    entityId: row.entity_id,
    action: row.action,
    fields,
    before: row.before,
    after: row.after,
    actor: Object.assign(new ChangeActor(), {
      kind: row.actor_kind,
      subject: row.actor_subject,
      role: row.actor_role,
      document: row.actor_document,
      checksum: row.actor_checksum,
    }),
    requestId: row.request_id,
  });
}

/** A connection from `first + 1` rows (the extra one only tells that a next page exists). */
function connectionOf(rows: ChangeRow[], first: number, totalCount: number): ChangeConnection {
  const { edges, pageInfo } = pageOf(rows, first, changeCursor);
  return Object.assign(new ChangeConnection(), {
    edges: edges.map((edge) => Object.assign(new ChangeEdge(), { cursor: edge.cursor, node: toChange(edge.node) })),
    pageInfo,
    totalCount,
  });
}

function filterSql(filter: ChangeFilter): { conditions: string[]; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filter.entity) {
    conditions.push('entity = ?');
    params.push(filter.entity);
  }
  if (filter.entityId) {
    conditions.push('entity_id = ?');
    params.push(filter.entityId);
  }
  if (filter.since) {
    conditions.push('at >= ?::timestamptz');
    params.push(filter.since.toISOString());
  }
  return { conditions, params };
}

const whereOf = (conditions: string[]) => (conditions.length > 0 ? `where ${conditions.join(' and ')}` : '');

/** One page of the changes matching the filter, newest first, with their total count (two statements). */
export async function selectChanges(
  em: EntityManager,
  source: ChangeSource,
  filter: ChangeFilter,
  page: { first: number; after?: string | null },
): Promise<ChangeConnection> {
  const { conditions, params } = filterSql(filter);
  const position = afterPosition(page.after);
  const pageConditions = position ? [...conditions, '(at, subgraph, id) < (?::timestamptz, ?, ?)'] : conditions;
  const [rows, [{ total }]] = await Promise.all([
    em.execute<ChangeRow[]>(`select ${SELECT_COLUMNS} from ${sourceSql(source)} changes ${whereOf(pageConditions)} ${ORDER} limit ?`, [
      ...params,
      ...(position ?? []),
      page.first + 1,
    ]),
    em.execute<{ total: number }[]>(`select count(*)::int as total from ${sourceSql(source)} changes ${whereOf(conditions)}`, params),
  ]);
  return connectionOf(rows, page.first, total);
}

/**
 * The first page of changes of many entities of one type, in two statements whatever their number
 * (a lateral join per id for the page, one GROUP BY for the counts): `changes` on a list of members
 * costs the same as on one.
 */
export async function selectChangesOfEntities(
  em: EntityManager,
  schema: string,
  entity: string,
  entityIds: readonly string[],
  page: { first: number; after?: string | null },
): Promise<Map<string, ChangeConnection>> {
  const position = afterPosition(page.after);
  const ids = [...new Set(entityIds)];
  // The driver spreads an array parameter into a list: one placeholder per id.
  const marks = ids.map(() => '?').join(', ');
  const [rows, counts] = await Promise.all([
    em.execute<(ChangeRow & { key: string })[]>(
      `select k.key, page.* from unnest(array[${marks}]::text[]) as k(key)
       cross join lateral (
         select ${SELECT_COLUMNS} from ${sourceSql({ schema })} changes
         where entity = ? and entity_id = k.key ${position ? 'and (at, subgraph, id) < (?::timestamptz, ?, ?)' : ''}
         ${ORDER} limit ?
       ) page`,
      [...ids, entity, ...(position ?? []), page.first + 1],
    ),
    em.execute<{ entity_id: string; total: number }[]>(
      `select entity_id, count(*)::int as total from "${schema}"."change" where entity = ? and entity_id in (${marks}) group by entity_id`,
      [entity, ...ids],
    ),
  ]);
  const totals = new Map(counts.map((row) => [row.entity_id, row.total]));
  return new Map(ids.map((id) => [id, connectionOf(rows.filter((row) => row.key === id), page.first, totals.get(id) ?? 0)]));
}

export interface EntityChangesKey {
  entity: string;
  entityId: string;
  first: number;
  after: string | null;
}

/** A per-request DataLoader of entities' changes in `schema`: one batch per (entity, first, after). */
export function createChangesLoader(em: EntityManager, schema: string): DataLoader<EntityChangesKey, ChangeConnection, string> {
  return new DataLoader<EntityChangesKey, ChangeConnection, string>(
    async (keys) => {
      const groups = new Map<string, EntityChangesKey[]>();
      for (const key of keys) {
        const group = JSON.stringify([key.entity, key.first, key.after]);
        groups.set(group, [...(groups.get(group) ?? []), key]);
      }
      const answers = new Map<string, ChangeConnection>();
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const { entity, first, after } = group[0];
          const pages = await selectChangesOfEntities(em, schema, entity, group.map((key) => key.entityId), { first, after });
          for (const key of group) answers.set(JSON.stringify(key), pages.get(key.entityId) as ChangeConnection);
        }),
      );
      return keys.map((key) => answers.get(JSON.stringify(key)) as ChangeConnection);
    },
    { cacheKeyFn: (key) => JSON.stringify(key) },
  );
}

/**
 * The `changes(first, after)` field of an entity: SII_STAFF only (the audit trail says who did what),
 * batched through the subgraph's changes loader.
 */
export function entityChanges(
  viewer: Viewer,
  loader: DataLoader<EntityChangesKey, ChangeConnection, string>,
  entity: string,
  entityId: string,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<ChangeConnection> {
  requireStaff(viewer);
  // Checked here, not in the batch: a bad cursor is the caller's error, not the whole batch's.
  const size = pageSize(first);
  afterPosition(after);
  return loader.load({ entity, entityId, first: size, after: after ?? null });
}
