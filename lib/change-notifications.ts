/**
 * Every write of the hub leaves a row in its subgraph's `change` table, in the write's transaction
 * (lib/audit.ts), whoever writes: a mutation, `npm run intake`, `npm run import:mantis`, a seed. A
 * statement-level trigger on each of those tables says so on one PostgreSQL channel when the
 * transaction commits (NOTIFY is delivered at commit, never for a rolled-back write); the gateway
 * LISTENs to it and forgets its cached answers (gateway/response-cache.ts).
 */
export const CHANGE_CHANNEL = 'hub_change';

/** The trigger of one subgraph's change table (its migration runs this; the payload is the schema's name). */
export function changeNotificationSql(schema: string): string[] {
  return [
    `create function "${schema}"."notify_change"() returns trigger language plpgsql as $$
      begin
        perform pg_notify('${CHANGE_CHANNEL}', '${schema}');
        return null;
      end;
    $$;`,
    `create trigger "change_notify" after insert on "${schema}"."change" for each statement execute function "${schema}"."notify_change"();`,
  ];
}

export function dropChangeNotificationSql(schema: string): string[] {
  return [`drop trigger if exists "change_notify" on "${schema}"."change";`, `drop function if exists "${schema}"."notify_change"();`];
}
