import { createHash } from 'node:crypto';
import { Pool } from 'pg';
import { APPLICATIONS } from '../subgraphs/catalogue/seed/report-2018';
import { MEMBERS } from '../subgraphs/governance/seed/report-2018';
import { REPORTED_DEPLOYMENTS, REPORTED_TICKETS } from '../scripts/seed-synthetic/proportions';
import { seedSyntheticTickets } from '../scripts/seed-synthetic/seed';
import { endPool } from '../lib/pg-pool';
import { openTestPool, type TestDatabase } from './support/database';
import { prepareTestDatabase } from './support/hub';

let databases: TestDatabase[] = [];
let pools: Pool[] = [];
afterAll(async () => {
  for (const pool of pools) await endPool(pool);
  for (const database of databases) await database.drop();
});

async function freshDatabase(): Promise<Pool> {
  const database = await prepareTestDatabase();
  databases.push(database);
  const pool = openTestPool(database.url, 2);
  pools.push(pool);
  return pool;
}

/** Every synthetic ticket and history row, in a stable order, hashed: equal hashes mean equal rows. */
async function fingerprint(pool: Pool): Promise<string> {
  const tickets = await pool.query(`select * from "operations"."ticket" where synthetic order by reference`);
  const history = await pool.query(
    `select t.reference, h."from", h."to", h."at", h."by" from "operations"."ticket_status_change" h
     join "operations"."ticket" t on t.id = h.ticket_id where t.synthetic order by t.reference, h."at", h.seq`,
  );
  return createHash('sha256').update(JSON.stringify([tickets.rows, history.rows])).digest('hex');
}

const count = async (pool: Pool, where: string) =>
  Number((await pool.query(`select count(*) as n from "operations"."ticket" where ${where}`)).rows[0].n);

describe('synthetic tickets', () => {
  let first: Pool;
  beforeAll(async () => {
    first = await freshDatabase();
  });

  it('are not loaded by default', async () => {
    expect(await count(first, 'synthetic')).toBe(0);
    expect(await count(first, 'true')).toBe(0);
  });

  it('are deterministic: the same seed gives the same rows, in any batch size, and a re-run adds nothing', async () => {
    const run = await seedSyntheticTickets(first, { seed: 7, tickets: 1_200, batchSize: 500 });
    expect(run).toMatchObject({ insertedTickets: 1_200, skippedExisting: 0 });
    const snapshot = await fingerprint(first);
    const again = await seedSyntheticTickets(first, { seed: 7, tickets: 1_200, batchSize: 300 });
    expect(again).toMatchObject({ insertedTickets: 0, insertedHistory: 0, skippedExisting: 1_200 });
    expect(await fingerprint(first)).toBe(snapshot);

    const second = await freshDatabase();
    await seedSyntheticTickets(second, { seed: 7, tickets: 1_200, batchSize: 1_000 });
    expect(await fingerprint(second)).toBe(snapshot);

    const other = await freshDatabase();
    await seedSyntheticTickets(other, { seed: 8, tickets: 1_200 });
    expect(await fingerprint(other)).not.toBe(snapshot);
  });

  it('are marked synthetic in the data: flag, SYN- reference, opener, and consistent lifecycles', async () => {
    const rows = (await first.query(`select * from "operations"."ticket" where synthetic`)).rows;
    expect(rows).toHaveLength(1_200);
    for (const row of rows) {
      expect(row.reference).toMatch(/^SYN-7-\d{7}$/);
      expect(row.opened_by).toBe('synthetic');
      expect(row.status).toBe('CLOSED');
      expect(row.opened_at <= row.owned_at && row.owned_at <= row.resolved_at && row.resolved_at <= row.closed_at).toBe(true);
    }
    // Ids of one seed sort like their references (index order), which keeps bulk inserts index-friendly.
    const ids = rows.sort((a, b) => a.reference.localeCompare(b.reference)).map((row) => row.id);
    expect([...ids].sort()).toEqual(ids);
    expect(ids.every((id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toBe(true);
    const versions = await first.query(
      `select count(*) filter (where t.version <> h.n) as mismatched from "operations"."ticket" t
       join (select ticket_id, count(*) as n from "operations"."ticket_status_change" group by ticket_id) h on h.ticket_id = t.id where t.synthetic`,
    );
    expect(Number(versions.rows[0].mismatched)).toBe(0);
  });

  it('reference only real members and catalogue applications, spread over months', async () => {
    const members = new Set(MEMBERS.map((m) => m.code));
    const applications = new Set(APPLICATIONS.map((a) => a.id));
    const used = await first.query(`select distinct member_code, application_id from "operations"."ticket" where synthetic`);
    for (const row of used.rows) {
      expect(members.has(row.member_code)).toBe(true);
      if (row.application_id !== null) expect(applications.has(row.application_id)).toBe(true);
    }
    const months = await first.query(`select count(distinct extract(month from opened_at)) as n from "operations"."ticket" where synthetic`);
    expect(Number(months.rows[0].n)).toBe(12);
    expect(new Set(used.rows.map((row) => row.member_code)).size).toBe(6);
  });

  it('follow the report’s yearly totals per queue in proportion', async () => {
    const reportedTotal = REPORTED_TICKETS.reduce((sum, row) => sum + row.count, 0);
    const totals = await first.query(
      `select extract(year from opened_at)::int as year, queue, count(*)::int as n from "operations"."ticket" where synthetic group by 1, 2`,
    );
    expect(totals.rows).toHaveLength(REPORTED_TICKETS.length);
    for (const reported of REPORTED_TICKETS) {
      const generated = totals.rows.find((row) => row.year === reported.year && row.queue === reported.queue)?.n ?? 0;
      // Low-discrepancy dealing: within a handful of tickets of the exact share.
      expect(Math.abs(generated - (1_200 * reported.count) / reportedTotal)).toBeLessThan(5);
    }
  });

  it('add dated deployments on demand, deterministic, marked, beside the report’s 73', async () => {
    const pool = await freshDatabase();
    const deploymentRows = async (db: Pool) =>
      (await db.query(`select id, application_id, year, deployed_on::text, version, summary, member_codes, source, synthetic from "operations"."deployment" where synthetic order by id`)).rows;
    const run = await seedSyntheticTickets(pool, { seed: 5, tickets: 0, deployments: 265, batchSize: 100 });
    expect(run.insertedDeployments).toBe(265);
    const rows = await deploymentRows(pool);
    expect(rows).toHaveLength(265);
    const applications = new Set(APPLICATIONS.map((a) => a.id));
    const members = new Set(MEMBERS.map((m) => m.code));
    for (const row of rows) {
      expect(row.id).toMatch(/^syn-5-\d{7}$/);
      expect(row).toMatchObject({ source: 'synthetic', synthetic: true });
      expect(row.deployed_on.slice(0, 4)).toBe(String(row.year));
      expect(applications.has(row.application_id)).toBe(true);
      expect(row.member_codes.length).toBeGreaterThan(0);
      expect(row.member_codes.every((code: string) => members.has(code))).toBe(true);
    }
    // 265 = the four reported years' total: each year gets its reported count, within a couple.
    for (const reported of REPORTED_DEPLOYMENTS) {
      expect(Math.abs(rows.filter((row) => row.year === reported.year).length - reported.count)).toBeLessThanOrEqual(2);
    }
    expect((await seedSyntheticTickets(pool, { seed: 5, tickets: 0, deployments: 265 })).insertedDeployments).toBe(0);
    const twin = await freshDatabase();
    await seedSyntheticTickets(twin, { seed: 5, tickets: 0, deployments: 265, batchSize: 1000 });
    expect(await deploymentRows(twin)).toEqual(rows);
    const report = await pool.query(`select count(*)::int as n from "operations"."deployment" where not synthetic and year = 2018`);
    expect(report.rows[0].n).toBe(73);
  });

  it('--reset removes every synthetic ticket and its history, and nothing else', async () => {
    const pool = await freshDatabase();
    await seedSyntheticTickets(pool, { seed: 3, tickets: 100 });
    await pool.query(
      `insert into "operations"."ticket" (id, reference, kind, queue, status, priority, title, member_code, opened_at, opened_by, own_due_at, resolve_due_at_base)
       values (gen_random_uuid(), 'SII-2026-000001', 'INCIDENT', 'SUPPORT', 'NEW', 'LOW', 'real', 'BOBIGNY', now(), 'someone', now(), now())`,
    );
    await seedSyntheticTickets(pool, { seed: 3, tickets: 0, deployments: 10 });
    const result = await seedSyntheticTickets(pool, { seed: 3, tickets: 0, reset: true });
    expect(result.deleted).toBe(100);
    expect(Number((await pool.query(`select count(*) as n from "operations"."deployment" where synthetic`)).rows[0].n)).toBe(0);
    expect(Number((await pool.query(`select count(*) as n from "operations"."deployment"`)).rows[0].n)).toBe(73);
    expect(await count(pool, 'synthetic')).toBe(0);
    expect(await count(pool, 'not synthetic')).toBe(1);
  });
});
