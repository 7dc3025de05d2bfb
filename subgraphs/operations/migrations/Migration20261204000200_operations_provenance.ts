import { Migration } from '@mikro-orm/migrations';

/**
 * Provenance (jsonb, lib/field-provenance.ts) on projects, deployments and service levels (the
 * seed step "report-2018-fidelity" fills it in databases seeded before), and what a ticket imported
 * from another tracker keeps of it: the tracker (`external_source`, e.g. "mantis") and its id
 * there, unique per source so that a second import updates instead of duplicating; the version the
 * import left, to tell a ticket changed in the hub since; and its provenance (kind IMPORT, file,
 * checksum). Columns without default: adding them rewrites nothing, even over millions of tickets.
 */
export class Migration20261204000200_operations_provenance extends Migration {
  override async up(): Promise<void> {
    for (const table of ['project', 'deployment', 'sla_policy']) {
      this.addSql(`alter table "operations"."${table}" add column "provenance" jsonb null;`);
    }
    this.addSql(`alter table "operations"."ticket"
      add column "external_source" text null check ("external_source" ~ '^[a-z][a-z0-9-]{0,30}$'),
      add column "external_id" text null check (length("external_id") between 1 and 100),
      add column "imported_version" integer null,
      add column "provenance" jsonb null,
      add constraint "ticket_external_pair" check (("external_source" is null) = ("external_id" is null)),
      add constraint "ticket_imported_version_only_when_imported" check ("imported_version" is null or "external_source" is not null);`);
    this.addSql(`create unique index "ticket_external_unique" on "operations"."ticket" ("external_source", "external_id") where "external_source" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists "operations"."ticket_external_unique";');
    this.addSql(`alter table "operations"."ticket" drop constraint if exists "ticket_imported_version_only_when_imported",
      drop constraint if exists "ticket_external_pair", drop column if exists "provenance", drop column if exists "imported_version",
      drop column if exists "external_id", drop column if exists "external_source";`);
    for (const table of ['project', 'deployment', 'sla_policy']) {
      this.addSql(`alter table "operations"."${table}" drop column if exists "provenance";`);
    }
  }
}
