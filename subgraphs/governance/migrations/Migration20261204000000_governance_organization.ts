import { Migration } from '@mikro-orm/migrations';

/**
 * The SII itself (organization), its quality system, the teams and missions of its services and who
 * reports to whom; a provenance column (jsonb, lib/field-provenance.ts) on every seeded table. The
 * seed step "report-2018-fidelity" fills them in databases seeded before.
 */
export class Migration20261204000000_governance_organization extends Migration {
  override async up(): Promise<void> {
    for (const table of ['member', 'delegate']) this.addSql(`alter table "governance"."${table}" add column "provenance" jsonb null;`);
    this.addSql(`alter table "governance"."org_unit"
      add column "short_name" text null,
      add column "head_title" text null,
      add column "description" text null,
      add column "reports_to_id" text null references "governance"."org_unit" ("id"),
      add column "provenance" jsonb null,
      add constraint "org_unit_reports_to_other" check ("reports_to_id" is distinct from "id");`);
    this.addSql(`create table "governance"."org_team" (
      "id" text primary key,
      "org_unit_id" text not null references "governance"."org_unit" ("id"),
      "name" text not null check (length(trim("name")) > 0),
      "description" text null,
      "position" integer not null,
      "provenance" jsonb null
    );`);
    this.addSql('create index "org_team_org_unit_index" on "governance"."org_team" ("org_unit_id", "position");');
    this.addSql(`create table "governance"."org_mission" (
      "id" text primary key,
      "org_unit_id" text not null references "governance"."org_unit" ("id"),
      "name" text not null check (length(trim("name")) > 0),
      "tasks" text[] not null default '{}',
      "position" integer not null,
      "provenance" jsonb null
    );`);
    this.addSql('create index "org_mission_org_unit_index" on "governance"."org_mission" ("org_unit_id", "position");');
    // One row: the SII.
    this.addSql(`create table "governance"."organization" (
      "id" text primary key check ("id" = 'sii'),
      "name" text not null,
      "acronym" text not null,
      "legal_form" text not null,
      "legal_status" text not null,
      "year_founded" integer not null check ("year_founded" between 1800 and 2100),
      "purpose" text null,
      "street" text not null,
      "postal_code" text not null,
      "city" text not null,
      "phone" text null,
      "fax" text null,
      "website" text null,
      "internet_services" text[] not null default '{}',
      "announced_application_count" integer not null check ("announced_application_count" >= 0),
      "announced_member_count" integer not null check ("announced_member_count" >= 0),
      "provenance" jsonb null
    );`);
    this.addSql(`create table "governance"."quality_system" (
      "id" text primary key references "governance"."organization" ("id"),
      "standard" text not null,
      "scope" text not null,
      "certified_unit_id" text not null references "governance"."org_unit" ("id"),
      "certified_since" text not null check ("certified_since" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      "principles" text[] not null default '{}',
      "aim" text null,
      "process_evaluation" text null,
      "internal_audit" text not null,
      "internal_audits_per_year" integer not null check ("internal_audits_per_year" > 0),
      "certification_audit" text null,
      "provenance" jsonb null
    );`);
    this.addSql(`create table "governance"."quality_process" (
      "id" text primary key,
      "name" text not null,
      "description" text not null,
      "position" integer not null,
      "provenance" jsonb null
    );`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "governance"."quality_process";');
    this.addSql('drop table if exists "governance"."quality_system";');
    this.addSql('drop table if exists "governance"."organization";');
    this.addSql('drop table if exists "governance"."org_mission";');
    this.addSql('drop table if exists "governance"."org_team";');
    this.addSql(`alter table "governance"."org_unit" drop constraint if exists "org_unit_reports_to_other",
      drop column if exists "provenance", drop column if exists "reports_to_id", drop column if exists "description",
      drop column if exists "head_title", drop column if exists "short_name";`);
    for (const table of ['member', 'delegate']) this.addSql(`alter table "governance"."${table}" drop column if exists "provenance";`);
  }
}
