import type { EntityManager } from './orm';

/**
 * Runs a named seed once per database and never again: a later restart neither duplicates rows
 * nor brings back what a mutation removed. Concurrent starters serialise on the primary key.
 * Needs the `<schema>.hub_seed` table that each subgraph's first migration creates.
 */
export async function runSeedOnce(
  em: EntityManager,
  schema: string,
  seedName: string,
  apply: (em: EntityManager) => Promise<void>,
): Promise<boolean> {
  const claimed = await em.execute<{ name: string }[]>(
    `insert into "${schema}".hub_seed (name) values (?) on conflict (name) do nothing returning name`,
    [seedName],
  );
  if (claimed.length === 0) return false;
  await apply(em);
  await em.flush();
  return true;
}

/** Lower-case, accents removed, spaces folded: the form search compares. "Mélodie" → "melodie". */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The statements every subgraph's first migration starts with: its schema, and the ledger of seeds
 * applied once (runSeedOnce). The SQL text is what those migrations always ran.
 */
export function schemaAndSeedLedgerSql(schema: string): string[] {
  return [
    `create schema if not exists "${schema}";`,
    `create table "${schema}"."hub_seed" (
      "name" text primary key,
      "applied_at" timestamptz not null default now()
    );`,
  ];
}
