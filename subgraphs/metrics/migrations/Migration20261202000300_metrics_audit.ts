import { Migration } from '@mikro-orm/migrations';
import { changeTableSql } from '../../../lib/audit';

/** The audit trail of the metrics schema (lib/audit.ts): one row per write, in the write's transaction. */
export class Migration20261202000300_metrics_audit extends Migration {
  override async up(): Promise<void> {
    for (const statement of changeTableSql('metrics')) this.addSql(statement);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "metrics"."change";');
  }
}
