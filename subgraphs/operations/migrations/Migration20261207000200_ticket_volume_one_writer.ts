import { Migration } from '@mikro-orm/migrations';

const KEY = '"month", "member_code", "queue", "kind", "synthetic"';
const volumeKey = KEY.split(', ').map((column) => `volume.${column}`).join(', ');
const deltaKey = KEY.split(', ').map((column) => `delta.${column}`).join(', ');

/** The rollup's counting function (Migration20261129000500_ticket_monthly_volume), with or without `firstStatement`. */
const countFunction = (firstStatement: string) => `create or replace function "operations"."ticket_volume_count"(delta_rows "operations"."ticket_monthly_volume"[]) returns void
  language plpgsql as $$
  begin
    ${firstStatement}
    perform 1 from "operations"."ticket_monthly_volume" volume
    where (${volumeKey}) in (select ${KEY} from unnest(delta_rows)) order by ${volumeKey} for update;
    insert into "operations"."ticket_monthly_volume" as volume (${KEY}, "count")
    select ${KEY}, "count" from unnest(delta_rows) where "count" > 0 order by ${KEY}
    on conflict (${KEY}) do update set "count" = volume."count" + excluded."count";
    update "operations"."ticket_monthly_volume" volume set "count" = volume."count" + delta."count"
    from unnest(delta_rows) delta where delta."count" < 0 and (${volumeKey}) = (${deltaKey});
    delete from "operations"."ticket_monthly_volume" volume
    where volume."count" = 0 and (${volumeKey}) in (select ${KEY} from unnest(delta_rows) where "count" < 0);
  end;
$$;`;

/**
 * One transaction at a time moves the ticket rollup's counters, from its first ticket insert or
 * delete to its commit. Locking the counter rows in key order was not enough: on PostgreSQL 15
 * (the external CI pass) concurrent writers of new groups still deadlocked now and then in the
 * upsert's speculative insertion. A transaction-scoped advisory lock, taken before any counter,
 * leaves no lock cycle; the wait it adds lasts from a writer's insert to its commit, which in
 * every writer of the hub (openTicket, the intake, the MantisBT import, the seeders) is short.
 */
export class Migration20261207000200_ticket_volume_one_writer extends Migration {
  override async up(): Promise<void> {
    this.addSql(countFunction(`perform pg_advisory_xact_lock(hashtext('operations.ticket_monthly_volume'));`));
  }

  override async down(): Promise<void> {
    this.addSql(countFunction(''));
  }
}
