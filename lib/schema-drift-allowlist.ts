import { SUBGRAPH_NAMES, type SubgraphName } from './config';

/**
 * The reviewed list of what a migrated database holds that the entities do not declare, each with
 * its reason. Schema changes are hand-written migrations; the entities must agree with them, and
 * test/schema-drift.test.ts fails when MikroORM's schema diff (what `migration:create` or
 * `schema:update` would generate) proposes anything this list does not explain. An entry is the
 * last resort, for what MikroORM 6 cannot express: first declare it in the entity (property,
 * `defaultRaw`, `@Index`/`@Unique` with `expression` for a partial, descending, INCLUDE or GIN
 * index, `@Check` named as PostgreSQL named it, `@ManyToOne({ mapToPk, foreignKeyName })` for a
 * foreign key). See docs/architecture.md, "Schema changes".
 *
 * Nothing to list for views (the read-only windows of metrics on operations), functions, triggers,
 * roles or grants: MikroORM 6's diff compares tables only (it lists `information_schema.tables`
 * without views) and never proposes to drop them. Other subgraphs' schemas are out of each diff too
 * (lib/schema-drift.ts, `ignoreSchema`).
 */

/** A table created by migrations that no entity maps, on purpose. MikroORM's diff skips it (`skipTables`). */
export interface UnmappedTable {
  /** The subgraph schemas that hold it. */
  schemas: readonly SubgraphName[];
  table: string;
  reason: string;
}

/** A statement MikroORM's diff proposes although entities and migrations agree as far as MikroORM 6 can say. */
export interface AllowedStatement {
  schemas: readonly SubgraphName[];
  /**
   * Tested against each proposed statement with its whitespace collapsed to single spaces and no
   * final semicolon, e.g. /^alter table "operations"\."ticket" drop constraint "ticket_x_check"$/.
   * Anchor it on the names involved, not on the generator's formatting of the rest.
   */
  pattern: RegExp;
  reason: string;
}

export const UNMAPPED_TABLES: readonly UnmappedTable[] = [
  {
    schemas: SUBGRAPH_NAMES,
    table: 'change',
    reason:
      'The audit trail (lib/audit.ts, each subgraph\'s *_audit migration): recordChange inserts its rows with SQL in the ' +
      'transaction of each write; no entity maps it, so that no unit of work can update or delete an audit row.',
  },
  {
    schemas: SUBGRAPH_NAMES,
    table: 'change_counter',
    reason:
      'One row counting the committed writes of the schema, moved by a trigger on its change table (lib/change-counter.ts, ' +
      'each subgraph\'s *_change_counter migration); only the gateway reads it, to key its response cache on the data version.',
  },
  {
    schemas: SUBGRAPH_NAMES,
    table: 'hub_seed',
    reason:
      'The ledger of seeds applied once (lib/seed.ts runSeedOnce, created by each first migration): one ' +
      '`insert … on conflict do nothing` claims a seed; nothing else reads or writes it.',
  },
  {
    schemas: ['operations'],
    table: 'ticket_counter',
    reason:
      'One row per year that numbers ticket references without gaps: opening a ticket bumps it with one locking ' +
      '`insert … on conflict do update … returning` (subgraphs/operations/data/tickets.ts); an entity would only offer a ' +
      'way around that lock.',
  },
  {
    schemas: ['operations'],
    table: 'ticket_monthly_volume',
    reason:
      'Monthly ticket counts kept exact by triggers on operations.ticket (migration …000500_ticket_monthly_volume), ' +
      'read by metrics through its view metrics.ticket_volume_record; only the triggers write it, an entity would ' +
      'invite writes they would then contradict.',
  },
  {
    schemas: ['metrics'],
    table: 'indicator_value_history',
    reason:
      'Every replaced state of a synthesis-table figure, written only by the trigger on metrics.indicator_value ' +
      '(migration …20261203000000_metrics_indicator_history) so that no writer can replace a figure without keeping ' +
      'the earlier one; read with SQL in subgraphs/metrics/data/. An entity would invite writes around the trigger.',
  },
];

/** None today: every difference MikroORM 6 reported could be declared in the entities. */
export const ALLOWED_STATEMENTS: readonly AllowedStatement[] = [];
