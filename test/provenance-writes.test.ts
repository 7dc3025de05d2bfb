import { graphql, startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * A seeded record edited through the graph is no longer what the report (or the hub's default)
 * says: the fields the write changed take the write's provenance, the others keep theirs, so that a
 * BI filter on REPORT leaves the changed fields out.
 */

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
}, 60_000);
afterAll(() => hub?.stop());

const staff = () => tokenFor('SII_STAFF');
const PROVENANCE = 'provenance { kind section recordedBy } fieldProvenance { field provenance { kind section recordedBy recordedAt } }';

const fieldsByName = (record: { fieldProvenance: { field: string; provenance: { kind: string; recordedBy: string | null } }[] }) =>
  Object.fromEntries(record.fieldProvenance.map(({ field, provenance }) => [field, provenance]));

describe('provenance after a write', () => {
  it('marks the fields updateApplication changed as the mutation’s, keeping the record and its other fields the report’s', async () => {
    const before = await graphql(hub.url, `{ application(id: "planitec") { version ${PROVENANCE} } }`);
    expect(before.errors).toBeUndefined();
    expect(before.data.application.provenance.kind).toBe('REPORT');
    expect(before.data.application.fieldProvenance).toEqual([]);

    const { data, errors } = await graphql(
      hub.url,
      `mutation U($input: UpdateApplicationInput!) { updateApplication(input: $input) { name description ${PROVENANCE} } }`,
      { input: { id: 'planitec', expectedVersion: before.data.application.version, description: 'Gestion des équipements sportifs' } },
      staff(),
    );
    expect(errors).toBeUndefined();
    expect(data.updateApplication.provenance).toMatchObject({ kind: 'REPORT', section: 'II.A.4 Liste des applications fournies par le SII' });
    expect(fieldsByName(data.updateApplication)).toEqual({ description: expect.objectContaining({ kind: 'MUTATION', recordedBy: 'sii_staff@test' }) });

    // Read again: stored, not only answered.
    const after = await graphql(hub.url, `{ application(id: "planitec") { description ${PROVENANCE} } }`);
    expect(after.data.application.description).toBe('Gestion des équipements sportifs');
    expect(fieldsByName(after.data.application).description.kind).toBe('MUTATION');
    expect(after.data.application.fieldProvenance[0].provenance.recordedAt).toEqual(expect.any(String));
  });

  it('keeps earlier exceptions when another field changes (a rename of Carte@DS keeps its hub-chosen domain marked)', async () => {
    const { data: read } = await graphql(hub.url, '{ application(id: "cartads") { version } }');
    const { data, errors } = await graphql(
      hub.url,
      `mutation U($input: UpdateApplicationInput!) { updateApplication(input: $input) { name aliases ${PROVENANCE} } }`,
      { input: { id: 'cartads', expectedVersion: read.application.version, name: "Cart'ADS" } },
      staff(),
    );
    expect(errors).toBeUndefined();
    const fields = fieldsByName(data.updateApplication);
    expect(fields.domain.kind).toBe('HUB_CHOICE');
    expect(fields.name.kind).toBe('MUTATION');
    expect(fields.aliases.kind).toBe('MUTATION');
  });

  it('marks the service levels updateSlaPolicy changed as the mutation’s', async () => {
    const { data, errors } = await graphql(
      hub.url,
      `mutation { updateSlaPolicy(priority: CRITICAL, timeToOwnMinutes: 20, timeToResolveMinutes: 240) { priority ${PROVENANCE} } }`,
      {},
      staff(),
    );
    expect(errors).toBeUndefined();
    expect(data.updateSlaPolicy.provenance.kind).toBe('HUB_CHOICE');
    expect(fieldsByName(data.updateSlaPolicy)).toEqual({ timeToOwnMinutes: expect.objectContaining({ kind: 'MUTATION', recordedBy: 'sii_staff@test' }) });
    const { data: read } = await graphql(hub.url, `{ slaPolicies { priority ${PROVENANCE} } }`, {}, staff());
    const critical = read.slaPolicies.find((policy: { priority: string }) => policy.priority === 'CRITICAL');
    expect(fieldsByName(critical).timeToOwnMinutes.kind).toBe('MUTATION');
    const high = read.slaPolicies.find((policy: { priority: string }) => policy.priority === 'HIGH');
    expect(high.fieldProvenance).toEqual([]);
  });

  it('serves a record added through the graph as the mutation’s', async () => {
    const { data, errors } = await graphql(
      hub.url,
      `mutation A($input: AddApplicationInput!) { addApplication(input: $input) { id ${PROVENANCE} } }`,
      { input: { name: 'Ciril Finances', domainCode: 'FIN' } },
      staff(),
    );
    expect(errors).toBeUndefined();
    expect(data.addApplication.provenance.kind).toBe('MUTATION');
  });
});
