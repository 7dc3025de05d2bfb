import { Pool } from 'pg';
import { EXPORTS } from '../gateway/export/definitions';
import { generateReport } from '../scripts/report';
import { seedSyntheticTickets } from '../scripts/seed-synthetic/seed';
import { operationsClock } from '../subgraphs/operations/services/clock';
import { csvLines, fetchExport } from './support/exports';
import { graphql, startTestHub, tokenFor, type TestHub } from './support/hub';
import { endPool } from '../lib/pg-pool';
import { openTestPool } from './support/database';
import { plain, readXlsx, type ReadCell } from './support/xlsx';

/**
 * What a BI user meets (docs/bi.md): spreadsheets with typed cells, a total row even for a year
 * without tickets, and figures that leave demo data out unless asked.
 */
let hub: TestHub;
let base: string;
const realNow = operationsClock.now;
const staff = () => tokenFor('SII_STAFF');

/** Real tickets opened through operations' mutation: three in 2026, one in 2018 (a year the synthetic seed fills too). */
const REAL_TICKETS = [
  ['2026-02-03T10:00:00Z', 'BOBIGNY', 'SUPPORT'],
  ['2026-02-04T10:00:00Z', 'BOBIGNY', 'TECHNICAL'],
  ['2026-05-04T10:00:00Z', 'SYREC', 'SUPPORT'],
  ['2018-06-01T10:00:00Z', 'BOBIGNY', 'SUPPORT'],
] as const;

beforeAll(async () => {
  hub = await startTestHub();
  base = new URL('/', hub.url).toString().replace(/\/$/, '');
  try {
    for (const [at, memberCode, queue] of REAL_TICKETS) {
      operationsClock.now = () => new Date(at);
      const { errors } = await graphql(
        hub.url,
        'mutation O($input: OpenTicketInput!) { openTicket(input: $input) { id } }',
        { input: { memberCode, queue, kind: 'INCIDENT', title: 'BI fixture' } },
        staff(),
      );
      expect(errors).toBeUndefined();
    }
  } finally {
    operationsClock.now = realNow;
  }
});
afterAll(() => hub?.stop());

const get = (path: string, token?: string) => fetchExport(base, path, token);
const lines = csvLines;
type JsonRow = Record<string, string | number | boolean | null>;
const jsonRows = async (path: string, token?: string) => JSON.parse((await get(path, token)).text).rows as JsonRow[];
const sum = (rows: JsonRow[], column: string) => rows.reduce((total, row) => total + Number(row[column]), 0);

describe('a year without tickets', () => {
  it.each(['MEMBER', 'MONTH', 'QUEUE', 'KIND'])('still gives the ticket-volume total row, 0, grouped by %s (CSV, JSON, XLSX)', async (groupBy) => {
    const csv = await get(`/export/ticket-volume.csv?year=2031&groupBy=${groupBy}`, staff());
    expect(lines(csv.text)).toEqual(['year,group_by,key,member_code,member_name,month,period_start,queue,kind,is_total,count', `2031,${groupBy},TOTAL,,,,,,,true,0`]);
    expect(await jsonRows(`/export/ticket-volume.json?year=2031&groupBy=${groupBy}`)).toEqual([
      { year: 2031, group_by: groupBy, key: 'TOTAL', member_code: null, member_name: null, month: null, period_start: null, queue: null, kind: null, is_total: true, count: 0 },
    ]);
    const sheet = readXlsx((await get(`/export/ticket-volume.xlsx?year=2031&groupBy=${groupBy}`)).bytes);
    expect(sheet.rows).toHaveLength(2);
    expect(sheet.rows[1].map(plain)).toEqual([2031, groupBy, 'TOTAL', null, null, null, null, null, null, true, 0]);
    expect(sheet.rows[1][9]).toEqual({ type: 'boolean', value: true });
    expect(sheet.rows[1][10]).toMatchObject({ type: 'number', value: 0 });
  });

  it('leaves GraphQL as it is: no ticket recorded is not covered, not zero', async () => {
    const { data } = await graphql(hub.url, '{ ticketVolume(year: 2031, groupBy: QUEUE) { key count } }');
    expect(data.ticketVolume).toEqual([]);
  });

  it('keeps the exports without a total row header-only (they have no total to give)', async () => {
    expect(lines((await get('/export/deployments-by-application.csv?year=2031')).text)).toEqual(['year,application_id,application_name,domain_code,count']);
    expect(lines((await get('/export/reconciliation.csv?year=2031')).text)).toEqual(['year,indicator,label,reported,recorded,difference,relative_difference']);
  });
});

/** Each export with parameters that give it rows, and the sheet names it should carry. */
const SPREADSHEETS = [
  { path: 'indicators', query: '?from=2017&to=2018', sheet: { en: 'Indicators', fr: 'Indicateurs' } },
  { path: 'indicator-table', query: '', sheet: { en: 'Synthesis table', fr: 'Tableau de synthèse' } },
  { path: 'deployments-by-application', query: '?year=2018', sheet: { en: 'Deployments 2018', fr: 'Mises en production 2018' } },
  { path: 'ticket-volume', query: '?year=2026&groupBy=MONTH', sheet: { en: 'Tickets 2026 by month', fr: 'Tickets 2026 par mois' } },
  { path: 'reconciliation', query: '?year=2018', sheet: { en: 'Reconciliation 2018', fr: 'Écarts 2018' } },
  { path: 'changes', query: '', sheet: { en: 'Changes', fr: 'Journal des modifications' }, staffOnly: true },
];

/** The type a cell must have for a JSON value of its column (dates are the ISO strings of date columns). */
function expectedType(value: JsonRow[string], columnType: string): ReadCell['type'] {
  if (value === null) return 'empty';
  if (columnType === 'date' || columnType === 'datetime') return 'date';
  return typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string';
}

describe('GET /export/<name>.xlsx and .fr.xlsx', () => {
  it('covers every export', () => {
    expect(SPREADSHEETS.map((entry) => entry.path)).toEqual(EXPORTS.map((definition) => definition.name));
  });

  it.each(SPREADSHEETS)('$path: one sheet named after it, a frozen header row, the JSON rows as typed cells', async ({ path, query, sheet, staffOnly }) => {
    const definition = EXPORTS.find((candidate) => candidate.name === path)!;
    const token = staffOnly ? staff() : undefined;
    const rows = await jsonRows(`/export/${path}.json${query}`, token);
    expect(rows.length).toBeGreaterThan(0);
    for (const french of [false, true]) {
      const response = await get(`/export/${path}.${french ? 'fr.' : ''}xlsx${query}`, token);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(response.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="${path}[\\w-]*${french ? '\\.fr' : ''}\\.xlsx"$`));
      expect(response.headers.get('cache-control')).toBe('no-store');
      const workbook = readXlsx(response.bytes);
      expect(workbook.sheetNames).toEqual([french ? sheet.fr : sheet.en]);
      expect(workbook.frozenRows).toBe(1);
      const [header, ...body] = workbook.rows;
      expect(header.map(plain)).toEqual(definition.typedColumns.map((column) => (french ? column.french : column.name)));
      expect(body.map((row) => row.map(plain))).toEqual(rows.map((row) => definition.columns.map((column) => row[column])));
      for (const [rowIndex, row] of rows.entries()) {
        for (const [columnIndex, column] of definition.typedColumns.entries()) {
          expect({ column: column.name, type: body[rowIndex][columnIndex].type }).toEqual({ column: column.name, type: expectedType(row[column.name], column.type) });
        }
      }
    }
  });

  it('writes numbers as numbers with grouping, ratios as percentages, blanks where the report gives nothing', async () => {
    const table = readXlsx((await get('/export/indicator-table.xlsx')).bytes);
    const year2006 = table.rows.find((row) => plain(row[0]) === 2006)!;
    expect(year2006[0]).toEqual({ type: 'number', value: 2006, format: '0' });
    expect(year2006[1]).toEqual({ type: 'empty' }); // DEPLOYMENTS: not reported for 2006
    expect(year2006[2]).toEqual({ type: 'number', value: 179838240, format: '#,##0' });
    expect(year2006[8]).toEqual({ type: 'number', value: 0, format: '#,##0' }); // a real zero
    const indicators = readXlsx((await get('/export/indicators.fr.xlsx?from=2018')).bytes);
    const deployments = indicators.rows.find((row) => plain(row[0]) === 'DEPLOYMENTS')!;
    expect(deployments[5]).toEqual({ type: 'number', value: -0.125, format: '0.0%' });
    expect(indicators.rows[0].map(plain)).toEqual(['Indicateur', 'Libellé', 'Unité', 'Année', 'Valeur', 'Évolution', 'Source']);
  });

  it('writes dates as dates (ISO in .xlsx, jj/mm/aaaa in .fr.xlsx) and booleans as booleans', async () => {
    for (const [suffix, format] of [['xlsx', 'yyyy-mm-dd'], ['fr.xlsx', 'dd/mm/yyyy']]) {
      const rows = readXlsx((await get(`/export/ticket-volume.${suffix}?year=2026&groupBy=MONTH`)).bytes).rows;
      expect(rows).toHaveLength(1 + 12 + 1);
      expect(rows[2][6]).toEqual({ type: 'date', value: '2026-02-01', format });
      expect(rows[2][9]).toEqual({ type: 'boolean', value: false });
      expect(rows[2][10]).toMatchObject({ type: 'number', value: 2 });
      expect(rows[13][6]).toEqual({ type: 'empty' });
      expect(rows[13][9]).toEqual({ type: 'boolean', value: true });
    }
  });

  it('follows the caller’s rights as the other formats do', async () => {
    const path = '/export/ticket-volume.xlsx?year=2026&groupBy=MEMBER';
    const keys = async (token?: string) => readXlsx((await get(path, token)).bytes).rows.slice(1).map((row) => [plain(row[2]), plain(row[10])]);
    expect(await keys(staff())).toEqual([
      ['BOBIGNY', 2],
      ['SYREC', 1],
      ['TOTAL', 3],
    ]);
    expect(await keys(tokenFor('MEMBER_AGENT', 'SYREC'))).toEqual([
      ['SYREC', 1],
      ['TOTAL', 3],
    ]);
    expect(await keys()).toEqual([['TOTAL', 3]]);
  });

  it('is listed at /export and refuses sep, which only applies to CSV', async () => {
    const listing = JSON.parse((await get('/export')).text);
    expect(listing.formats).toEqual(expect.arrayContaining(['.xlsx', '.fr.xlsx']));
    expect(listing.exports[0].urls).toEqual(expect.arrayContaining(['/export/indicators.xlsx', '/export/indicators.fr.xlsx']));
    const refused = await get('/export/indicators.xlsx?sep=semicolon');
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text).errors[0]).toMatchObject({ message: expect.stringMatching(/only applies to CSV/), extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('demo data is opt-in wherever a figure is reported', () => {
  let pool: Pool;
  /** What the synthetic seed added for 2018, counted in SQL. */
  let demo: { support: number; technical: number; bobigny: number; deployments: number; cms: number };

  beforeAll(async () => {
    pool = openTestPool(hub.database.url, 2);
    await seedSyntheticTickets(pool, { seed: 7, tickets: 1_500, deployments: 60, batchSize: 1_500 });
    const { rows } = await pool.query(
      `select
         (select count(*) from operations.ticket where synthetic and queue = 'SUPPORT' and extract(year from opened_at at time zone 'Europe/Paris') = 2018)::int as support,
         (select count(*) from operations.ticket where synthetic and queue = 'TECHNICAL' and extract(year from opened_at at time zone 'Europe/Paris') = 2018)::int as technical,
         (select count(*) from operations.ticket where synthetic and member_code = 'BOBIGNY' and extract(year from opened_at at time zone 'Europe/Paris') = 2018)::int as bobigny,
         (select count(*) from operations.deployment where synthetic and year = 2018)::int as deployments,
         (select count(*) from operations.deployment where synthetic and year = 2018 and application_id = 'cms')::int as cms`,
    );
    demo = rows[0];
    // The seed must put demo records where real ones are, or this test proves nothing.
    expect(demo.support).toBeGreaterThan(0);
    expect(demo.technical).toBeGreaterThan(0);
    expect(demo.bobigny).toBeGreaterThan(0);
    expect(demo.deployments).toBeGreaterThan(0);
  });
  afterAll(() => pool && endPool(pool));

  const FIGURES = `query F($synthetic: Boolean) {
    reconciliation(year: 2018, includeSynthetic: $synthetic) { indicator reported recorded }
    ticketVolume(year: 2018, groupBy: QUEUE, includeSynthetic: $synthetic) { key count }
    deploymentsByApplication(year: 2018, includeSynthetic: $synthetic) { application { id } count }
    member(code: "BOBIGNY") { ticketVolume(year: 2018, includeSynthetic: $synthetic) }
    application(id: "cms") { deploymentCount(year: 2018, includeSynthetic: $synthetic) }
  }`;
  const DEFAULTS = `{
    reconciliation(year: 2018) { indicator reported recorded }
    ticketVolume(year: 2018, groupBy: QUEUE) { key count }
    deploymentsByApplication(year: 2018) { application { id } count }
    member(code: "BOBIGNY") { ticketVolume(year: 2018) }
    application(id: "cms") { deploymentCount(year: 2018) }
  }`;

  it('GraphQL: every figure counts real records only unless includeSynthetic is true', async () => {
    const byDefault = await graphql(hub.url, DEFAULTS, {}, staff());
    const asFalse = await graphql(hub.url, FIGURES, { synthetic: false }, staff());
    const opted = await graphql(hub.url, FIGURES, { synthetic: true }, staff());
    expect(byDefault.errors).toBeUndefined();
    expect(opted.errors).toBeUndefined();
    expect(asFalse.data).toEqual(byDefault.data);

    // Real records: the report's 73 deployments of 2018 and the one ticket opened in 2018.
    expect(byDefault.data.reconciliation).toEqual([
      { indicator: 'DEPLOYMENTS', reported: 77, recorded: 73 },
      { indicator: 'SUPPORT_TICKETS', reported: 4490, recorded: 1 },
    ]);
    expect(byDefault.data.ticketVolume).toEqual([
      { key: 'SUPPORT', count: 1 },
      { key: 'TECHNICAL', count: 0 },
      { key: 'TOTAL', count: 1 },
    ]);
    expect(sum(byDefault.data.deploymentsByApplication, 'count')).toBe(73);
    expect(byDefault.data.member.ticketVolume).toBe(1);
    expect(byDefault.data.application.deploymentCount).toBe(10);

    // With the demo records.
    expect(opted.data.reconciliation).toEqual([
      { indicator: 'DEPLOYMENTS', reported: 77, recorded: 73 + demo.deployments },
      { indicator: 'SUPPORT_TICKETS', reported: 4490, recorded: 1 + demo.support },
      { indicator: 'TECHNICAL_TICKETS', reported: 3190, recorded: demo.technical },
    ]);
    expect(opted.data.ticketVolume).toEqual([
      { key: 'SUPPORT', count: 1 + demo.support },
      { key: 'TECHNICAL', count: demo.technical },
      { key: 'TOTAL', count: 1 + demo.support + demo.technical },
    ]);
    expect(sum(opted.data.deploymentsByApplication, 'count')).toBe(73 + demo.deployments);
    expect(opted.data.member.ticketVolume).toBe(1 + demo.bobigny);
    expect(opted.data.application.deploymentCount).toBe(10 + demo.cms);
  });

  it('exports: the same, with ?includeSynthetic=true to opt in', async () => {
    const volume = (query: string) => jsonRows(`/export/ticket-volume.json?year=2018&groupBy=QUEUE${query}`);
    expect((await volume('')).map((row) => [row.key, row.count])).toEqual([
      ['SUPPORT', 1],
      ['TECHNICAL', 0],
      ['TOTAL', 1],
    ]);
    expect((await volume('&includeSynthetic=true')).at(-1)).toMatchObject({ key: 'TOTAL', count: 1 + demo.support + demo.technical });
    expect(await volume('&includeSynthetic=false')).toEqual(await volume(''));

    expect(sum(await jsonRows('/export/deployments-by-application.json?year=2018'), 'count')).toBe(73);
    expect(sum(await jsonRows('/export/deployments-by-application.json?year=2018&includeSynthetic=true'), 'count')).toBe(73 + demo.deployments);

    expect(lines((await get('/export/reconciliation.csv?year=2018')).text).slice(1).map((line) => line.split(',').slice(1, 5).join(','))).toEqual([
      'DEPLOYMENTS,Mises en Production,77,73',
      'SUPPORT_TICKETS,Tickets Support,4490,1',
    ]);
    const opted = readXlsx((await get('/export/reconciliation.xlsx?year=2018&includeSynthetic=true')).bytes);
    expect(opted.rows.slice(1).map((row) => [plain(row[1]), plain(row[4])])).toEqual([
      ['DEPLOYMENTS', 73 + demo.deployments],
      ['SUPPORT_TICKETS', 1 + demo.support],
      ['TECHNICAL_TICKETS', demo.technical],
    ]);
  });

  it('npm run report: real records by default, demo ones with --include-synthetic', async () => {
    const real = await generateReport({ url: hub.url, year: 2018 });
    expect(real).toContain('| **TOTAL** | **73** |');
    expect(real).toContain('| Tickets Support | 4490 | 1 | -4489 |');
    expect(real).not.toContain('Tickets techniques | 3190');
    const withDemo = await generateReport({ url: hub.url, year: 2018, includeSynthetic: true });
    expect(withDemo).toContain(`| **TOTAL** | **${73 + demo.deployments}** |`);
    expect(withDemo).toContain(`| Tickets techniques | 3190 | ${demo.technical} | ${demo.technical - 3190} |`);
  });
});
