import { graphql, startTestHub, tokenFor, type TestHub } from './support/hub';

/** recordIndicatorValue: optimistic locking, provenance, history, audit entries (issue 13). */
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

const staff = tokenFor('SII_STAFF');
const RECORD = `mutation Record($input: RecordIndicatorValueInput!) {
  recordIndicatorValue(input: $input) { year value change source version provenance { kind recordedBy note document section } history { version value provenance { kind document section } } }
}`;
const POINT = `query Point($code: IndicatorCode!) {
  indicator(code: $code) { series { year value version source provenance { kind document section recordedBy } history { version value supersededAt } } }
}`;

describe('seeded figures', () => {
  it('carry the 2018 report’s synthesis table as provenance, version 1, no history', async () => {
    const { data, errors } = await graphql(hub.url, POINT, { code: 'DEPLOYMENTS' });
    expect(errors).toBeUndefined();
    const point2018 = data.indicator.series.find((point: { year: number }) => point.year === 2018);
    expect(point2018).toEqual({
      year: 2018,
      value: 77,
      version: 1,
      source: expect.any(String),
      provenance: { kind: 'REPORT', document: 'Rapport d’activité SII 2018', section: 'III.A Tableau de synthèse des données techniques', recordedBy: null },
      history: [],
    });
  });
});

describe('recordIndicatorValue', () => {
  it('records a new year, then replaces it only with the version read, keeping the history and the audit trail', async () => {
    const created = await graphql(hub.url, RECORD, { input: { indicator: 'MAILBOXES', year: 2019, value: 4000 } }, staff);
    expect(created.errors).toBeUndefined();
    expect(created.data.recordIndicatorValue).toMatchObject({
      year: 2019,
      value: 4000,
      version: 1,
      change: (4000 - 3974) / 3974,
      provenance: { kind: 'MUTATION', recordedBy: 'sii_staff@test' },
      history: [],
    });

    // No expectedVersion while a figure exists: CONFLICT, nothing written.
    const blind = await graphql(hub.url, RECORD, { input: { indicator: 'MAILBOXES', year: 2019, value: 4100 } }, staff);
    expect(blind.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 1 });
    const stale = await graphql(hub.url, RECORD, { input: { indicator: 'MAILBOXES', year: 2019, value: 4100, expectedVersion: 2 } }, staff);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 1 });

    const replaced = await graphql(hub.url, RECORD, { input: { indicator: 'MAILBOXES', year: 2019, value: 4010, expectedVersion: 1, note: 'recount' } }, staff);
    expect(replaced.errors).toBeUndefined();
    expect(replaced.data.recordIndicatorValue).toMatchObject({ value: 4010, version: 2, provenance: { kind: 'MUTATION', note: 'recount' } });
    expect(replaced.data.recordIndicatorValue.history).toEqual([{ version: 1, value: 4000, provenance: { kind: 'MUTATION', document: null, section: null } }]);

    const changes = await graphql(
      hub.url,
      `{ changes(entity: "DataPoint", id: "MAILBOXES:2019") { totalCount edges { node { action fields before after actor { kind subject role } subgraph entity entityId } } } }`,
      {},
      staff,
    );
    expect(changes.errors).toBeUndefined();
    expect(changes.data.changes.totalCount).toBe(2);
    const [update, create] = changes.data.changes.edges.map((edge: { node: unknown }) => edge.node);
    expect(create).toMatchObject({ action: 'CREATE', subgraph: 'metrics', entity: 'DataPoint', entityId: 'MAILBOXES:2019', after: { value: 4000, version: 1 } });
    expect(update).toMatchObject({ action: 'UPDATE', before: { value: 4000, version: 1 }, after: { value: 4010, version: 2 }, actor: { kind: 'USER', subject: 'sii_staff@test', role: 'SII_STAFF' } });
    expect(update.fields).toEqual(expect.arrayContaining(['value', 'version', 'provenance', 'source']));
  });

  it('replacing a figure printed in the 2018 report keeps the printed one in the history', async () => {
    const replaced = await graphql(hub.url, RECORD, { input: { indicator: 'CITRIX_USERS', year: 2018, value: 3365, expectedVersion: 1 } }, staff);
    expect(replaced.errors).toBeUndefined();
    expect(replaced.data.recordIndicatorValue.history).toEqual([
      { version: 1, value: 3364, provenance: { kind: 'REPORT', document: 'Rapport d’activité SII 2018', section: 'III.A Tableau de synthèse des données techniques' } },
    ]);
  });

  it.each([
    ['a future year', { indicator: 'MAILBOXES', year: new Date().getUTCFullYear() + 1, value: 1 }, 'year'],
    ['a year before the SII', { indicator: 'MAILBOXES', year: 1960, value: 1 }, 'year'],
    ['a negative value', { indicator: 'MAILBOXES', year: 2015, value: -1 }, 'value'],
    ['a fraction', { indicator: 'MAILBOXES', year: 2015, value: 1.5 }, 'value'],
    ['a zero version', { indicator: 'MAILBOXES', year: 2015, value: 1, expectedVersion: 0 }, 'expectedVersion'],
    ['a long note', { indicator: 'MAILBOXES', year: 2015, value: 1, note: 'x'.repeat(501) }, 'note'],
  ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_case, input, field) => {
    const before = await graphql(hub.url, `{ changes(entity: "DataPoint") { totalCount } }`, {}, staff);
    const response = await graphql(hub.url, RECORD, { input }, staff);
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    const after = await graphql(hub.url, `{ changes(entity: "DataPoint") { totalCount } }`, {}, staff);
    expect(after.data.changes.totalCount).toBe(before.data.changes.totalCount);
    const point = await graphql(hub.url, `{ indicator(code: MAILBOXES) { value(year: 2015) } }`);
    expect(point.data.indicator.value).toBeNull();
  });

  it('is for SII_STAFF only', async () => {
    const input = { indicator: 'MAILBOXES', year: 2015, value: 1 };
    expect((await graphql(hub.url, RECORD, { input })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await graphql(hub.url, RECORD, { input }, tokenFor('MEMBER_AGENT', 'BOBIGNY'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await graphql(hub.url, RECORD, { input }, tokenFor('READER'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
