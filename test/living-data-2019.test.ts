import path from 'node:path';
import { PROJECT_ROOT } from '../lib/paths';
import { runIntake } from '../scripts/intake/run';
import { generateReport } from '../scripts/report';
import { countSqlStatements, graphql, startTestHub, tokenFor, type TestHub } from './support/hub';

/** After the 2019 sample is loaded: the report and the reconciliation for 2019, the audit trail through the graph and its export. */
let hub: TestHub;
let runId: string | null;
beforeAll(async () => {
  hub = await startTestHub();
  const result = await runIntake({ file: path.join(PROJECT_ROOT, 'intake', 'samples', '2019.sample.yaml'), dryRun: false, databaseUrl: hub.database.url });
  if (result.problems.length > 0) throw new Error(`the sample has problems: ${JSON.stringify(result.problems)}`);
  runId = result.runId;
});
afterAll(() => hub?.stop());

const staff = tokenFor('SII_STAFF');

describe('npm run report -- --year 2019 after the sample', () => {
  it('prints the 2019 row, the 2019 deployments table and the discrepancy of the sample’s figures', async () => {
    const report = await generateReport({ url: hub.url, year: 2019 });
    expect(report).toContain('| 2019 | 81 | 912 345 678 | 4021 | 3402 | 4612 | 3244 | 261 | 283 |');
    expect(report).toContain('#### B.7. Les Mises en Production en 2019');
    expect(report).toContain('| PORTAIL FAMILLE | 2 |');
    expect(report).toContain('| FINANCES | 12 |');
    expect(report).toContain('| **TOTAL** | **71** |');
    expect(report).toContain('| Mises en Production | 81 | 71 | -10 |');
  });

  it('reconciliation(year: 2019) compares the sample’s figure with the deployments it recorded', async () => {
    const { data, errors } = await graphql(hub.url, `{ reconciliation(year: 2019) { indicator reported recorded difference source } }`);
    expect(errors).toBeUndefined();
    expect(data.reconciliation).toEqual([{ indicator: 'DEPLOYMENTS', reported: 81, recorded: 71, difference: -10, source: expect.stringMatching(/^SAMPLE DATA, not report figures/) }]);
  });

  it('the sample’s figures say where they come from', async () => {
    const { data } = await graphql(hub.url, `{ indicator(code: DEPLOYMENTS) { series(from: 2019) { value provenance { kind document checksum note recordedBy } } } }`);
    expect(data.indicator.series[0]).toMatchObject({ value: 81, provenance: { kind: 'INTAKE', recordedBy: 'npm run intake', note: expect.stringMatching(/^SAMPLE DATA/) } });
    expect(data.indicator.series[0].provenance.document).toMatch(/2019\.sample\.yaml$/);
  });
});

describe('the audit trail', () => {
  it('changes(since:) pages newest first with stable cursors; since is inclusive', async () => {
    const page = async (after?: string) =>
      (await graphql(hub.url, `query($after: String) { changes(first: 25, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id at } } } }`, { after }, staff)).data.changes;
    const first = await page();
    expect(first.totalCount).toBeGreaterThan(50);
    const second = await page(first.pageInfo.endCursor);
    const all = [...first.edges, ...second.edges].map((edge: { node: { id: string; at: string } }) => edge.node);
    expect(new Set(all.map((node) => node.id)).size).toBe(50);
    const times = all.map((node) => Date.parse(node.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const newest = all[0].at;
    const since = await graphql(hub.url, `query($since: DateTime) { changes(since: $since) { totalCount edges { node { at } } } }`, { since: newest }, staff);
    expect(since.data.changes.totalCount).toBeGreaterThanOrEqual(1);
    expect(since.data.changes.edges.every((edge: { node: { at: string } }) => Date.parse(edge.node.at) >= Date.parse(newest))).toBe(true);
  });

  it('shows the intake as the actor, with the file and its checksum', async () => {
    const { data } = await graphql(hub.url, `{ changes(entity: "Delegate") { edges { node { action requestId actor { kind subject document checksum } } } } }`, {}, staff);
    const byIntake = data.changes.edges.map((edge: { node: unknown }) => edge.node).filter((node: { requestId: string }) => node.requestId === runId);
    expect(byIntake.map((node: { action: string }) => node.action).sort()).toEqual(['CREATE', 'DELETE']);
    expect(byIntake[0].actor).toMatchObject({ kind: 'INTAKE', subject: 'npm run intake', checksum: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('is SII_STAFF only; a bad cursor is BAD_USER_INPUT', async () => {
    const query = `{ changes { totalCount } }`;
    expect((await graphql(hub.url, query)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await graphql(hub.url, query, {}, tokenFor('MEMBER_AGENT', 'BOBIGNY'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await graphql(hub.url, query, {}, tokenFor('READER'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const bad = await graphql(hub.url, `{ changes(after: "nope") { totalCount } }`, {}, staff);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('changes on a list of members costs the same statements as on one', async () => {
    const one = await countSqlStatements(() => graphql(hub.url, `{ member(code: "BOBIGNY") { code changes(first: 5) { totalCount } } }`, {}, staff));
    const all = await countSqlStatements(() => graphql(hub.url, `{ members { code changes(first: 5) { totalCount } } }`, {}, staff));
    expect(all.result.errors).toBeUndefined();
    expect(all.result.data.members).toHaveLength(6);
    expect(all.statements.filter((sql) => sql.includes('"change"'))).toHaveLength(one.statements.filter((sql) => sql.includes('"change"')).length);
    expect(all.statements.filter((sql) => sql.includes('"change"')).length).toBeLessThanOrEqual(2);
  });
});

describe('/export/changes.csv', () => {
  const base = () => hub.url.replace(/\/graphql$/, '');
  it('exports every change of an entity for SII_STAFF, as CSV, French CSV and JSON', async () => {
    const csv = await fetch(`${base()}/export/changes.csv?entity=Application&id=olfeo`, { headers: { authorization: `Bearer ${staff}` } });
    expect(csv.status).toBe(200);
    const text = await csv.text();
    const [header, ...rows] = text.trim().split('\r\n');
    expect(header).toBe('at,subgraph,entity,entity_id,action,fields,actor_kind,actor_subject,actor_role,actor_document,actor_checksum,request_id,before,after,change_id');
    // Newest first: the intake's retirement, then the seed's creation of the report's row.
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/,catalogue,Application,olfeo,UPDATE,(retiredOn version|version retiredOn),INTAKE,npm run intake,/);
    expect(rows[1]).toMatch(/,catalogue,Application,olfeo,CREATE,.*,SEED,seed report-2018,/);
    const json = (await (await fetch(`${base()}/export/changes.json?since=2000-01-01`, { headers: { authorization: `Bearer ${staff}` } })).json()) as { rows: unknown[] };
    const total = (await graphql(hub.url, `{ changes(since: "2000-01-01T00:00:00Z") { totalCount } }`, {}, staff)).data.changes.totalCount;
    // More than one page of the connection: the export follows every page.
    expect(total).toBeGreaterThan(50);
    expect(json.rows).toHaveLength(total);
    const french = await fetch(`${base()}/export/changes.fr.csv?entity=Delegate`, { headers: { authorization: `Bearer ${staff}` } });
    expect(french.status).toBe(200);
  });

  it('refuses others and bad parameters', async () => {
    expect((await fetch(`${base()}/export/changes.csv`)).status).toBe(401);
    expect((await fetch(`${base()}/export/changes.csv`, { headers: { authorization: `Bearer ${tokenFor('READER')}` } })).status).toBe(403);
    expect((await fetch(`${base()}/export/changes.csv?since=yesterday`, { headers: { authorization: `Bearer ${staff}` } })).status).toBe(400);
  });
});
