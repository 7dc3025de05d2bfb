import { Migration } from '@mikro-orm/migrations';
import { changeNotificationSql, dropChangeNotificationSql } from '../../../lib/change-notifications';

/** Each write of the metrics schema notifies the gateway's response cache at commit (lib/change-notifications.ts). */
export class Migration20261206000300_metrics_change_notify extends Migration {
  override async up(): Promise<void> {
    for (const statement of changeNotificationSql('metrics')) this.addSql(statement);
  }

  override async down(): Promise<void> {
    for (const statement of dropChangeNotificationSql('metrics')) this.addSql(statement);
  }
}
