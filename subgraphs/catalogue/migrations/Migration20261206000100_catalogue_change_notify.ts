import { Migration } from '@mikro-orm/migrations';
import { changeNotificationSql, dropChangeNotificationSql } from '../../../lib/change-notifications';

/** Each write of the catalogue schema notifies the gateway's response cache at commit (lib/change-notifications.ts). */
export class Migration20261206000100_catalogue_change_notify extends Migration {
  override async up(): Promise<void> {
    for (const statement of changeNotificationSql('catalogue')) this.addSql(statement);
  }

  override async down(): Promise<void> {
    for (const statement of dropChangeNotificationSql('catalogue')) this.addSql(statement);
  }
}
