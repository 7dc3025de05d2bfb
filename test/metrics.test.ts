import { Client } from 'pg';
import { countSqlStatements, graphql, startTestHub, tokenFor, type TestHub } from './support/hub';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

const SOURCE = "Rapport d'activité SII 2018, tableau de synthèse";

/** The report's "Tableau de synthèse des données techniques", as printed (blank → null). */
const TABLE: Record<string, (number | null)[]> = {
  DEPLOYMENTS: [null, 38, 62, 88, 77],
  PAGE_VIEWS: [179838240, 741235200, 1071189804, 1327647294, 860979432],
  MAILBOXES: [1872, 3250, 4807, 3509, 3974],
  CITRIX_USERS: [1693, 2479, 3729, 3757, 3364],
  SUPPORT_TICKETS: [null, 1497, 4326, 4183, 4490],
  TECHNICAL_TICKETS: [null, 1214, 2599, 3109, 3190],
  MONITORED_HOSTS: [102, 215, 302, 288, 256],
  VIRTUAL_SERVERS: [0, 190, 257, 291, 270],
};
const YEARS = [2006, 2011, 2016, 2017, 2018];

describe('indicators seeded from the 2018 report', () => {
  it('holds the synthesis table exactly: blank cells are null, printed zeros are 0, every point has its source', async () => {
    const { data, errors } = await graphql(hub.url, '{ indicators { code label unit series { year value source } } }');
    expect(errors).toBeUndefined();
    expect(data.indicators.map((indicator: { code: string }) => indicator.code)).toEqual(Object.keys(TABLE));
    for (const indicator of data.indicators) {
      expect({ code: indicator.code, series: indicator.series }).toEqual({
        code: indicator.code,
        series: YEARS.map((year, index) => ({ year, value: TABLE[indicator.code][index], source: SOURCE })),
      });
    }
    const labels = Object.fromEntries(data.indicators.map((indicator: { code: string; label: string }) => [indicator.code, indicator.label]));
    expect(labels.DEPLOYMENTS).toBe('Mises en Production');
    expect(labels.VIRTUAL_SERVERS).toBe('Serveurs virtuels');
  });

  it('tells a real zero from a missing figure in 2006', async () => {
    const { data } = await graphql(
      hub.url,
      `{ v: indicator(code: VIRTUAL_SERVERS) { value(year: 2006) }
         d: indicator(code: DEPLOYMENTS) { value(year: 2006) }
         s: indicator(code: SUPPORT_TICKETS) { value(year: 2006) }
         t: indicator(code: TECHNICAL_TICKETS) { value(year: 2006) } }`,
    );
    expect(data).toEqual({ v: { value: 0 }, d: { value: null }, s: { value: null }, t: { value: null } });
  });

  it('serves page views as exact floats, whose sums pass 2^31', async () => {
    const { data } = await graphql(hub.url, '{ indicator(code: PAGE_VIEWS) { value(year: 2017) series { value } } }');
    expect(data.indicator.value).toBe(1327647294);
    const sum = data.indicator.series.reduce((total: number, point: { value: number }) => total + point.value, 0);
    expect(sum).toBe(4180889970);
    expect(sum).toBeGreaterThan(2 ** 31);
  });

  it('answers value(year) with null for a year the report does not cover', async () => {
    const { data } = await graphql(hub.url, '{ indicator(code: MAILBOXES) { a: value(year: 2012) b: value(year: 2018) } }');
    expect(data.indicator).toEqual({ a: null, b: 3974 });
  });

  it('computes change from the previous reported point, null when either is missing or the previous is 0', async () => {
    const { data } = await graphql(
      hub.url,
      `{ d: indicator(code: DEPLOYMENTS) { series { year value change } }
         v: indicator(code: VIRTUAL_SERVERS) { series { year change } } }`,
    );
    const change = Object.fromEntries(data.d.series.map((point: { year: number; change: number | null }) => [point.year, point.change]));
    expect(change[2006]).toBeNull(); // first point
    expect(change[2011]).toBeNull(); // previous (2006) not reported
    expect(change[2016]).toBeCloseTo((62 - 38) / 38, 12); // previous reported point is 2011, not 2015
    expect(change[2017]).toBeCloseTo((88 - 62) / 62, 12);
    expect(change[2018]).toBeCloseTo(-0.125, 12);
    const virtual = Object.fromEntries(data.v.series.map((point: { year: number; change: number | null }) => [point.year, point.change]));
    expect(virtual[2011]).toBeNull(); // 0 → 190 has no finite relative change
    expect(virtual[2016]).toBeCloseTo((257 - 190) / 190, 12);
  });

  it('filters series by from/to and keeps the change from a point before the window', async () => {
    const { data } = await graphql(hub.url, '{ indicator(code: DEPLOYMENTS) { series(from: 2017, to: 2018) { year value change } } }');
    expect(data.indicator.series).toHaveLength(2);
    expect(data.indicator.series[0]).toMatchObject({ year: 2017, value: 88 });
    expect(data.indicator.series[0].change).toBeCloseTo(26 / 62, 12);
    const { data: only } = await graphql(hub.url, '{ indicator(code: DEPLOYMENTS) { series(from: 2012) { year } } }');
    expect(only.indicator.series.map((point: { year: number }) => point.year)).toEqual([2016, 2017, 2018]);
  });

  it('refuses an inverted or absurd range with BAD_USER_INPUT', async () => {
    const inverted = await graphql(hub.url, '{ indicator(code: DEPLOYMENTS) { series(from: 2018, to: 2011) { year } } }');
    expect(inverted.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const absurd = await graphql(hub.url, '{ indicator(code: DEPLOYMENTS) { value(year: 99999) } }');
    expect(absurd.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = await graphql(hub.url, '{ indicator(code: COFFEE) { label } }');
    expect(unknown.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('reads every indicator’s series in a constant number of statements', async () => {
    const { statements } = await countSqlStatements(() => graphql(hub.url, '{ indicators { code series { year value change } value(year: 2018) } }'));
    const metrics = statements.filter((sql) => sql.includes('"metrics"') || sql.includes('indicator'));
    expect(metrics.length).toBeLessThanOrEqual(2);
  });
});

describe('deployments over operations’ records', () => {
  it('counts 2018 deployments per application with GROUP BY: 20 applications, 73 in all', async () => {
    const { result, statements } = await countSqlStatements(() =>
      graphql(hub.url, '{ deploymentsByApplication(year: 2018) { application { id name } count } }'),
    );
    expect(result.errors).toBeUndefined();
    const rows = result.data.deploymentsByApplication;
    expect(rows).toHaveLength(20);
    expect(rows.reduce((sum: number, row: { count: number }) => sum + row.count, 0)).toBe(73);
    expect(rows[0]).toEqual({ application: { id: 'cms', name: 'CMS' }, count: 10 });
    expect(rows).toContainEqual({ application: { id: 'e-parapheur', name: 'E-parapheur' }, count: 1 });
    expect(rows).toContainEqual({ application: { id: 'grh', name: 'Grh' }, count: 8 });
    const aggregate = statements.filter((sql) => sql.includes('deployment_record'));
    expect(aggregate).toHaveLength(1);
    expect(aggregate[0]).toMatch(/group by application_id/i);
  });

  it('is empty for a year without deployments', async () => {
    const { data } = await graphql(hub.url, '{ deploymentsByApplication(year: 2017) { count } }');
    expect(data.deploymentsByApplication).toEqual([]);
  });

  it('adds Application.deploymentCount(year), batched into one GROUP BY for every application', async () => {
    const { result, statements } = await countSqlStatements(() =>
      graphql(hub.url, '{ applications { id deploymentCount(year: 2018) before: deploymentCount(year: 2017) } }'),
    );
    expect(result.errors).toBeUndefined();
    const counts = Object.fromEntries(result.data.applications.map((a: { id: string; deploymentCount: number }) => [a.id, a.deploymentCount]));
    expect(counts.cms).toBe(10);
    expect(counts.melodie).toBe(3);
    expect(counts.annuaire ?? 0).toBe(0);
    expect(Object.values(counts).reduce((sum: number, n) => sum + (n as number), 0)).toBe(73);
    expect(result.data.applications.every((a: { before: number }) => a.before === 0)).toBe(true);
    const aggregate = statements.filter((sql) => sql.includes('deployment_record'));
    expect(aggregate).toHaveLength(1);
    expect(aggregate[0]).toMatch(/group by application_id, year/i);
  });
});

describe('reconciliation', () => {
  it('shows 2018 deployments: reported 77, recorded 73, difference −4; tickets are not covered without records', async () => {
    const { data, errors } = await graphql(
      hub.url,
      '{ reconciliation(year: 2018) { indicator label year reported recorded difference relativeDifference source } }',
    );
    expect(errors).toBeUndefined();
    expect(data.reconciliation).toEqual([
      {
        indicator: 'DEPLOYMENTS',
        label: 'Mises en Production',
        year: 2018,
        reported: 77,
        recorded: 73,
        difference: -4,
        relativeDifference: -4 / 77,
        source: SOURCE,
      },
    ]);
  });

  it('lists nothing for a year without operational records', async () => {
    const { data } = await graphql(hub.url, '{ a: reconciliation(year: 2017) { indicator } b: reconciliation(year: 2030) { indicator } }');
    expect(data).toEqual({ a: [], b: [] });
  });

  it('is public', async () => {
    const { data, errors } = await graphql(hub.url, '{ reconciliation(year: 2018) { difference } }', {}, tokenFor('READER'));
    expect(errors).toBeUndefined();
    expect(data.reconciliation).toEqual([{ difference: -4 }]);
  });
});

describe('availability rates', () => {
  const SERIES = '{ availability { platform label points { year rate source } } }';

  it('lists the six platforms of the report, none with an invented figure', async () => {
    const { data, errors } = await graphql(hub.url, SERIES);
    expect(errors).toBeUndefined();
    expect(data.availability.map((series: { platform: string }) => series.platform)).toEqual([
      'ORACLE',
      'INTERNET',
      'NETWORK',
      'CITRIX',
      'WINDOWS',
      'APPLI_WEB',
    ]);
    expect(data.availability.every((series: { points: unknown[] }) => series.points.length === 0)).toBe(true);
  });

  const RECORD = 'mutation R($input: RecordAvailabilityInput!) { recordAvailability(input: $input) { platform year rate source recordedAt } }';

  it('is recorded by SII staff only, validated, and corrected by recording the year again', async () => {
    const input = { platform: 'ORACLE', year: 2019, rate: 99.95, source: 'Tableau de bord production 2019' };
    expect((await graphql(hub.url, RECORD, { input })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await graphql(hub.url, RECORD, { input }, tokenFor('MEMBER_AGENT', 'BOBIGNY'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await graphql(hub.url, RECORD, { input }, tokenFor('READER'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    for (const bad of [{ rate: 100.5 }, { rate: -1 }, { rate: 99.12345 }, { year: 1800 }, { year: 2999 }, { source: '  ' }]) {
      const response = await graphql(hub.url, RECORD, { input: { ...input, ...bad } }, tokenFor('SII_STAFF'));
      expect({ bad, code: response.errors?.[0].extensions?.code }).toEqual({ bad, code: 'BAD_USER_INPUT' });
    }
    expect((await graphql(hub.url, SERIES)).data.availability[0].points).toEqual([]);

    const first = await graphql(hub.url, RECORD, { input }, tokenFor('SII_STAFF'));
    expect(first.errors).toBeUndefined();
    expect(first.data.recordAvailability).toMatchObject({ platform: 'ORACLE', year: 2019, rate: 99.95 });
    expect(new Date(first.data.recordAvailability.recordedAt).toISOString()).toBe(first.data.recordAvailability.recordedAt);
    await graphql(hub.url, RECORD, { input: { ...input, rate: 99.9 } }, tokenFor('SII_STAFF'));
    await graphql(hub.url, RECORD, { input: { ...input, year: 2018, rate: 98 } }, tokenFor('SII_STAFF'));
    const { data } = await graphql(hub.url, '{ availability(platform: ORACLE) { points { year rate } } }');
    expect(data.availability).toEqual([{ points: [{ year: 2018, rate: 98 }, { year: 2019, rate: 99.9 }] }]);
  });
});

describe('how metrics reads operations', () => {
  it('goes through read-only views: writes through them are refused', async () => {
    const client = new Client({ connectionString: hub.database.url });
    await client.connect();
    try {
      await expect(client.query(`delete from "metrics"."deployment_record"`)).rejects.toThrow(/read-only/);
      await expect(client.query(`update "metrics"."ticket_record" set queue = 'SUPPORT'`)).resolves.toBeDefined(); // no row, no trigger
      const { rows } = await client.query(`select count(*)::int as n from "operations"."deployment"`);
      expect(rows[0].n).toBe(73);
    } finally {
      await client.end();
    }
  });

  it('grants the reader role SELECT on the metrics schema and nothing on operations or writes (where roles can be created)', async () => {
    const client = new Client({ connectionString: hub.database.url });
    await client.connect();
    try {
      const { rows: me } = await client.query(`select rolsuper or rolcreaterole as may from pg_roles where rolname = current_user`);
      const { rowCount } = await client.query(`select 1 from pg_roles where rolname = 'sii_hub_metrics_reader'`);
      if (!me[0].may && rowCount === 0) return; // the migrating user may not create roles: the migration skipped it
      expect(rowCount).toBe(1);
      await client.query('begin');
      await client.query('set local role sii_hub_metrics_reader');
      const { rows } = await client.query(`select count(*)::int as n from "metrics"."deployment_record"`);
      expect(rows[0].n).toBe(73);
      // The monthly ticket counts too (a later migration's view, granted by it).
      await expect(client.query(`select sum(count) from "metrics"."ticket_volume_record"`)).resolves.toMatchObject({ rowCount: 1 });
      await client.query('savepoint s');
      await expect(client.query(`select count(*) from "operations"."ticket"`)).rejects.toThrow(/permission denied/);
      await client.query('rollback to savepoint s');
      await expect(client.query(`delete from "metrics"."availability"`)).rejects.toThrow(/permission denied/);
    } finally {
      await client.query('rollback').catch(() => undefined);
      await client.end();
    }
  });
});
