import { Migration } from '@mikro-orm/migrations';
import { METRICS_READER_ROLE } from './Migration20261129000300_metrics_init';

/**
 * A read-only window on operations' monthly ticket counts (operations.ticket_monthly_volume, kept
 * exact by operations' triggers): metrics' ticket volumes sum it instead of scanning the tickets.
 * Needs operations migrated first, as the init migration's views do.
 */
export class Migration20261129000600_ticket_volume_view extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create view "metrics"."ticket_volume_record" as
      select "month", "member_code", "queue", "kind", "synthetic", "count" from "operations"."ticket_monthly_volume";`);
    this.addSql(`create trigger "ticket_volume_record_read_only" instead of insert or update or delete on "metrics"."ticket_volume_record"
      for each row execute function "metrics"."refuse_write"();`);
    this.addSql(`do $$
      begin
        if exists (select 1 from pg_roles where rolname = '${METRICS_READER_ROLE}') then
          grant select on "metrics"."ticket_volume_record" to "${METRICS_READER_ROLE}";
        end if;
      exception
        when insufficient_privilege then raise notice 'cannot grant to ${METRICS_READER_ROLE}: read-only grant skipped';
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop view if exists "metrics"."ticket_volume_record";');
  }
}
