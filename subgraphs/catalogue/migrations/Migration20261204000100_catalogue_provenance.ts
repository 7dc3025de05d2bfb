import { Migration } from '@mikro-orm/migrations';

/**
 * Provenance (jsonb, lib/field-provenance.ts) on every seeded table, and the portfolio table of
 * the report as printed: its 51 rows, each with the application(s) the hub serves for it, and the
 * size the report announces (50). The seed step "report-2018-fidelity" fills them in databases
 * seeded before.
 */
export class Migration20261204000100_catalogue_provenance extends Migration {
  override async up(): Promise<void> {
    for (const table of ['domain', 'application', 'service_offering']) {
      this.addSql(`alter table "catalogue"."${table}" add column "provenance" jsonb null;`);
    }
    this.addSql(`create table "catalogue"."portfolio" (
      "id" text primary key check ("id" = 'report-2018'),
      "announced_count" integer not null check ("announced_count" >= 0),
      "explanation" text not null,
      "provenance" jsonb null
    );`);
    this.addSql(`create table "catalogue"."portfolio_row" (
      "position" integer primary key check ("position" > 0),
      "printed_domain" text null,
      "printed_domain_code" text null,
      "printed_applications" text not null,
      "printed_description" text null,
      "domain_code" text not null references "catalogue"."domain" ("code"),
      "application_ids" text[] not null check (cardinality("application_ids") > 0),
      "note" text null
    );`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "catalogue"."portfolio_row";');
    this.addSql('drop table if exists "catalogue"."portfolio";');
    for (const table of ['domain', 'application', 'service_offering']) {
      this.addSql(`alter table "catalogue"."${table}" drop column if exists "provenance";`);
    }
  }
}
