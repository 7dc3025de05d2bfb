import { Migration } from '@mikro-orm/migrations';
import { changeCounterSql, dropChangeCounterSql } from '../../../lib/change-counter';

/** The catalogue schema's change counter, moved by every committed write (lib/change-counter.ts): the gateway's response cache keys on it. */
export class Migration20261206000100_catalogue_change_counter extends Migration {
  override async up(): Promise<void> {
    for (const statement of changeCounterSql('catalogue')) this.addSql(statement);
  }

  override async down(): Promise<void> {
    for (const statement of dropChangeCounterSql('catalogue')) this.addSql(statement);
  }
}
