import { Migration } from '@mikro-orm/migrations';
import { METRICS_READER_ROLE } from './Migration20261129000300_metrics_init';

/**
 * Provenance and history of the synthesis table's figures (issue 13).
 *
 * - `indicator_value.provenance`: where the figure comes from, in lib/provenance.ts's shape (kind
 *   REPORT with the report and its section, INTAKE with the file and its SHA-256, MUTATION with its
 *   author). The rows seeded from the 2018 report take that report's synthesis table (III.A): the
 *   column's default says so, because the 2018 seed (issue 14's) writes no provenance itself. Every
 *   other writer (intake, recordIndicatorValue) sets it explicitly.
 * - `indicator_value.version`: 1 when first recorded, raised by one at each replacement (optimistic
 *   locking of recordIndicatorValue and the intake).
 * - `indicator_value_history`: every replaced state, written by a trigger, so that no writer can
 *   replace a figure without its earlier value being kept.
 */
const REPORT_2018_SYNTHESIS = JSON.stringify({
  kind: 'REPORT',
  document: 'Rapport d’activité SII 2018',
  section: 'III.A Tableau de synthèse des données techniques',
});

export class Migration20261203000000_metrics_indicator_history extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "metrics"."indicator_value"
      add column "version" integer not null default 1 check ("version" >= 1),
      add column "provenance" jsonb not null default '${REPORT_2018_SYNTHESIS.replace(/'/g, "''")}'::jsonb
        check (jsonb_typeof("provenance") = 'object' and "provenance" ? 'kind');`);
    this.addSql(`create table "metrics"."indicator_value_history" (
      "code" text not null references "metrics"."indicator" ("code"),
      "year" integer not null,
      "version" integer not null,
      "value" double precision null,
      "source" text not null,
      "provenance" jsonb not null,
      "superseded_at" timestamptz not null default clock_timestamp(),
      primary key ("code", "year", "version")
    );`);
    this.addSql(`create function "metrics"."keep_indicator_value_history"() returns trigger language plpgsql as $$
      begin
        if (old."value", old."source", old."provenance") is not distinct from (new."value", new."source", new."provenance") then
          return new;
        end if;
        insert into "metrics"."indicator_value_history" ("code", "year", "version", "value", "source", "provenance")
          values (old."code", old."year", old."version", old."value", old."source", old."provenance");
        new."version" := old."version" + 1;
        return new;
      end;
    $$;`);
    this.addSql(`create trigger "indicator_value_keeps_history" before update on "metrics"."indicator_value"
      for each row execute function "metrics"."keep_indicator_value_history"();`);
    this.addSql(`create function "metrics"."refuse_indicator_value_delete"() returns trigger language plpgsql as $$
      begin
        raise exception 'a figure of the synthesis table is replaced (its history kept), never deleted'
          using errcode = 'insufficient_privilege';
      end;
    $$;`);
    this.addSql(`create trigger "indicator_value_never_deleted" before delete on "metrics"."indicator_value"
      for each row execute function "metrics"."refuse_indicator_value_delete"();`);
    this.addSql(`do $$
      begin
        if exists (select 1 from pg_roles where rolname = '${METRICS_READER_ROLE}') then
          grant select on "metrics"."indicator_value_history" to "${METRICS_READER_ROLE}";
        end if;
      exception
        when insufficient_privilege then raise notice 'cannot grant to ${METRICS_READER_ROLE}: read-only grant skipped';
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists "indicator_value_never_deleted" on "metrics"."indicator_value";');
    this.addSql('drop function if exists "metrics"."refuse_indicator_value_delete"();');
    this.addSql('drop trigger if exists "indicator_value_keeps_history" on "metrics"."indicator_value";');
    this.addSql('drop function if exists "metrics"."keep_indicator_value_history"();');
    this.addSql('drop table if exists "metrics"."indicator_value_history";');
    this.addSql('alter table "metrics"."indicator_value" drop column if exists "provenance", drop column if exists "version";');
  }
}
