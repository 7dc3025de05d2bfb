import { graphql, startTestHub, tokenFor, type TestHub } from './support/hub';

/** Applications after 2018: added, renamed, retired (issue 13). */
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

const staff = tokenFor('SII_STAFF');
const ADD = `mutation Add($input: AddApplicationInput!) { addApplication(input: $input) { id name aliases version retiredOn domain { code } } }`;
const UPDATE = `mutation Update($input: UpdateApplicationInput!) { updateApplication(input: $input) { id name aliases version domain { code } } }`;
const RETIRE = `mutation Retire($input: RetireApplicationInput!) { retireApplication(input: $input) { id version retiredOn } }`;
const changesOf = async (id: string) =>
  (await graphql(hub.url, `query C($id: ID) { changes(entity: "Application", id: $id) { totalCount edges { node { action before after actor { kind subject role } } } } }`, { id }, staff)).data
    .changes;

describe('addApplication', () => {
  it('adds an application with a slug id, findable by search, with an audit entry', async () => {
    const added = await graphql(hub.url, ADD, { input: { name: 'Portail Famille', domainCode: 'enf', aliases: ['PORTAIL FAMILLE', 'portail famille', 'PF'] } }, staff);
    expect(added.errors).toBeUndefined();
    expect(added.data.addApplication).toEqual({ id: 'portail-famille', name: 'Portail Famille', aliases: ['PF'], version: 1, retiredOn: null, domain: { code: 'ENF' } });
    const found = await graphql(hub.url, `{ applications(search: "portail") { id } }`);
    expect(found.data.applications[0]).toEqual({ id: 'portail-famille' });
    const changes = await changesOf('portail-famille');
    expect(changes.totalCount).toBe(1);
    expect(changes.edges[0].node).toMatchObject({ action: 'CREATE', before: null, after: { name: 'Portail Famille', domainCode: 'ENF', version: 1 }, actor: { kind: 'USER', role: 'SII_STAFF' } });
  });

  it.each([
    ['an empty name', { name: '  ', domainCode: 'FIN' }, 'BAD_USER_INPUT', 'name'],
    ['an unknown domain', { name: 'Nouvelle', domainCode: 'ZZZ' }, 'BAD_USER_INPUT', 'domainCode'],
    ['another application’s name (accents aside)', { name: 'melodie', domainCode: 'CIV' }, 'BAD_USER_INPUT', 'name'],
    ['another application’s alias as alias', { name: 'Nouvelle', domainCode: 'FIN', aliases: ['SIGF'] }, 'BAD_USER_INPUT', 'aliases'],
    ['a bad id', { id: 'Not A Slug', name: 'Nouvelle', domainCode: 'FIN' }, 'BAD_USER_INPUT', 'id'],
    ['a taken id', { id: 'cms', name: 'Nouvelle', domainCode: 'FIN' }, 'CONFLICT', 'id'],
  ])('refuses %s, writing nothing', async (_case, input, code, field) => {
    const before = (await graphql(hub.url, `{ changes(entity: "Application") { totalCount } }`, {}, staff)).data.changes.totalCount;
    const response = await graphql(hub.url, ADD, { input }, staff);
    expect(response.errors?.[0].extensions).toMatchObject({ code, field });
    expect((await graphql(hub.url, `{ changes(entity: "Application") { totalCount } }`, {}, staff)).data.changes.totalCount).toBe(before);
    expect((await graphql(hub.url, `{ application(id: "nouvelle") { id } }`)).data.application).toBeNull();
  });
});

describe('updateApplication', () => {
  it('renames with the version read, keeping the old name as an alias; a stale version is CONFLICT', async () => {
    const renamed = await graphql(hub.url, UPDATE, { input: { id: 'gepel', expectedVersion: 1, name: 'Gepel 2' } }, staff);
    expect(renamed.errors).toBeUndefined();
    expect(renamed.data.updateApplication).toEqual({ id: 'gepel', name: 'Gepel 2', aliases: ['Gepel'], version: 2, domain: { code: 'COM' } });
    const stale = await graphql(hub.url, UPDATE, { input: { id: 'gepel', expectedVersion: 1, domainCode: 'TRA' } }, staff);
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    const changes = await changesOf('gepel');
    // Newest first: the rename, then the seed's creation of the report's row.
    expect(changes.totalCount).toBe(2);
    expect(changes.edges[0].node).toMatchObject({ action: 'UPDATE', before: { name: 'Gepel', aliases: [], version: 1 }, after: { name: 'Gepel 2', aliases: ['Gepel'], version: 2 } });
    expect(changes.edges[1].node).toMatchObject({ action: 'CREATE', before: null, after: { name: 'Gepel' } });
    // Still found by its old name.
    expect((await graphql(hub.url, `{ applications(search: "gepel") { id } }`)).data.applications).toEqual([{ id: 'gepel' }]);
  });

  it('answers NOT_FOUND for an unknown id and FORBIDDEN to others than SII_STAFF', async () => {
    expect((await graphql(hub.url, UPDATE, { input: { id: 'nope', expectedVersion: 1, name: 'X' } }, staff)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await graphql(hub.url, UPDATE, { input: { id: 'gepel', expectedVersion: 2, name: 'X' } }, tokenFor('MEMBER_AGENT', 'BOBIGNY'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await graphql(hub.url, UPDATE, { input: { id: 'gepel', expectedVersion: 2, name: 'X' } })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('retireApplication', () => {
  it('takes the application out of the lists, while its 2018 deployment still resolves it', async () => {
    const retired = await graphql(hub.url, RETIRE, { input: { id: 'olfeo', expectedVersion: 1, retiredOn: '2019-12-31' } }, staff);
    expect(retired.errors).toBeUndefined();
    expect(retired.data.retireApplication).toEqual({ id: 'olfeo', version: 2, retiredOn: '2019-12-31' });
    const lists = await graphql(hub.url, `{ applications { id } all: applications(includeRetired: true) { id } domain(code: "TRA") { applications { id } withRetired: applications(includeRetired: true) { id } } }`);
    expect(lists.data.applications.map((a: { id: string }) => a.id)).not.toContain('olfeo');
    expect(lists.data.all.map((a: { id: string }) => a.id)).toContain('olfeo');
    expect(lists.data.domain.applications.map((a: { id: string }) => a.id)).not.toContain('olfeo');
    expect(lists.data.domain.withRetired.map((a: { id: string }) => a.id)).toContain('olfeo');
    const deployments = await graphql(hub.url, `{ deployments(year: 2018, applicationId: "olfeo") { edges { node { application { id name retiredOn } } } } }`);
    expect(deployments.errors).toBeUndefined();
    expect(deployments.data.deployments.edges[0].node.application).toEqual({ id: 'olfeo', name: 'Olfeo', retiredOn: '2019-12-31' });
  });

  it('refuses a date that is not one', async () => {
    const response = await graphql(hub.url, RETIRE, { input: { id: 'cms', expectedVersion: 1, retiredOn: '2019-02-30' } }, staff);
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'retiredOn' });
  });
});

describe('changes on entities', () => {
  it('is SII_STAFF only: others get FORBIDDEN on the field, the rest of the answer intact', async () => {
    const asReader = await graphql(hub.url, `{ application(id: "gepel") { id changes { totalCount } } }`, {}, tokenFor('READER'));
    expect(asReader.data.application).toEqual({ id: 'gepel', changes: null });
    expect(asReader.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const asStaff = await graphql(hub.url, `{ application(id: "gepel") { changes(first: 1) { totalCount edges { node { action } } } } }`, {}, staff);
    expect(asStaff.data.application.changes).toEqual({ totalCount: 2, edges: [{ node: { action: 'UPDATE' } }] });
  });
});
