import { Migration } from '@mikro-orm/migrations';

const KEY = '"month", "member_code", "queue", "kind", "synthetic"';
/** A ticket's group key: the first day of its month of opening in Europe/Paris, then its grouped columns. */
const groupKeyOf = (row: string) =>
  `date_trunc('month', ${row}.opened_at at time zone 'Europe/Paris')::date, ${row}.member_code, ${row}.queue, ${row}.kind, ${row}.synthetic`;

/** One counter row per group of a transition table, with the group's count (negated by `sign` '-'). */
const groupedRows = (table: string, sign: '' | '-') =>
  `select row(month, member_code, queue, kind, synthetic, ${sign}count(*))::"operations"."ticket_monthly_volume"
   from (select ${groupKeyOf(table)} from ${table}) grouped (month, member_code, queue, kind, synthetic)
   group by month, member_code, queue, kind, synthetic`;

/**
 * Ticket counts per month of opening (Europe/Paris), member, queue, kind and synthetic flag, kept
 * exact by triggers in the same transaction as the ticket write. Metrics' volumes (per year, month,
 * member, queue or kind) then sum a few hundred rows per year instead of scanning every ticket of
 * the year: over a million tickets `npm run bench` measured the year's GROUP BY at hundreds of
 * milliseconds even from the covering index, and about a millisecond here.
 *
 * Inserts and deletes are counted per statement from transition tables (one upsert per bulk seed
 * batch, not one per row). An update only matters when it moves a ticket to another group, which
 * the row trigger's WHEN clause tests before any work (no mutation does so today). Upserts visit
 * groups in key order, so that concurrent writers lock counter rows in the same order. Emptied
 * groups are deleted: the rollup never holds a zero count.
 */
export class Migration20261129000500_ticket_monthly_volume extends Migration {
  override async up(): Promise<void> {
    const volumeKey = KEY.split(', ').map((column) => `volume.${column}`).join(', ');
    const deltaKey = KEY.split(', ').map((column) => `delta.${column}`).join(', ');
    this.addSql(`create table "operations"."ticket_monthly_volume" (
      "month" date not null check ("month" = date_trunc('month', "month")::date),
      "member_code" text not null,
      "queue" text not null,
      "kind" text not null,
      "synthetic" boolean not null,
      "count" bigint not null check ("count" >= 0),
      primary key (${KEY})
    );`);
    // delta_rows: at most one row per group (the triggers group before calling), count = the change.
    this.addSql(`create function "operations"."ticket_volume_count"(delta_rows "operations"."ticket_monthly_volume"[]) returns void
      language plpgsql as $$
      begin
        -- Existing counters locked in key order first: concurrent writers queue instead of deadlocking.
        perform 1 from "operations"."ticket_monthly_volume" volume
        where (${volumeKey}) in (select ${KEY} from unnest(delta_rows)) order by ${volumeKey} for update;
        -- Additions upsert; the CHECK applies to the proposed row, so subtractions update instead.
        insert into "operations"."ticket_monthly_volume" as volume (${KEY}, "count")
        select ${KEY}, "count" from unnest(delta_rows) where "count" > 0 order by ${KEY}
        on conflict (${KEY}) do update set "count" = volume."count" + excluded."count";
        update "operations"."ticket_monthly_volume" volume set "count" = volume."count" + delta."count"
        from unnest(delta_rows) delta where delta."count" < 0 and (${volumeKey}) = (${deltaKey});
        delete from "operations"."ticket_monthly_volume" volume
        where volume."count" = 0 and (${volumeKey}) in (select ${KEY} from unnest(delta_rows) where "count" < 0);
      end;
    $$;`);
    this.addSql(`create function "operations"."ticket_volume_after_insert"() returns trigger language plpgsql as $$
      begin
        perform "operations"."ticket_volume_count"(array(${groupedRows('added', '')}));
        return null;
      end;
    $$;`);
    this.addSql(`create function "operations"."ticket_volume_after_delete"() returns trigger language plpgsql as $$
      begin
        perform "operations"."ticket_volume_count"(array(${groupedRows('removed', '-')}));
        return null;
      end;
    $$;`);
    this.addSql(`create function "operations"."ticket_volume_after_move"() returns trigger language plpgsql as $$
      begin
        perform "operations"."ticket_volume_count"(array[
          row(${groupKeyOf('old')}, -1::bigint)::"operations"."ticket_monthly_volume",
          row(${groupKeyOf('new')}, 1::bigint)::"operations"."ticket_monthly_volume"]);
        return null;
      end;
    $$;`);
    this.addSql(`create function "operations"."ticket_volume_after_truncate"() returns trigger language plpgsql as $$
      begin
        delete from "operations"."ticket_monthly_volume";
        return null;
      end;
    $$;`);
    this.addSql(`create trigger "ticket_volume_insert" after insert on "operations"."ticket"
      referencing new table as added for each statement execute function "operations"."ticket_volume_after_insert"();`);
    this.addSql(`create trigger "ticket_volume_delete" after delete on "operations"."ticket"
      referencing old table as removed for each statement execute function "operations"."ticket_volume_after_delete"();`);
    this.addSql(`create trigger "ticket_volume_move" after update of "opened_at", "member_code", "queue", "kind", "synthetic" on "operations"."ticket"
      for each row when (
        date_trunc('month', old.opened_at at time zone 'Europe/Paris') is distinct from date_trunc('month', new.opened_at at time zone 'Europe/Paris')
        or (old.member_code, old.queue, old.kind, old.synthetic) is distinct from (new.member_code, new.queue, new.kind, new.synthetic))
      execute function "operations"."ticket_volume_after_move"();`);
    this.addSql(`create trigger "ticket_volume_truncate" after truncate on "operations"."ticket"
      for each statement execute function "operations"."ticket_volume_after_truncate"();`);
    // The tickets already there; the triggers above already hold the table against concurrent writes.
    this.addSql(`insert into "operations"."ticket_monthly_volume" (${KEY}, "count")
      select ${groupKeyOf('t')}, count(*) from "operations"."ticket" t group by 1, 2, 3, 4, 5;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists "ticket_volume_insert" on "operations"."ticket";');
    this.addSql('drop trigger if exists "ticket_volume_delete" on "operations"."ticket";');
    this.addSql('drop trigger if exists "ticket_volume_move" on "operations"."ticket";');
    this.addSql('drop trigger if exists "ticket_volume_truncate" on "operations"."ticket";');
    for (const fn of ['ticket_volume_after_insert', 'ticket_volume_after_delete', 'ticket_volume_after_move', 'ticket_volume_after_truncate']) {
      this.addSql(`drop function if exists "operations"."${fn}"();`);
    }
    this.addSql('drop function if exists "operations"."ticket_volume_count"("operations"."ticket_monthly_volume"[]);');
    this.addSql('drop table if exists "operations"."ticket_monthly_volume";');
  }
}
