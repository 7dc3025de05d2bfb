import { Migration } from '@mikro-orm/migrations';
import { schemaAndSeedLedgerSql } from '../../../lib/seed';

/** Cluster-wide role that may read the metrics schema and nothing else (BI tools, read-only services). */
export const METRICS_READER_ROLE = 'sii_hub_metrics_reader';

const INDICATOR_CODES = `('DEPLOYMENTS', 'PAGE_VIEWS', 'MAILBOXES', 'CITRIX_USERS', 'SUPPORT_TICKETS', 'TECHNICAL_TICKETS', 'MONITORED_HOSTS', 'VIRTUAL_SERVERS')`;
const PLATFORMS = `('ORACLE', 'INTERNET', 'NETWORK', 'CITRIX', 'WINDOWS', 'APPLI_WEB')`;

/**
 * The indicator table of the 2018 report and availability rates (metrics' own tables), and the
 * read-only views through which metrics reads operations' records.
 *
 * Needs operations' schema migrated first (`npm start` and the tests migrate subgraphs in the
 * order of the SUBGRAPHS registry). The views name only the columns metrics aggregates, so that
 * operations stays free to change any other column; they refuse writes (INSTEAD OF triggers that
 * raise, which holds even for a superuser), and a NOLOGIN role gets SELECT on the metrics schema
 * where the migrating user may create roles.
 */
export class Migration20261129000300_metrics_init extends Migration {
  override async up(): Promise<void> {
    for (const statement of schemaAndSeedLedgerSql('metrics')) this.addSql(statement);
    this.addSql(`create table "metrics"."indicator" (
      "code" text primary key check ("code" in ${INDICATOR_CODES}),
      "label" text not null,
      "unit" text not null,
      "description" text not null,
      "position" integer not null
    );`);
    this.addSql(`create table "metrics"."indicator_value" (
      "code" text not null references "metrics"."indicator" ("code"),
      "year" integer not null check ("year" between 1900 and 2100),
      "value" double precision null check ("value" is null or "value" >= 0),
      "source" text not null check (length(trim("source")) > 0),
      primary key ("code", "year")
    );`);
    this.addSql(`create table "metrics"."availability" (
      "platform" text not null check ("platform" in ${PLATFORMS}),
      "year" integer not null check ("year" between 1900 and 2100),
      "rate" double precision not null check ("rate" >= 0 and "rate" <= 100),
      "source" text not null check (length(trim("source")) > 0),
      "recorded_by" text not null,
      "recorded_at" timestamptz not null default now(),
      primary key ("platform", "year")
    );`);

    // Read-only windows on operations' records: only the columns metrics aggregates.
    this.addSql(`create view "metrics"."deployment_record" as
      select "id", "application_id", "year", "deployed_on", "synthetic" from "operations"."deployment";`);
    this.addSql(`create view "metrics"."ticket_record" as
      select "id", "member_code", "application_id", "queue", "kind", "opened_at", "synthetic" from "operations"."ticket";`);
    this.addSql(`create function "metrics"."refuse_write"() returns trigger language plpgsql as $$
      begin
        raise exception 'metrics.% is a read-only view of operations'' records', tg_table_name
          using errcode = 'insufficient_privilege';
      end;
    $$;`);
    for (const view of ['deployment_record', 'ticket_record']) {
      this.addSql(`create trigger "${view}_read_only" instead of insert or update or delete on "metrics"."${view}"
        for each row execute function "metrics"."refuse_write"();`);
    }

    // A reader role where the migrating user may create roles; skipped (with a notice) where it may not.
    this.addSql(`do $$
      begin
        if not exists (select 1 from pg_roles where rolname = '${METRICS_READER_ROLE}') then
          create role "${METRICS_READER_ROLE}" nologin;
        end if;
      exception
        when insufficient_privilege then raise notice 'cannot create role ${METRICS_READER_ROLE}: read-only grants skipped';
        when duplicate_object or unique_violation then null; -- created meanwhile by a concurrent migration of another database
      end $$;`);
    this.addSql(`do $$
      begin
        if exists (select 1 from pg_roles where rolname = '${METRICS_READER_ROLE}') then
          grant usage on schema "metrics" to "${METRICS_READER_ROLE}";
          grant select on all tables in schema "metrics" to "${METRICS_READER_ROLE}";
        end if;
      exception
        when insufficient_privilege then raise notice 'cannot grant to ${METRICS_READER_ROLE}: read-only grants skipped';
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`do $$
      begin
        if exists (select 1 from pg_roles where rolname = '${METRICS_READER_ROLE}') then
          revoke all on all tables in schema "metrics" from "${METRICS_READER_ROLE}";
          revoke all on schema "metrics" from "${METRICS_READER_ROLE}";
        end if;
      exception
        when insufficient_privilege then null;
      end $$;`);
    this.addSql('drop view if exists "metrics"."ticket_record";');
    this.addSql('drop view if exists "metrics"."deployment_record";');
    this.addSql('drop function if exists "metrics"."refuse_write"();');
    this.addSql('drop table if exists "metrics"."availability";');
    this.addSql('drop table if exists "metrics"."indicator_value";');
    this.addSql('drop table if exists "metrics"."indicator";');
    this.addSql('drop table if exists "metrics"."hub_seed";');
  }
}
