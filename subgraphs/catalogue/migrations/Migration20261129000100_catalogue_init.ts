import { Migration } from '@mikro-orm/migrations';
import { schemaAndSeedLedgerSql } from '../../../lib/seed';

/** Domains, applications (with aliases and a search column) and service offerings, plus the seed ledger. */
export class Migration20261129000100_catalogue_init extends Migration {
  override async up(): Promise<void> {
    for (const statement of schemaAndSeedLedgerSql('catalogue')) this.addSql(statement);
    this.addSql(`create table "catalogue"."domain" (
      "code" text primary key check ("code" ~ '^[A-Z]{2,10}$'),
      "name" text not null,
      "position" integer not null
    );`);
    this.addSql(`create table "catalogue"."application" (
      "id" text primary key check ("id" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      "name" text not null,
      "description" text null,
      "domain_code" text not null references "catalogue"."domain" ("code"),
      "aliases" text[] not null default '{}',
      "in_portfolio" boolean not null,
      "search_text" text not null,
      "name_keys" text[] not null
    );`);
    this.addSql('create index "application_domain_code_index" on "catalogue"."application" ("domain_code");');
    this.addSql(`create table "catalogue"."service_offering" (
      "id" text primary key,
      "category" text not null check ("category" in ('ACCOMPANIMENT', 'TECHNICAL', 'QUALITY')),
      "number" integer not null check ("number" > 0),
      "name" text not null,
      constraint "service_offering_category_number_unique" unique ("category", "number")
    );`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "catalogue"."service_offering";');
    this.addSql('drop table if exists "catalogue"."application";');
    this.addSql('drop table if exists "catalogue"."domain";');
    this.addSql('drop table if exists "catalogue"."hub_seed";');
  }
}
