import { APPLICATIONS } from '../subgraphs/catalogue/seed/report-2018';
import { countSqlStatements, graphql, startTestHub, type TestHub } from './support/hub';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

/** The selections each subgraph can answer for its own entities. */
const ENTITY_SELECTIONS: Record<string, string> = {
  catalogue: `
    ... on Application { id name domain { code name } }
    ... on Domain { code applications { id } }`,
  governance: `
    ... on Member { id code name delegates { fullName substitute { fullName } } }`,
};

/** What the gateway sends a subgraph to resolve entities: one `_entities` call with every representation. */
async function resolveEntities(subgraph: string, representations: object[]) {
  return countSqlStatements(async () => {
    const query = `query Entities($representations: [_Any!]!) { _entities(representations: $representations) { ${ENTITY_SELECTIONS[subgraph]} } }`;
    const response = await graphql(hub.subgraphs[subgraph].url, query, { representations });
    expect(response.errors).toBeUndefined();
    return response.data._entities as Record<string, unknown>[];
  });
}

describe('federation entities', () => {
  it('resolves 50 applications in as many SQL statements as 5', async () => {
    const ids = APPLICATIONS.map((application) => application.id);
    const five = await resolveEntities('catalogue', ids.slice(0, 5).map((id) => ({ __typename: 'Application', id })));
    const fifty = await resolveEntities('catalogue', ids.slice(0, 50).map((id) => ({ __typename: 'Application', id })));
    expect(fifty.result).toHaveLength(50);
    expect(fifty.result.map((application) => application.id)).toEqual(ids.slice(0, 50));
    expect(fifty.result[0]).toMatchObject({ id: 'achat-public', domain: { code: 'ACH', name: 'Achats' } });
    // One query for the applications, one for their domains, whatever the count.
    expect(fifty.statements.length).toBe(five.statements.length);
    expect(fifty.statements.length).toBeLessThanOrEqual(2);
  });

  it('answers null for an unknown application id instead of failing the batch', async () => {
    const { result } = await resolveEntities('catalogue', [
      { __typename: 'Application', id: 'melodie' },
      { __typename: 'Application', id: 'does-not-exist' },
    ]);
    expect(result).toEqual([{ id: 'melodie', name: 'Mélodie', domain: { code: 'CIV', name: 'État Civil' } }, null]);
  });

  it('resolves members by either key, batched', async () => {
    const mixed = await resolveEntities('governance', [
      { __typename: 'Member', id: 'bobigny' },
      { __typename: 'Member', code: 'SYREC' },
      { __typename: 'Member', code: 'SIRESCO' },
      { __typename: 'Member', id: 'la-courneuve' },
      { __typename: 'Member', code: 'NOWHERE' },
    ]);
    expect(mixed.result.map((member) => member?.code ?? null)).toEqual(['BOBIGNY', 'SYREC', 'SIRESCO', 'LA_COURNEUVE', null]);
    const codes = ['BOBIGNY', 'LE_BLANC_MESNIL', 'LA_COURNEUVE', 'TREMBLAY_EN_FRANCE', 'SIRESCO', 'SYREC'];
    const one = await resolveEntities('governance', [{ __typename: 'Member', code: 'BOBIGNY' }]);
    const all = await resolveEntities('governance', [
      ...codes.map((code) => ({ __typename: 'Member', code })),
      ...codes.map((code) => ({ __typename: 'Member', id: code.toLowerCase().replace(/_/g, '-') })),
    ]);
    expect(all.result).toHaveLength(12);
    // One query per kind of key, then delegates per wave of members: bounded, not per member.
    expect(one.statements.length).toBe(2);
    expect(all.statements.length).toBeLessThanOrEqual(4);
    expect(mixed.statements.length).toBeLessThanOrEqual(4);
  });

  it('resolves domains by code', async () => {
    const { result } = await resolveEntities('catalogue', [{ __typename: 'Domain', code: 'FIN' }]);
    expect(result[0]).toEqual({ code: 'FIN', applications: [{ id: 'finances' }, { id: 'opale' }, { id: 'recette' }] });
  });
});

describe('SQL statements per gateway request do not grow with list length', () => {
  const NESTED = /* GraphQL */ `
    query Nested($domainCode: String) {
      applications(domainCode: $domainCode) { id domain { code applications { id domain { name } } } }
      members { code delegates { fullName member { code } substitute { fullName } } }
    }
  `;

  it('runs the same number of statements for 3 applications and for 60', async () => {
    const small = await countSqlStatements(() => graphql(hub.url, NESTED, { domainCode: 'FIN' }));
    const large = await countSqlStatements(() => graphql(hub.url, NESTED, { domainCode: null }));
    expect(small.result.errors).toBeUndefined();
    expect(large.result.errors).toBeUndefined();
    expect(small.result.data.applications).toHaveLength(3);
    expect(large.result.data.applications).toHaveLength(60);
    expect(large.statements.length).toBe(small.statements.length);
  });
});
