import { Migration } from '@mikro-orm/migrations';

/**
 * Applications change after the 2018 report (issue 13): `version` for optimistic locking of
 * updateApplication and retireApplication, `retired_on` for an application the SII no longer
 * provides. A retired application is never deleted: old deployments and tickets still resolve it.
 */
export class Migration20261203000200_catalogue_application_lifecycle extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "catalogue"."application"
      add column "version" integer not null default 1 check ("version" >= 1),
      add column "retired_on" date null;`);
  }

  override async down(): Promise<void> {
    this.addSql('alter table "catalogue"."application" drop column if exists "retired_on", drop column if exists "version";');
  }
}
