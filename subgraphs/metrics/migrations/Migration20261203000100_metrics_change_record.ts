import { Migration } from '@mikro-orm/migrations';

/**
 * The hub's whole audit trail, read-only, for the root `changes` query: the four subgraphs' change
 * tables (lib/audit.ts) side by side, each row tagged with its subgraph. Like metrics' other views of
 * operations, it names the columns it reads and refuses writes (INSTEAD OF trigger). It needs every
 * other subgraph migrated first (scripts/subgraphs.ts's order). Unlike the indicator tables, it is
 * not granted to the metrics reader role: who changed what is for SII staff only.
 */
const SUBGRAPHS = ['governance', 'catalogue', 'operations', 'metrics'] as const;
const COLUMNS = '"id", "at", "entity", "entity_id", "action", "before", "after", "actor_kind", "actor_subject", "actor_role", "actor_document", "actor_checksum", "request_id"';

export class Migration20261203000100_metrics_change_record extends Migration {
  override async up(): Promise<void> {
    const selects = SUBGRAPHS.map((schema) => `select '${schema}'::text as "subgraph", ${COLUMNS} from "${schema}"."change"`);
    this.addSql(`create view "metrics"."change_record" as\n      ${selects.join('\n      union all ')};`);
    this.addSql(`create function "metrics"."refuse_change_record_write"() returns trigger language plpgsql as $$
      begin
        raise exception 'metrics.change_record is a read-only view of the audit trail; each subgraph writes its own change table'
          using errcode = 'insufficient_privilege';
      end;
    $$;`);
    this.addSql(`create trigger "change_record_read_only" instead of insert or update or delete on "metrics"."change_record"
      for each row execute function "metrics"."refuse_change_record_write"();`);
  }

  override async down(): Promise<void> {
    this.addSql('drop view if exists "metrics"."change_record";');
    this.addSql('drop function if exists "metrics"."refuse_change_record_write"();');
  }
}
