import { Migration } from '@mikro-orm/migrations';

/**
 * Provenance (jsonb, lib/field-provenance.ts) of each indicator, a column of the report's synthesis
 * table: its label is printed, its unit and description are the hub's. The seed step
 * "report-2018-fidelity" fills it in databases seeded before.
 */
export class Migration20261204000300_metrics_indicator_provenance extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "metrics"."indicator" add column "provenance" jsonb null;');
  }

  override async down(): Promise<void> {
    this.addSql('alter table "metrics"."indicator" drop column if exists "provenance";');
  }
}
