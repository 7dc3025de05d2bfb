import { Pool } from 'pg';
import { operationsClock } from '../subgraphs/operations/services/clock';
import { seedSyntheticTickets } from '../scripts/seed-synthetic/seed';
import { countSqlStatements, graphql, startTestHub, tokenFor, type TestHub } from './support/hub';

let hub: TestHub;
const realNow = operationsClock.now;
const staff = () => tokenFor('SII_STAFF');

const OPEN = 'mutation Open($input: OpenTicketInput!) { openTicket(input: $input) { reference openedAt } }';

/**
 * Tickets opened through operations' own mutation, at instants chosen around the Europe/Paris
 * year and month boundaries: 2025-12-31T23:30Z is already 1 January 2026 in Paris, and
 * 2025-12-31T22:30Z still 31 December 2025.
 */
const FIXTURE = [
  ['2025-12-31T23:30:00Z', 'BOBIGNY', 'INCIDENT', 'SUPPORT'],
  ['2026-03-10T09:00:00Z', 'BOBIGNY', 'REQUEST', 'TECHNICAL'],
  ['2026-03-11T09:00:00Z', 'SYREC', 'REQUEST', 'SUPPORT'],
  ['2026-06-30T22:30:00Z', 'LA_COURNEUVE', 'INCIDENT', 'SUPPORT'],
  ['2025-12-31T22:30:00Z', 'SYREC', 'INCIDENT', 'SUPPORT'],
] as const;

beforeAll(async () => {
  hub = await startTestHub();
  for (const [at, memberCode, kind, queue] of FIXTURE) {
    operationsClock.now = () => new Date(at);
    const { errors } = await graphql(hub.url, OPEN, { input: { memberCode, kind, queue, title: `${kind} at ${at}` } }, staff());
    expect(errors).toBeUndefined();
  }
  operationsClock.now = realNow;
});
afterAll(() => hub?.stop());

const VOLUME = `query V($year: Int!, $groupBy: TicketGrouping!, $includeSynthetic: Boolean) {
  ticketVolume(year: $year, groupBy: $groupBy, includeSynthetic: $includeSynthetic) { groupBy isTotal key member { code name } month periodStart queue kind count }
}`;

async function volume(year: number, groupBy: string, token?: string, includeSynthetic?: boolean) {
  const { data, errors } = await graphql(hub.url, VOLUME, { year, groupBy, includeSynthetic }, token);
  expect(errors).toBeUndefined();
  return data.ticketVolume as { isTotal: boolean; key: string; member: { code: string; name: string } | null; month: number | null; count: number }[];
}

const brief = (rows: { key: string; count: number }[]) => rows.map((row) => [row.key, row.count]);

describe('ticketVolume over tickets opened through operations', () => {
  it('groups by member with a total row, names members through governance (staff)', async () => {
    const rows = await volume(2026, 'MEMBER', staff());
    expect(brief(rows)).toEqual([
      ['BOBIGNY', 2],
      ['LA_COURNEUVE', 1],
      ['SYREC', 1],
      ['TOTAL', 4],
    ]);
    expect(rows[0]).toMatchObject({ isTotal: false, member: { code: 'BOBIGNY', name: 'Bobigny' }, month: null });
    expect(rows[3]).toMatchObject({ isTotal: true, member: null });
  });

  it('assigns tickets to the year and month of their opening in Europe/Paris', async () => {
    expect(brief(await volume(2025, 'MEMBER', staff()))).toEqual([
      ['SYREC', 1],
      ['TOTAL', 1],
    ]);
    const months = await volume(2026, 'MONTH');
    expect(months).toHaveLength(13);
    expect(months.slice(0, 12).map((row) => row.count)).toEqual([1, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
    expect(months[0]).toMatchObject({ key: '2026-01', month: 1, periodStart: '2026-01-01', isTotal: false });
    expect(months[12]).toMatchObject({ key: 'TOTAL', isTotal: true, count: 4, month: null });
  });

  it('groups by queue and by kind, every value listed', async () => {
    expect(brief(await volume(2026, 'QUEUE'))).toEqual([
      ['SUPPORT', 3],
      ['TECHNICAL', 1],
      ['TOTAL', 4],
    ]);
    const kinds = await volume(2026, 'KIND');
    expect(brief(kinds)).toEqual([
      ['INCIDENT', 2],
      ['REQUEST', 2],
      ['TOTAL', 4],
    ]);
    expect(kinds[0]).toMatchObject({ kind: 'INCIDENT', queue: null });
  });

  it('is empty for a year without any ticket (not covered, rather than zeros)', async () => {
    expect(await volume(2024, 'MONTH', staff())).toEqual([]);
  });

  it('is computed by one GROUP BY over operations’ monthly counts, never by reading ticket rows', async () => {
    const { statements } = await countSqlStatements(() => volume(2026, 'MONTH', staff()));
    expect(statements.filter((sql) => sql.includes('ticket_record') || sql.includes('"operations"."ticket"'))).toEqual([]);
    const volumes = statements.filter((sql) => sql.includes('ticket_volume_record'));
    expect(volumes).toHaveLength(1);
    expect(volumes[0]).toMatch(/group by grouping sets/i);
    expect(volumes[0]).toMatch(/sum\(count\)/i);
  });
});

describe('who sees which member’s figures', () => {
  it('gives a MEMBER_AGENT its own row and the total, never another member’s row', async () => {
    expect(brief(await volume(2026, 'MEMBER', tokenFor('MEMBER_AGENT', 'BOBIGNY')))).toEqual([
      ['BOBIGNY', 2],
      ['TOTAL', 4],
    ]);
    expect(brief(await volume(2026, 'MEMBER', tokenFor('MEMBER_AGENT', 'SIRESCO')))).toEqual([
      ['SIRESCO', 0],
      ['TOTAL', 4],
    ]);
  });

  it('gives READER and anonymous callers the total only', async () => {
    expect(brief(await volume(2026, 'MEMBER', tokenFor('READER')))).toEqual([['TOTAL', 4]]);
    expect(brief(await volume(2026, 'MEMBER'))).toEqual([['TOTAL', 4]]);
  });

  it('keeps syndicate-wide groupings public', async () => {
    expect(brief(await volume(2026, 'QUEUE', tokenFor('MEMBER_AGENT', 'SYREC')))).toEqual(brief(await volume(2026, 'QUEUE', staff())));
    expect(brief(await volume(2026, 'KIND'))).toEqual(brief(await volume(2026, 'KIND', staff())));
  });

  const MEMBERS = '{ members { code ticketVolume(year: 2026) before: ticketVolume(year: 2024) } }';

  it('adds Member.ticketVolume(year): every member for staff, in one GROUP BY', async () => {
    const { result, statements } = await countSqlStatements(() => graphql(hub.url, MEMBERS, {}, staff()));
    expect(result.errors).toBeUndefined();
    expect(result.data.members).toEqual([
      { code: 'BOBIGNY', ticketVolume: 2, before: null },
      { code: 'LE_BLANC_MESNIL', ticketVolume: 0, before: null },
      { code: 'LA_COURNEUVE', ticketVolume: 1, before: null },
      { code: 'TREMBLAY_EN_FRANCE', ticketVolume: 0, before: null },
      { code: 'SIRESCO', ticketVolume: 0, before: null },
      { code: 'SYREC', ticketVolume: 1, before: null },
    ]);
    const tickets = statements.filter((sql) => sql.includes('ticket_volume_record'));
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatch(/group by grouping sets/i);
  });

  it('answers null for another member’s ticketVolume to an agent, and for every member to a reader', async () => {
    const agent = await graphql(hub.url, MEMBERS, {}, tokenFor('MEMBER_AGENT', 'BOBIGNY'));
    expect(agent.errors).toBeUndefined();
    const volumes = Object.fromEntries(agent.data.members.map((m: { code: string; ticketVolume: number | null }) => [m.code, m.ticketVolume]));
    expect(volumes).toEqual({ BOBIGNY: 2, LE_BLANC_MESNIL: null, LA_COURNEUVE: null, TREMBLAY_EN_FRANCE: null, SIRESCO: null, SYREC: null });
    for (const token of [tokenFor('READER'), undefined]) {
      const { data } = await graphql(hub.url, '{ member(code: "BOBIGNY") { ticketVolume(year: 2026) } }', {}, token);
      expect(data.member.ticketVolume).toBeNull();
    }
  });
});

describe('deployments recorded through operations', () => {
  const RECORD = 'mutation R($input: RecordDeploymentInput!) { recordDeployment(input: $input) { id } }';

  it('count at once in deploymentsByApplication, deploymentCount and the reconciliation', async () => {
    for (const input of [
      { applicationId: 'melodie', deployedOn: '2018-05-14', version: '5.1' },
      { applicationId: 'melodie', year: 2018 },
      { applicationId: 'annuaire', year: 2018 },
      { applicationId: 'finances', deployedOn: '2019-01-08' },
    ]) {
      const { errors } = await graphql(hub.url, RECORD, { input }, staff());
      expect(errors).toBeUndefined();
    }
    const { data } = await graphql(
      hub.url,
      `{ d18: deploymentsByApplication(year: 2018) { application { id } count }
         d19: deploymentsByApplication(year: 2019) { application { id } count }
         melodie: application(id: "melodie") { deploymentCount(year: 2018) }
         reconciliation(year: 2018, includeSynthetic: false) { indicator reported recorded difference } }`,
    );
    expect(data.d18).toHaveLength(21);
    expect(data.d18.reduce((sum: number, row: { count: number }) => sum + row.count, 0)).toBe(76);
    expect(data.d18).toContainEqual({ application: { id: 'melodie' }, count: 5 });
    expect(data.d18).toContainEqual({ application: { id: 'annuaire' }, count: 1 });
    expect(data.d19).toEqual([{ application: { id: 'finances' }, count: 1 }]);
    expect(data.melodie.deploymentCount).toBe(5);
    expect(data.reconciliation).toEqual([{ indicator: 'DEPLOYMENTS', reported: 77, recorded: 76, difference: -1 }]);
    await graphql(hub.url, RECORD, { input: { applicationId: 'cms', year: 2018 } }, staff());
    const settled = await graphql(hub.url, '{ reconciliation(year: 2018, includeSynthetic: false) { indicator } }');
    expect(settled.data.reconciliation).toEqual([]); // 77 recorded: the figures agree
  });
});

describe('reconciliation with synthetic tickets', () => {
  let pool: Pool;
  beforeAll(async () => {
    pool = new Pool({ connectionString: hub.database.url, max: 2 });
    await seedSyntheticTickets(pool, { seed: 11, tickets: 600, batchSize: 600 });
  });
  afterAll(() => pool?.end());

  it('compares ticket queues with the report once records exist, counting synthetic records only on request', async () => {
    const { rows } = await pool.query<{ queue: string; n: number }>(
      `select queue, count(*)::int as n from "operations"."ticket"
       where extract(year from opened_at at time zone 'Europe/Paris') = 2018 group by queue order by queue`,
    );
    const recorded = Object.fromEntries(rows.map((row) => [row.queue, row.n]));
    expect(recorded.SUPPORT).toBeGreaterThan(0);
    const { data, errors } = await graphql(
      hub.url,
      `{ all: reconciliation(year: 2018, includeSynthetic: true) { indicator reported recorded difference }
         real: reconciliation(year: 2018) { indicator } }`,
    );
    expect(errors).toBeUndefined();
    expect(data.all).toEqual([
      { indicator: 'SUPPORT_TICKETS', reported: 4490, recorded: recorded.SUPPORT, difference: recorded.SUPPORT - 4490 },
      { indicator: 'TECHNICAL_TICKETS', reported: 3190, recorded: recorded.TECHNICAL, difference: recorded.TECHNICAL - 3190 },
    ]);
    expect(data.real).toEqual([]); // deployments agree since the previous test recorded four more; no real ticket in 2018
    expect(await volume(2018, 'QUEUE')).toEqual([]); // demo tickets are left out by default
    expect(brief(await volume(2018, 'QUEUE', undefined, true))).toEqual([
      ['SUPPORT', recorded.SUPPORT],
      ['TECHNICAL', recorded.TECHNICAL],
      ['TOTAL', recorded.SUPPORT + recorded.TECHNICAL],
    ]);
  });
});
