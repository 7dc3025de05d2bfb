/**
 * Every write of the hub leaves a row in its subgraph's `change` table, in the write's transaction
 * (lib/audit.ts), whoever writes: a mutation, `npm run intake`, `npm run import:mantis`, a seed.
 * A trigger on each of those tables also moves its schema's change counter, once per transaction,
 * at commit (a deferred constraint trigger: the counter row is locked only while the transaction
 * commits, or from PREPARE to COMMIT PREPARED for the intake's two-phase commit).
 *
 * The sum of the four counters is the hub's data version: it moves with every committed write and
 * with nothing else, and a statement that starts after a commit sees it moved. The gateway's
 * response cache prefixes its keys with it (gateway/response-cache.ts), so an answer stored before
 * a write is never read after it, however the write reached the database.
 */

/** The counter of one subgraph's schema and its trigger (its migration runs these). */
export function changeCounterSql(schema: string): string[] {
  const counted = `hub.change_counted_${schema}`;
  return [
    `create table "${schema}"."change_counter" (
      "id" boolean primary key default true check ("id"),
      "version" bigint not null default 0
    );`,
    `insert into "${schema}"."change_counter" default values;`,
    `create function "${schema}"."count_change"() returns trigger language plpgsql as $$
      begin
        -- Once per transaction, however many change rows it writes.
        if current_setting('${counted}', true) is distinct from 'yes' then
          update "${schema}"."change_counter" set "version" = "version" + 1;
          perform set_config('${counted}', 'yes', true);
        end if;
        return null;
      end;
    $$;`,
    `create constraint trigger "change_counted" after insert on "${schema}"."change"
      deferrable initially deferred for each row execute function "${schema}"."count_change"();`,
  ];
}

export function dropChangeCounterSql(schema: string): string[] {
  return [
    `drop trigger if exists "change_counted" on "${schema}"."change";`,
    `drop function if exists "${schema}"."count_change"();`,
    `drop table if exists "${schema}"."change_counter";`,
  ];
}

/**
 * Moves one schema's counter by hand, in the writer's transaction: for a writer that leaves no
 * change row (the synthetic demo data, marked as such in its own rows). A schema migrated before
 * the counter existed has nothing to move (and no cache reads it).
 */
export const countChangeSql = (schema: string) => `do $$ begin
    if to_regclass('"${schema}"."change_counter"') is not null then
      update "${schema}"."change_counter" set "version" = "version" + 1;
    end if;
  end $$`;

/** The hub's data version: one statement, one row, one column `version` (text: a bigint). */
export function dataVersionSql(schemas: readonly string[]): string {
  return `select (${schemas.map((schema) => `(select "version" from "${schema}"."change_counter")`).join(' + ')})::text as "version"`;
}
