import { Check, Entity, Enum, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { DateTimeResolver } from '../../../lib/scalars';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { FactProvenance } from '../../../lib/field-provenance';
import { TicketKind, TicketPriority, TicketQueue, TicketStatus } from './enums';

@Entity({ tableName: 'ticket' })
@ObjectType({ simpleResolvers: true, description: 'A ticket of the SAU support desk (ISO 9001): an incident or a request from a member' })
@Directive('@key(fields: "id")')
// Keyset pagination runs newest first on (opened_at, id), alone or within one filter column; metrics' volumes
// read the covering index. Descending and INCLUDE indexes are known to MikroORM only as their SQL.
@Index({ name: 'ticket_opened_index', expression: 'create index "ticket_opened_index" on "operations"."ticket" ("opened_at" desc, "id" desc)' })
@Index({
  name: 'ticket_member_code_opened_index',
  expression: 'create index "ticket_member_code_opened_index" on "operations"."ticket" ("member_code", "opened_at" desc, "id" desc)',
})
@Index({
  name: 'ticket_application_opened_index',
  expression: 'create index "ticket_application_opened_index" on "operations"."ticket" ("application_id", "opened_at" desc, "id" desc)',
})
@Index({
  name: 'ticket_status_opened_index',
  expression: 'create index "ticket_status_opened_index" on "operations"."ticket" ("status", "opened_at" desc, "id" desc)',
})
@Index({
  name: 'ticket_opened_covering_index',
  expression:
    'create index "ticket_opened_covering_index" on "operations"."ticket" ("opened_at") include ("member_code", "queue", "kind", "synthetic")',
})
@Unique({ name: 'ticket_idempotency_key_unique', properties: ['openedBy', 'idempotencyKey'] })
@Check({ name: 'ticket_pending_since_only_when_pending', expression: "(status = 'PENDING') = (pending_since is not null)" })
@Check({ name: 'ticket_external_pair', expression: '(external_source is null) = (external_id is null)' })
@Check({ name: 'ticket_imported_version_only_when_imported', expression: 'imported_version is null or external_source is not null' })
// An imported ticket is found again by its tracker and id: a second import updates it.
@Index({
  name: 'ticket_external_unique',
  expression:
    'create unique index "ticket_external_unique" on "operations"."ticket" ("external_source", "external_id") where "external_source" is not null',
})
export class Ticket {
  [OptionalProps]?: 'version' | 'pendingSeconds' | 'synthetic' | 'externalSource' | 'externalId' | 'importedVersion' | 'storedProvenance';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'text', unique: true })
  @Field(() => String, { description: 'Human reference, e.g. SII-2026-000123 (synthetic tickets: SYN-…; imported from MantisBT: MANTIS-<its id>)' })
  reference!: string;

  @Enum({ items: () => TicketKind, type: 'text' })
  @Field(() => TicketKind)
  kind!: TicketKind;

  @Enum({ items: () => TicketQueue, type: 'text' })
  @Field(() => TicketQueue)
  queue!: TicketQueue;

  @Enum({ items: () => TicketStatus, type: 'text' })
  @Field(() => TicketStatus)
  status!: TicketStatus;

  @Enum({ items: () => TicketPriority, type: 'text' })
  @Field(() => TicketPriority)
  priority!: TicketPriority;

  @Property({ type: 'text' })
  @Check({ name: 'ticket_title_check', expression: 'length(trim(both from title)) > 0' })
  @Field(() => String)
  title!: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  description!: string | null;

  @Property({ type: 'text' })
  memberCode!: string;

  @Property({ type: 'text', nullable: true })
  applicationId!: string | null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  @Field(() => DateTimeResolver)
  openedAt!: Date;

  /** JWT subject of whoever opened it. */
  @Property({ type: 'text' })
  openedBy!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => DateTimeResolver, { nullable: true, description: 'When the desk took it (first ASSIGNED); measured against ownDueAt' })
  ownedAt!: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => DateTimeResolver, { nullable: true, description: 'Last time it became RESOLVED; null while unresolved or reopened' })
  resolvedAt!: Date | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => DateTimeResolver, { nullable: true })
  closedAt!: Date | null;

  /** Set while the ticket is PENDING: the SLA clock stops from then. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  pendingSince!: Date | null;

  /** Time spent PENDING in earlier, finished pending periods. */
  @Property({ type: 'integer', default: 0 })
  @Check({ name: 'ticket_pending_seconds_check', expression: 'pending_seconds >= 0' })
  pendingSeconds: number = 0;

  /** Due date for taking the ticket (time to own), fixed at opening from the priority's service level. */
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  ownDueAt!: Date;

  /** Due date for resolving it (time to resolve), pushed back by every finished pending period. */
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  resolveDueAtBase!: Date;

  @Property({ type: 'integer', default: 1 })
  @Check({ name: 'ticket_version_check', expression: 'version >= 1' })
  @Field(() => Int, { description: 'Bumped by every change; changeTicketStatus must carry the version it read' })
  version: number = 1;

  @Property({ type: 'text', nullable: true })
  idempotencyKey!: string | null;

  /** Hash of the openTicket input that created it, to tell a retry from a reuse of the key. */
  @Property({ type: 'text', nullable: true })
  requestFingerprint!: string | null;

  @Property({ type: 'boolean', default: false })
  @Field(() => Boolean, { description: 'True for generated demo/benchmark data (npm run seed:synthetic), never for real tickets' })
  synthetic: boolean = false;

  /** The tracker an imported ticket comes from (e.g. "mantis"); null for tickets opened in the hub. */
  @Property({ type: 'text', nullable: true })
  @Check({ name: 'ticket_external_source_check', expression: "external_source ~ '^[a-z][a-z0-9-]{0,30}$'" })
  @Field(() => String, { nullable: true, description: 'The tracker it was imported from (e.g. "mantis", an import’s --source); null when opened in the hub' })
  externalSource: string | null = null;

  /** Its id in that tracker: unique per source, so that a second import finds it. */
  @Property({ type: 'text', nullable: true })
  @Check({ name: 'ticket_external_id_check', expression: 'length(external_id) >= 1 and length(external_id) <= 100' })
  @Field(() => String, { nullable: true, description: 'Its id in that tracker (the MantisBT issue number); null when opened in the hub' })
  externalId: string | null = null;

  /** The version the last import left; a higher one means the hub changed it since. */
  @Property({ type: 'integer', nullable: true })
  importedVersion: number | null = null;

  /** IMPORT provenance of an imported ticket (file, checksum); null for the others (served from `synthetic`/`openedBy`). */
  @Property({ type: 'json', nullable: true, fieldName: 'provenance' })
  storedProvenance: FactProvenance | null = null;
}
