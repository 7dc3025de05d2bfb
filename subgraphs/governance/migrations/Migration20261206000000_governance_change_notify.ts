import { Migration } from '@mikro-orm/migrations';
import { changeNotificationSql, dropChangeNotificationSql } from '../../../lib/change-notifications';

/** Each write of the governance schema notifies the gateway's response cache at commit (lib/change-notifications.ts). */
export class Migration20261206000000_governance_change_notify extends Migration {
  override async up(): Promise<void> {
    for (const statement of changeNotificationSql('governance')) this.addSql(statement);
  }

  override async down(): Promise<void> {
    for (const statement of dropChangeNotificationSql('governance')) this.addSql(statement);
  }
}
