import type { Viewer } from './auth';
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
