import { graphql, startTestHub, tokenFor, type TestHub } from './support/hub';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

const staff = () => tokenFor('SII_STAFF');

const COUNCIL = /* GraphQL */ `
  {
    council {
      president { fullName firstName lastName role member { code } }
      delegates { id firstName lastName role seat isPresident member { code } substitute { fullName } }
    }
  }
`;

async function councilSnapshot() {
  const { data, errors } = await graphql(hub.url, COUNCIL);
  expect(errors).toBeUndefined();
  return data.council;
}

describe('governance as seeded from the 2018 report', () => {
  it('lists the six members with their kind, cities first', async () => {
    const { data, errors } = await graphql(hub.url, '{ members { code name kind hasOptionalCompetences } }');
    expect(errors).toBeUndefined();
    expect(data.members).toEqual([
      { code: 'BOBIGNY', name: 'Bobigny', kind: 'CITY', hasOptionalCompetences: true },
      { code: 'LE_BLANC_MESNIL', name: 'Le Blanc-Mesnil', kind: 'CITY', hasOptionalCompetences: false },
      { code: 'LA_COURNEUVE', name: 'La Courneuve', kind: 'CITY', hasOptionalCompetences: true },
      { code: 'TREMBLAY_EN_FRANCE', name: 'Tremblay-en-France', kind: 'CITY', hasOptionalCompetences: true },
      { code: 'SIRESCO', name: 'SIRESCO', kind: 'PUBLIC_BODY', hasOptionalCompetences: false },
      { code: 'SYREC', name: 'SYREC', kind: 'PUBLIC_BODY', hasOptionalCompetences: true },
    ]);
    const publicBodies = await graphql(hub.url, '{ members(kind: PUBLIC_BODY) { code } }');
    expect(publicBodies.data.members.map((m: { code: string }) => m.code)).toEqual(['SIRESCO', 'SYREC']);
  });

  it('has 20 delegates in 10 titular/substitute pairs and Laurent Chauvin as president', async () => {
    const council = await councilSnapshot();
    expect(council.delegates).toHaveLength(20);
    const titulars = council.delegates.filter((d: { role: string }) => d.role === 'TITULAR');
    expect(titulars).toHaveLength(10);
    expect(titulars.every((d: { substitute: unknown }) => d.substitute !== null)).toBe(true);
    expect(council.president).toEqual({
      fullName: 'Laurent Chauvin',
      firstName: 'Laurent',
      lastName: 'Chauvin',
      role: 'TITULAR',
      member: { code: 'TREMBLAY_EN_FRANCE' },
    });
    const presidents = council.delegates.filter((d: { isPresident: boolean }) => d.isPresident);
    expect(presidents).toHaveLength(1);
  });

  it('splits printed names into first and last names and pairs each titular with their substitute', async () => {
    const { data } = await graphql(
      hub.url,
      '{ member(code: "SYREC") { delegates(role: TITULAR) { firstName lastName fullName substitute { firstName lastName } } } }',
    );
    expect(data.member.delegates).toEqual([
      { firstName: 'Isabelle', lastName: 'Massard', fullName: 'Isabelle Massard', substitute: { firstName: 'William', lastName: 'Delannoy' } },
      { firstName: 'Corinne', lastName: 'Le Moil', fullName: 'Corinne Le Moil', substitute: { firstName: 'Julien', lastName: 'Duro' } },
    ]);
  });

  it('gives each member the number of pairs the statutes allow', async () => {
    const { data } = await graphql(hub.url, '{ members { code hasOptionalCompetences delegates { role } } }');
    for (const member of data.members) {
      const pairs = member.hasOptionalCompetences ? 2 : 1;
      expect(member.delegates.filter((d: { role: string }) => d.role === 'TITULAR')).toHaveLength(pairs);
      expect(member.delegates.filter((d: { role: string }) => d.role === 'SUBSTITUTE')).toHaveLength(pairs);
    }
  });

  it('has the seven org units with headcount by sex, adding up to 25 agents', async () => {
    const { data, errors } = await graphql(hub.url, '{ orgUnits { code name headcount women men } staff { total women men } }');
    expect(errors).toBeUndefined();
    expect(data.orgUnits.map((u: { code: string; headcount: number; women: number; men: number }) => [u.code, u.headcount, u.women, u.men])).toEqual([
      ['DIRECTION_GENERALE', 1, 1, 0],
      ['DIRECTION_SI', 1, 0, 1],
      ['AMO_NTIC', 1, 0, 1],
      ['GSQ_SAU', 2, 0, 2],
      ['ADMINISTRATION', 2, 2, 0],
      ['PRODUCTION', 7, 0, 7],
      ['ETUDES', 11, 0, 11],
    ]);
    expect(data.staff).toEqual({ total: 25, women: 3, men: 22 });
  });

  it('answers null for an unknown member code, and finds a member whatever the case of its code', async () => {
    const unknown = await graphql(hub.url, '{ member(code: "PARIS") { code } }');
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data.member).toBeNull();
    const lower = await graphql(hub.url, '{ member(code: "bobigny") { code } }');
    expect(lower.data.member).toEqual({ code: 'BOBIGNY' });
  });
});

describe('appointDelegate and removeDelegate', () => {
  const APPOINT = /* GraphQL */ `
    mutation Appoint($input: AppointDelegateInput!) {
      appointDelegate(input: $input) { id firstName lastName fullName role seat member { code } }
    }
  `;
  const REMOVE = 'mutation Remove($id: ID!) { removeDelegate(id: $id) { id fullName } }';

  it('refuses anonymous callers and non-staff roles, changing nothing', async () => {
    const before = await councilSnapshot();
    const input = { memberCode: 'SIRESCO', role: 'TITULAR', firstName: 'Anne', lastName: 'Martin' };
    const anonymous = await graphql(hub.url, APPOINT, { input });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const reader = await graphql(hub.url, APPOINT, { input }, tokenFor('READER'));
    expect(reader.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const agent = await graphql(hub.url, REMOVE, { id: before.delegates[0].id }, tokenFor('MEMBER_AGENT', 'SIRESCO'));
    expect(agent.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await councilSnapshot()).toEqual(before);
  });

  it.each([
    ['a third titular seat for a member with optional competences', { memberCode: 'BOBIGNY', role: 'TITULAR' }],
    ['a second substitute seat for a member with only mandatory competences', { memberCode: 'SIRESCO', role: 'SUBSTITUTE' }],
    ['seat 2 for a member with one seat', { memberCode: 'LE_BLANC_MESNIL', role: 'TITULAR', seat: 2 }],
    ['seat 3', { memberCode: 'BOBIGNY', role: 'SUBSTITUTE', seat: 3 }],
    ['seat 0', { memberCode: 'BOBIGNY', role: 'SUBSTITUTE', seat: 0 }],
    ['an occupied seat', { memberCode: 'SYREC', role: 'TITULAR', seat: 1 }],
    ['an unknown member', { memberCode: 'PARIS', role: 'TITULAR' }],
    ['an empty first name', { memberCode: 'SYREC', role: 'TITULAR', firstName: '   ' }],
    ['a last name of 101 characters', { memberCode: 'SYREC', role: 'TITULAR', lastName: 'x'.repeat(101) }],
  ])('rejects %s with BAD_USER_INPUT and changes nothing', async (_label, overrides) => {
    const before = await councilSnapshot();
    const input = { firstName: 'Anne', lastName: 'Martin', ...overrides };
    const { data, errors } = await graphql(hub.url, APPOINT, { input }, staff());
    expect(data).toBeNull();
    expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await councilSnapshot()).toEqual(before);
  });

  it('rejects an unknown role value as a validation error', async () => {
    const { errors } = await graphql(hub.url, APPOINT, { input: { memberCode: 'SYREC', role: 'CHAIR', firstName: 'A', lastName: 'B' } }, staff());
    expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('removes a delegate, leaving a vacant seat that a new appointment fills', async () => {
    const before = await councilSnapshot();
    const substitute = before.delegates.find(
      (d: { member: { code: string }; role: string }) => d.member.code === 'SIRESCO' && d.role === 'SUBSTITUTE',
    );
    const removed = await graphql(hub.url, REMOVE, { id: substitute.id }, staff());
    expect(removed.errors).toBeUndefined();
    expect(removed.data.removeDelegate).toEqual({ id: substitute.id, fullName: 'Patrice Calsat' });

    const titular = await graphql(hub.url, '{ member(code: "SIRESCO") { delegates(role: TITULAR) { substitute { id } } } }');
    expect(titular.data.member.delegates[0].substitute).toBeNull();

    const appointed = await graphql(
      hub.url,
      APPOINT,
      { input: { memberCode: 'siresco', role: 'SUBSTITUTE', firstName: '  Anne ', lastName: 'Martin' } },
      staff(),
    );
    expect(appointed.errors).toBeUndefined();
    expect(appointed.data.appointDelegate).toMatchObject({
      firstName: 'Anne',
      lastName: 'Martin',
      fullName: 'Anne Martin',
      role: 'SUBSTITUTE',
      seat: 1,
      member: { code: 'SIRESCO' },
    });
    const after = await graphql(hub.url, '{ member(code: "SIRESCO") { delegates(role: TITULAR) { fullName substitute { fullName } } } }');
    expect(after.data.member.delegates).toEqual([{ fullName: 'Nicole Duboe', substitute: { fullName: 'Anne Martin' } }]);
    // The member is full again.
    const again = await graphql(hub.url, APPOINT, { input: { memberCode: 'SIRESCO', role: 'SUBSTITUTE', firstName: 'B', lastName: 'C' } }, staff());
    expect(again.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lets only one of two simultaneous appointments take the last vacant seat', async () => {
    const { data } = await graphql(hub.url, '{ member(code: "LE_BLANC_MESNIL") { delegates(role: SUBSTITUTE) { id } } }');
    await graphql(hub.url, REMOVE, { id: data.member.delegates[0].id }, staff());
    const attempts = await Promise.all(
      ['Alice', 'Bruno', 'Chloé', 'David'].map((firstName) =>
        graphql(hub.url, APPOINT, { input: { memberCode: 'LE_BLANC_MESNIL', role: 'SUBSTITUTE', firstName, lastName: 'Test' } }, staff()),
      ),
    );
    expect(attempts.filter((attempt) => !attempt.errors)).toHaveLength(1);
    for (const failed of attempts.filter((attempt) => attempt.errors)) {
      expect(['BAD_USER_INPUT', 'CONFLICT']).toContain(failed.errors?.[0].extensions?.code);
    }
    const after = await graphql(hub.url, '{ member(code: "LE_BLANC_MESNIL") { delegates(role: SUBSTITUTE) { id } } }');
    expect(after.data.member.delegates).toHaveLength(1);
  });

  it('refuses to remove the president, and answers NOT_FOUND for an unknown delegate', async () => {
    const before = await councilSnapshot();
    const president = before.delegates.find((d: { isPresident: boolean }) => d.isPresident);
    const refused = await graphql(hub.url, REMOVE, { id: president.id }, staff());
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = await graphql(hub.url, REMOVE, { id: '00000000-0000-4000-8000-000000000000' }, staff());
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const malformed = await graphql(hub.url, REMOVE, { id: 'not-a-uuid' }, staff());
    expect(malformed.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await councilSnapshot()).toEqual(before);
  });
});
