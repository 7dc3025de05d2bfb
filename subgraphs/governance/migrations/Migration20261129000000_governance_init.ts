import { Migration } from '@mikro-orm/migrations';
import { schemaAndSeedLedgerSql } from '../../../lib/seed';

/** Members, council delegates and org units of the 2018 report, plus the seed ledger. */
export class Migration20261129000000_governance_init extends Migration {
  override async up(): Promise<void> {
    for (const statement of schemaAndSeedLedgerSql('governance')) this.addSql(statement);
    this.addSql(`create table "governance"."member" (
      "id" text primary key,
      "code" text not null constraint "member_code_unique" unique,
      "name" text not null,
      "kind" text not null check ("kind" in ('CITY', 'PUBLIC_BODY')),
      "has_optional_competences" boolean not null,
      "position" integer not null
    );`);
    this.addSql(`create table "governance"."delegate" (
      "id" uuid primary key,
      "member_id" text not null references "governance"."member" ("id"),
      "seat" smallint not null check ("seat" between 1 and 2),
      "role" text not null check ("role" in ('TITULAR', 'SUBSTITUTE')),
      "first_name" text not null check (length(trim("first_name")) > 0),
      "last_name" text not null check (length(trim("last_name")) > 0),
      "is_president" boolean not null default false,
      constraint "delegate_seat_role_unique" unique ("member_id", "seat", "role")
    );`);
    this.addSql('create index "delegate_member_id_index" on "governance"."delegate" ("member_id");');
    // At most one president at a time.
    this.addSql('create unique index "delegate_single_president" on "governance"."delegate" ("is_president") where "is_president";');
    this.addSql(`create table "governance"."org_unit" (
      "id" text primary key,
      "code" text not null constraint "org_unit_code_unique" unique,
      "name" text not null,
      "women" integer not null check ("women" >= 0),
      "men" integer not null check ("men" >= 0),
      "position" integer not null
    );`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "governance"."org_unit";');
    this.addSql('drop table if exists "governance"."delegate";');
    this.addSql('drop table if exists "governance"."member";');
    this.addSql('drop table if exists "governance"."hub_seed";');
  }
}
