import { Migration } from '@mikro-orm/migrations';
import { changeTableSql } from '../../../lib/audit';

/** The audit trail of the operations schema (lib/audit.ts): one row per write, in the write's transaction. */
export class Migration20261202000200_operations_audit extends Migration {
  override async up(): Promise<void> {
    for (const statement of changeTableSql('operations')) this.addSql(statement);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "operations"."change";');
  }
}
