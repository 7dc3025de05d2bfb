import { Migration } from '@mikro-orm/migrations';
import { changeCounterSql, dropChangeCounterSql } from '../../../lib/change-counter';

/** The operations schema's change counter, moved by every committed write (lib/change-counter.ts): the gateway's response cache keys on it. */
export class Migration20261206000200_operations_change_counter extends Migration {
  override async up(): Promise<void> {
    for (const statement of changeCounterSql('operations')) this.addSql(statement);
  }

  override async down(): Promise<void> {
    for (const statement of dropChangeCounterSql('operations')) this.addSql(statement);
  }
}
