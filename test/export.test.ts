import { operationsClock } from '../subgraphs/operations/services/clock';
import { createHubClient } from '../sdk/index';
import { csvLines, fetchExport } from './support/exports';
import { startTestHub, tokenFor, type TestHub } from './support/hub';

let hub: TestHub;
let base: string;
const realNow = operationsClock.now;

beforeAll(async () => {
  hub = await startTestHub();
  const staff = createHubClient({ url: hub.url, token: tokenFor('SII_STAFF') });
  base = new URL('/', hub.url).toString().replace(/\/$/, '');
  const fixture = [
    ['2026-02-03T10:00:00Z', 'BOBIGNY', 'SUPPORT'],
    ['2026-02-04T10:00:00Z', 'BOBIGNY', 'TECHNICAL'],
    ['2026-05-04T10:00:00Z', 'SYREC', 'SUPPORT'],
  ] as const;
  for (const [at, memberCode, queue] of fixture) {
    operationsClock.now = () => new Date(at);
    // Through the SDK's persisted operation, so that this file also runs with HUB_PERSISTED_OPERATIONS_ONLY=true.
    await staff.openTicket({ input: { memberCode, queue, kind: 'INCIDENT', title: 'Export fixture' } });
  }
  operationsClock.now = realNow;
});
afterAll(() => hub?.stop());

const get = (path: string, token?: string) => fetchExport(base, path, token);
const lines = csvLines;

describe('GET /export/<name>.csv', () => {
  it('exports the indicator table with a header row, blanks for missing figures and 0 for real zeros', async () => {
    const { status, headers, text, bytes } = await get('/export/indicator-table.csv');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(headers.get('content-disposition')).toBe('attachment; filename="indicator-table.csv"');
    expect(bytes[0]).not.toBe(0xef); // no BOM in the plain variant
    expect(lines(text)).toEqual([
      'year,DEPLOYMENTS,PAGE_VIEWS,MAILBOXES,CITRIX_USERS,SUPPORT_TICKETS,TECHNICAL_TICKETS,MONITORED_HOSTS,VIRTUAL_SERVERS',
      '2006,,179838240,1872,1693,,,102,0',
      '2011,38,741235200,3250,2479,1497,1214,215,190',
      '2016,62,1071189804,4807,3729,4326,2599,302,257',
      '2017,88,1327647294,3509,3757,4183,3109,288,291',
      '2018,77,860979432,3974,3364,4490,3190,256,270',
    ]);
  });

  it('exports indicator points in long form, quoting what needs quoting', async () => {
    const { text } = await get('/export/indicators.csv?from=2017&to=2018');
    const rows = lines(text);
    expect(rows[0]).toBe('indicator,label,unit,year,value,change,source');
    expect(rows).toHaveLength(1 + 8 * 2);
    expect(rows).toContain(`DEPLOYMENTS,Mises en Production,mises en production,2018,77,-0.125,"Rapport d'activité SII 2018, tableau de synthèse"`);
  });

  it('has a French variant: semicolons, decimal commas and a UTF-8 BOM, also reachable as ?sep=semicolon', async () => {
    const french = await get('/export/indicators.fr.csv?from=2018');
    expect([...french.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(french.headers.get('content-disposition')).toBe('attachment; filename="indicators.fr.csv"');
    const rows = lines(french.text);
    expect(rows[0]).toBe('indicator;label;unit;year;value;change;source');
    expect(rows).toContain("DEPLOYMENTS;Mises en Production;mises en production;2018;77;-0,125;Rapport d'activité SII 2018, tableau de synthèse");
    expect(rows).toContain('MONITORED_HOSTS;Hôtes supervisés;hôtes;2018;256;-0,1111111111111111;Rapport d\'activité SII 2018, tableau de synthèse');
    const viaParameter = await get('/export/indicators.csv?from=2018&sep=semicolon');
    expect(viaParameter.text).toBe(french.text);
  });

  it('exports 2018 deployments by application with names from the catalogue', async () => {
    const { text } = await get('/export/deployments-by-application.csv?year=2018');
    const rows = lines(text);
    expect(rows[0]).toBe('year,application_id,application_name,domain_code,count');
    expect(rows[1]).toBe('2018,cms,CMS,HSA,10');
    expect(rows).toHaveLength(21);
    expect(rows.slice(1).reduce((sum, row) => sum + Number(row.split(',').at(-1)), 0)).toBe(73);
  });

  it('exports ticket volume by month with ISO dates', async () => {
    const rows = lines((await get('/export/ticket-volume.csv?year=2026&groupBy=month')).text);
    expect(rows[0]).toBe('year,group_by,key,member_code,member_name,month,period_start,queue,kind,is_total,count');
    expect(rows[2]).toBe('2026,MONTH,2026-02,,,2,2026-02-01,,,false,2');
    expect(rows.at(-1)).toBe('2026,MONTH,TOTAL,,,,,,,true,3');
  });
});

describe('export authorisation: the same token, the same rules as GraphQL', () => {
  const BY_MEMBER = '/export/ticket-volume.json?year=2026&groupBy=MEMBER';
  const keys = (body: string) => JSON.parse(body).rows.map((row: { key: string; count: number }) => [row.key, row.count]);

  it('gives staff every member, an agent its own row and the total, a reader the total', async () => {
    expect(keys((await get(BY_MEMBER, tokenFor('SII_STAFF'))).text)).toEqual([
      ['BOBIGNY', 2],
      ['SYREC', 1],
      ['TOTAL', 3],
    ]);
    expect(keys((await get(BY_MEMBER, tokenFor('MEMBER_AGENT', 'SYREC'))).text)).toEqual([
      ['SYREC', 1],
      ['TOTAL', 3],
    ]);
    expect(keys((await get(BY_MEMBER, tokenFor('READER'))).text)).toEqual([['TOTAL', 3]]);
    expect(keys((await get(BY_MEMBER)).text)).toEqual([['TOTAL', 3]]);
  });

  it('refuses a bad token with 401 JSON', async () => {
    const { status, text } = await get(BY_MEMBER, 'not-a-jwt');
    expect(status).toBe(401);
    expect(JSON.parse(text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('never caches a per-caller answer', async () => {
    const { headers } = await get(BY_MEMBER, tokenFor('SII_STAFF'));
    expect(headers.get('cache-control')).toBe('no-store');
    expect(headers.get('vary')).toMatch(/authorization/i);
  });
});

describe('export JSON and errors', () => {
  it('wraps rows with the export name, parameters, columns and an ISO timestamp', async () => {
    const { status, headers, text } = await get('/export/deployments-by-application.json?year=2018');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^application\/json/);
    const body = JSON.parse(text);
    expect(body).toMatchObject({ export: 'deployments-by-application', parameters: { year: 2018 }, columns: ['year', 'application_id', 'application_name', 'domain_code', 'count'] });
    expect(new Date(body.generatedAt).toISOString()).toBe(body.generatedAt);
    expect(body.rows[0]).toEqual({ year: 2018, application_id: 'cms', application_name: 'CMS', domain_code: 'HSA', count: 10 });
  });

  it('lists the exports at /export', async () => {
    const body = JSON.parse((await get('/export')).text);
    expect(body.exports.map((e: { name: string }) => e.name)).toEqual(['indicators', 'indicator-table', 'deployments-by-application', 'ticket-volume', 'reconciliation', 'changes']);
  });

  it('answers an unknown export with 404 JSON', async () => {
    const { status, text } = await get('/export/salaries.csv');
    expect(status).toBe(404);
    expect(JSON.parse(text).errors[0].extensions.code).toBe('NOT_FOUND');
    expect((await get('/export/indicators.xls')).status).toBe(404);
  });

  it.each([
    ['/export/deployments-by-application.csv', /year is required/],
    ['/export/deployments-by-application.csv?year=twenty', /four-digit year/],
    ['/export/ticket-volume.csv?year=2018&groupBy=WEEK', /groupBy must be one of/],
    ['/export/ticket-volume.csv?year=2018', /groupBy is required/],
    ['/export/indicators.csv?colour=blue', /Unknown parameter colour/],
    ['/export/indicators.csv?sep=tab', /sep must be comma or semicolon/],
    ['/export/indicators.csv?from=2018&from=2017', /more than once/],
    ['/export/indicators.csv?from=2018&to=2011', /from must not be after to/],
    ['/export/indicators.json?sep=semicolon', /only applies to CSV/],
  ])('answers %s with 400 JSON and a code', async (path, message) => {
    const { status, text } = await get(path);
    expect(status).toBe(400);
    const error = JSON.parse(text).errors[0];
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(message);
  });
});
