import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { migrateSubgraph } from '../lib/orm';
import { openOrmFor } from '../lib/subgraph';
import { subgraphNamed } from '../subgraphs';
import { seedSyntheticTickets } from '../scripts/seed-synthetic/seed';
import { endPool } from '../lib/pg-pool';
import { openTestPool, type TestDatabase } from './support/database';
import { prepareTestDatabase } from './support/hub';

/**
 * operations.ticket_monthly_volume, the rollup metrics' ticket volumes sum: after any write it
 * must hold exactly what a GROUP BY over the tickets gives, month of opening taken in Europe/Paris.
 */

const databases: TestDatabase[] = [];
const pools: Pool[] = [];
afterAll(async () => {
  for (const pool of pools) await endPool(pool);
  for (const database of databases) await database.drop();
});

async function freshDatabase(names = ['governance', 'catalogue', 'operations', 'metrics']) {
  const database = await prepareTestDatabase(names.map(subgraphNamed));
  databases.push(database);
  const pool = openTestPool(database.url, 10);
  pools.push(pool);
  return { database, pool };
}

const FROM_TICKETS = `select date_trunc('month', opened_at at time zone 'Europe/Paris')::date as month, member_code, queue, kind, synthetic, count(*)::int as count
  from "operations"."ticket" group by 1, 2, 3, 4, 5`;
const FROM_ROLLUP = `select month, member_code, queue, kind, synthetic, count::int as count from "operations"."ticket_monthly_volume"`;

/** Rows in one and not the other, both ways: empty when the rollup is exact. */
async function drift(pool: Pool) {
  const { rows } = await pool.query(`(${FROM_TICKETS} except ${FROM_ROLLUP}) union all (${FROM_ROLLUP} except ${FROM_TICKETS})`);
  return rows;
}

async function rollup(pool: Pool) {
  const { rows } = await pool.query(`select to_char(month, 'YYYY-MM') as month, member_code, queue, kind, synthetic, count::int as count
    from "operations"."ticket_monthly_volume" order by 1, 2, 3, 4, 5`);
  return rows;
}

/** Inserts tickets (all required columns filled) in one statement, as a bulk writer would. */
async function insertTickets(pool: Pool, tickets: { openedAt: string; member: string; queue?: string; kind?: string }[], client?: Pool | import('pg').PoolClient) {
  const ids = tickets.map(() => randomUUID());
  await (client ?? pool).query(
    `insert into "operations"."ticket" (id, reference, kind, queue, status, priority, title, member_code, opened_at, opened_by, own_due_at, resolve_due_at_base)
     select t.id, 'T-' || t.id, t.kind, t.queue, 'NEW', 'MEDIUM', 'rollup test', t.member, t.opened_at, 'test', t.opened_at, t.opened_at
     from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) as t(id, member, queue, kind, opened_at)`,
    [ids, tickets.map((t) => t.member), tickets.map((t) => t.queue ?? 'SUPPORT'), tickets.map((t) => t.kind ?? 'INCIDENT'), tickets.map((t) => t.openedAt)],
  );
  return ids;
}

describe('the monthly ticket volume rollup', () => {
  let pool: Pool;
  beforeAll(async () => {
    ({ pool } = await freshDatabase());
  });

  it('counts inserted tickets in their Paris month: 23:30Z on 31 December is already January', async () => {
    await insertTickets(pool, [
      { openedAt: '2025-12-31T23:30:00Z', member: 'BOBIGNY' },
      { openedAt: '2025-12-31T22:30:00Z', member: 'BOBIGNY' },
      { openedAt: '2026-03-31T21:59:59Z', member: 'SYREC', queue: 'TECHNICAL', kind: 'REQUEST' },
      { openedAt: '2026-03-31T22:00:00Z', member: 'SYREC', queue: 'TECHNICAL', kind: 'REQUEST' },
      { openedAt: '2026-01-15T10:00:00Z', member: 'BOBIGNY' },
    ]);
    const rows = (await rollup(pool)).filter((row) => row.month >= '2025-12');
    expect(rows).toEqual([
      { month: '2025-12', member_code: 'BOBIGNY', queue: 'SUPPORT', kind: 'INCIDENT', synthetic: false, count: 1 },
      { month: '2026-01', member_code: 'BOBIGNY', queue: 'SUPPORT', kind: 'INCIDENT', synthetic: false, count: 2 },
      { month: '2026-03', member_code: 'SYREC', queue: 'TECHNICAL', kind: 'REQUEST', synthetic: false, count: 1 },
      { month: '2026-04', member_code: 'SYREC', queue: 'TECHNICAL', kind: 'REQUEST', synthetic: false, count: 1 },
    ]);
    expect(await drift(pool)).toEqual([]);
  });

  it('stays exact under concurrent writers on the same groups, without deadlocks', async () => {
    const members = ['BOBIGNY', 'LA_COURNEUVE', 'SIRESCO'];
    const writers = Array.from({ length: 8 }, async (_, writer) => {
      const client = await pool.connect();
      try {
        for (let round = 0; round < 10; round += 1) {
          await client.query('begin');
          // Each writer touches its groups in a different order: the trigger sorts them.
          const order = writer % 2 === 0 ? members : [...members].reverse();
          await insertTickets(pool, order.map((member, i) => ({ openedAt: `2026-0${1 + ((i + round) % 3)}-10T12:00:00Z`, member })), client);
          await client.query('commit');
        }
      } catch (error) {
        await client.query('rollback');
        throw error;
      } finally {
        client.release();
      }
    });
    await Promise.all(writers);
    expect(await drift(pool)).toEqual([]);
  });

  it('forgets rolled-back inserts', async () => {
    const before = await rollup(pool);
    const client = await pool.connect();
    try {
      await client.query('begin');
      await insertTickets(pool, [{ openedAt: '2026-05-01T10:00:00Z', member: 'SYREC' }], client);
      await client.query('rollback');
    } finally {
      client.release();
    }
    expect(await rollup(pool)).toEqual(before);
  });

  it('moves a ticket whose member, queue or Paris month changes, and ignores other updates', async () => {
    const [id] = await insertTickets(pool, [{ openedAt: '2026-07-10T10:00:00Z', member: 'LE_BLANC_MESNIL' }]);
    const before = await rollup(pool);
    await pool.query(`update "operations"."ticket" set status = 'ASSIGNED', owned_at = now(), version = version + 1 where id = $1`, [id]);
    expect(await rollup(pool)).toEqual(before);
    await pool.query(`update "operations"."ticket" set member_code = 'TREMBLAY_EN_FRANCE', queue = 'TECHNICAL' where id = $1`, [id]);
    await pool.query(`update "operations"."ticket" set opened_at = '2026-07-31T22:30:00Z' where id = $1`, [id]); // 1 August in Paris
    const moved = await rollup(pool);
    expect(moved.filter((row) => row.month === '2026-07' || row.month === '2026-08')).toEqual([
      { month: '2026-08', member_code: 'TREMBLAY_EN_FRANCE', queue: 'TECHNICAL', kind: 'INCIDENT', synthetic: false, count: 1 },
    ]);
    expect(await drift(pool)).toEqual([]);
  });

  it('subtracts deleted tickets and drops groups left empty (never a zero count)', async () => {
    await pool.query(`delete from "operations"."ticket" where member_code = 'SYREC' and opened_at >= '2026-01-01'`);
    expect((await rollup(pool)).filter((row) => row.member_code === 'SYREC' && row.month >= '2026-01')).toEqual([]);
    expect((await pool.query('select count(*)::int as n from "operations"."ticket_monthly_volume" where count <= 0')).rows[0].n).toBe(0);
    expect(await drift(pool)).toEqual([]);
  });

  it('follows the synthetic seeder’s bulk batches and its reset, and is emptied by TRUNCATE', async () => {
    await seedSyntheticTickets(pool, { seed: 3, tickets: 3_000, batchSize: 700 });
    expect((await rollup(pool)).some((row) => row.synthetic)).toBe(true);
    expect(await drift(pool)).toEqual([]);
    await seedSyntheticTickets(pool, { seed: 3, tickets: 0, reset: true });
    expect((await rollup(pool)).some((row) => row.synthetic)).toBe(false);
    expect(await drift(pool)).toEqual([]);
    await pool.query('truncate "operations"."ticket" cascade');
    expect(await rollup(pool)).toEqual([]);
  });

  it('is read by metrics through a read-only view', async () => {
    await insertTickets(pool, [{ openedAt: '2026-02-02T10:00:00Z', member: 'BOBIGNY' }]);
    const { rows } = await pool.query(`select to_char(month, 'YYYY-MM') as month, count::int as count from "metrics"."ticket_volume_record"`);
    expect(rows).toEqual([{ month: '2026-02', count: 1 }]);
    await expect(pool.query(`update "metrics"."ticket_volume_record" set count = 99`)).rejects.toThrow(/read-only view/);
  });
});

describe('the rollup migration', () => {
  it('counts the tickets already there when it runs', async () => {
    const { database, pool } = await freshDatabase(['governance', 'catalogue', 'operations']);
    const operations = subgraphNamed('operations');
    const orm = await openOrmFor(operations, database.url, 2);
    try {
      await orm.getMigrator().down({ to: 'Migration20261129000400_ticket_volume_covering_index' });
      expect((await pool.query(`select to_regclass('"operations"."ticket_monthly_volume"') as t`)).rows[0].t).toBeNull();
      await seedSyntheticTickets(pool, { seed: 5, tickets: 2_000, batchSize: 1_000 });
      await migrateSubgraph(orm);
    } finally {
      await orm.close(true);
    }
    expect((await rollup(pool)).reduce((sum, row) => sum + row.count, 0)).toBe(
      Number((await pool.query('select count(*) as n from "operations"."ticket"')).rows[0].n),
    );
    expect(await drift(pool)).toEqual([]);
  });
});
