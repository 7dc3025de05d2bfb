import { operationsClock } from '../subgraphs/operations/services/clock';
import { countSqlStatements, graphql, startTestHub, tokenFor, type TestHub } from './support/hub';

let hub: TestHub;
const opened: { reference: string; id: string; member: string; application: string | null; kind: string; queue: string; priority: string; openedAt: string }[] = [];
const realNow = operationsClock.now;
const staff = () => tokenFor('SII_STAFF');
const agentOf = (member: string) => tokenFor('MEMBER_AGENT', member);

const OPEN = 'mutation Open($input: OpenTicketInput!) { openTicket(input: $input) { id reference openedAt version } }';
const LIST = `query List($filter: TicketFilter, $first: Int, $after: String) {
  tickets(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { reference member { code } application { id } } }
  }
}`;

/** Twelve tickets, one hour apart in January–February 2026, over three members, two applications, both queues and kinds. */
const FIXTURE = [
  ['BOBIGNY', 'melodie', 'INCIDENT', 'SUPPORT', 'HIGH'],
  ['BOBIGNY', 'finances', 'REQUEST', 'SUPPORT', 'LOW'],
  ['SYREC', null, 'INCIDENT', 'TECHNICAL', 'CRITICAL'],
  ['LA_COURNEUVE', 'melodie', 'REQUEST', 'SUPPORT', 'MEDIUM'],
  ['BOBIGNY', null, 'INCIDENT', 'TECHNICAL', 'MEDIUM'],
  ['SYREC', 'finances', 'REQUEST', 'SUPPORT', 'MEDIUM'],
  ['LA_COURNEUVE', null, 'INCIDENT', 'SUPPORT', 'LOW'],
  ['BOBIGNY', 'melodie', 'REQUEST', 'TECHNICAL', 'HIGH'],
  ['SYREC', 'melodie', 'INCIDENT', 'SUPPORT', 'MEDIUM'],
  ['LA_COURNEUVE', 'finances', 'INCIDENT', 'TECHNICAL', 'HIGH'],
  ['BOBIGNY', null, 'REQUEST', 'SUPPORT', 'MEDIUM'],
  ['SYREC', 'melodie', 'INCIDENT', 'SUPPORT', 'LOW'],
] as const;

beforeAll(async () => {
  hub = await startTestHub();
  const start = Date.parse('2026-01-31T20:00:00.000Z');
  for (const [index, [member, application, kind, queue, priority]] of FIXTURE.entries()) {
    operationsClock.now = () => new Date(start + index * 3_600_000);
    const { data, errors } = await graphql(
      hub.url,
      OPEN,
      { input: { memberCode: member, applicationId: application, kind, queue, priority, title: `Ticket ${index}` } },
      staff(),
    );
    expect(errors).toBeUndefined();
    opened.push({ ...data.openTicket, member, application, kind, queue, priority });
  }
  operationsClock.now = realNow;
});
afterAll(() => hub?.stop());
afterEach(() => hub.setPeerUrls());

const newestFirst = () => [...opened].reverse();

async function listAll(filter: Record<string, unknown> | undefined, pageSize: number, token = staff()) {
  const references: string[] = [];
  let after: string | null = null;
  let totalCount = -1;
  for (;;) {
    const response: { data?: any; errors?: unknown } = await graphql(hub.url, LIST, { filter, first: pageSize, after }, token);
    expect(response.errors).toBeUndefined();
    const connection = response.data.tickets;
    totalCount = connection.totalCount;
    references.push(...connection.edges.map((edge: { node: { reference: string } }) => edge.node.reference));
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  return { references, totalCount };
}

describe('tickets as a Relay connection', () => {
  it('pages through every ticket newest first with stable cursors and a totalCount', async () => {
    const { references, totalCount } = await listAll(undefined, 5);
    expect(totalCount).toBe(FIXTURE.length);
    expect(references).toEqual(newestFirst().map((t) => t.reference));
    const first = await graphql(hub.url, LIST, { first: 5 }, staff());
    expect(first.data.tickets.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(first.data.tickets.pageInfo.startCursor).toBe(first.data.tickets.edges[0].cursor);
    expect(first.data.tickets.pageInfo.endCursor).toBe(first.data.tickets.edges[4].cursor);
  });

  it('keeps the next page where it was when a newer ticket arrives in between', async () => {
    const page1 = await graphql(hub.url, LIST, { filter: { memberCode: 'LA_COURNEUVE' }, first: 2 }, staff());
    const inserted = await graphql(hub.url, OPEN, { input: { memberCode: 'LA_COURNEUVE', kind: 'INCIDENT', title: 'Arrivé entre deux pages' } }, staff());
    expect(inserted.errors).toBeUndefined();
    const page2 = await graphql(hub.url, LIST, { filter: { memberCode: 'LA_COURNEUVE' }, first: 2, after: page1.data.tickets.pageInfo.endCursor }, staff());
    const courneuve = newestFirst().filter((t) => t.member === 'LA_COURNEUVE').map((t) => t.reference);
    expect(page1.data.tickets.edges.map((e: { node: { reference: string } }) => e.node.reference)).toEqual(courneuve.slice(0, 2));
    expect(page2.data.tickets.edges.map((e: { node: { reference: string } }) => e.node.reference)).toEqual(courneuve.slice(2, 4));
    // Not part of the fixture for the other tests (it is the newest, opened now): filtered out below by openedBefore.
    expect(page2.data.tickets.totalCount).toBe(courneuve.length + 1);
  });

  const BEFORE_NOW = { openedBefore: '2026-02-02T00:00:00.000Z' };
  it.each([
    ['member', { memberCode: 'BOBIGNY' }, (t: (typeof opened)[number]) => t.member === 'BOBIGNY'],
    ['application', { applicationId: 'melodie' }, (t: (typeof opened)[number]) => t.application === 'melodie'],
    ['kind', { kind: ['REQUEST'] }, (t: (typeof opened)[number]) => t.kind === 'REQUEST'],
    ['queue', { queue: 'TECHNICAL' }, (t: (typeof opened)[number]) => t.queue === 'TECHNICAL'],
    ['priorities', { priority: ['HIGH', 'CRITICAL'] }, (t: (typeof opened)[number]) => ['HIGH', 'CRITICAL'].includes(t.priority)],
    ['status', { status: ['NEW'] }, () => true],
    ['status none', { status: ['CLOSED'] }, () => false],
    ['opened date range', { openedFrom: '2026-02-01T00:00:00.000Z', openedBefore: '2026-02-01T05:00:00.000Z' }, (t: (typeof opened)[number]) =>
      t.openedAt >= '2026-02-01T00:00:00.000Z' && t.openedAt < '2026-02-01T05:00:00.000Z'],
    ['member and application', { memberCode: 'SYREC', applicationId: 'melodie' }, (t: (typeof opened)[number]) => t.member === 'SYREC' && t.application === 'melodie'],
  ])('filters by %s, with a matching totalCount', async (_label, filter, expected) => {
    const { references, totalCount } = await listAll({ ...BEFORE_NOW, ...filter }, 3);
    const wanted = newestFirst().filter(expected).map((t) => t.reference);
    expect(references).toEqual(wanted);
    expect(totalCount).toBe(wanted.length);
  });

  it('rejects first above 100, a negative first and a forged cursor with BAD_USER_INPUT', async () => {
    for (const variables of [{ first: 101 }, { first: -1 }, { after: 'bm90LWEtY3Vyc29y' }]) {
      const { errors } = await graphql(hub.url, LIST, variables, staff());
      expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('who sees tickets', () => {
  it('refuses ticket contents to anonymous callers (UNAUTHENTICATED) and readers (FORBIDDEN), everywhere', async () => {
    const queries = [
      '{ tickets { totalCount } }',
      `{ ticket(reference: "${opened[0].reference}") { id } }`,
      '{ member(code: "BOBIGNY") { tickets { totalCount } } }',
      '{ application(id: "melodie") { tickets { totalCount } } }',
    ];
    for (const query of queries) {
      expect((await graphql(hub.url, query)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect((await graphql(hub.url, query, {}, tokenFor('READER'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('lets anonymous callers and readers see deployments and projects', async () => {
    for (const token of [undefined, tokenFor('READER')]) {
      const { data, errors } = await graphql(hub.url, '{ deployments(year: 2018) { totalCount } projects(year: 2018) { id } member(code: "BOBIGNY") { projects { id } } application(id: "cms") { deployments { id } } }', {}, token);
      expect(errors).toBeUndefined();
      expect(data.deployments.totalCount).toBe(73);
      expect(data.application.deployments).toHaveLength(10);
    }
  });

  it('confines a member agent to its own member’s tickets, whatever the filter', async () => {
    const agent = agentOf('SYREC');
    const syrec = newestFirst().filter((t) => t.member === 'SYREC').map((t) => t.reference);
    expect((await listAll(undefined, 10, agent)).references).toEqual(syrec);
    expect((await listAll({ memberCode: 'BOBIGNY' }, 10, agent)).references).toEqual([]);
    const others = await graphql(hub.url, `{ ticket(reference: "${opened[0].reference}") { id } }`, {}, agent);
    expect(others.errors).toBeUndefined();
    expect(others.data.ticket).toBeNull();
    const own = await graphql(hub.url, `{ ticket(reference: "${syrec[0]}") { reference member { code name } } }`, {}, agent);
    expect(own.data.ticket).toEqual({ reference: syrec[0], member: { code: 'SYREC', name: 'SYREC' } });
    const viaGraph = await graphql(
      hub.url,
      '{ bobigny: member(code: "BOBIGNY") { tickets { totalCount } } syrec: member(code: "SYREC") { tickets { totalCount } } application(id: "melodie") { tickets { totalCount edges { node { member { code } } } } } }',
      {},
      agent,
    );
    expect(viaGraph.errors).toBeUndefined();
    expect(viaGraph.data.bobigny.tickets.totalCount).toBe(0);
    expect(viaGraph.data.syrec.tickets.totalCount).toBe(syrec.length);
    expect(viaGraph.data.application.tickets.edges.every((e: { node: { member: { code: string } } }) => e.node.member.code === 'SYREC')).toBe(true);
    expect(viaGraph.data.application.tickets.totalCount).toBe(opened.filter((t) => t.member === 'SYREC' && t.application === 'melodie').length);
  });

  it('lets a member agent change its own member’s tickets only', async () => {
    const CHANGE = 'mutation C($input: ChangeTicketStatusInput!) { changeTicketStatus(input: $input) { status version } }';
    const own = opened.find((t) => t.member === 'SYREC')!;
    const other = opened.find((t) => t.member === 'BOBIGNY')!;
    const refused = await graphql(hub.url, CHANGE, { input: { reference: other.reference, status: 'ASSIGNED', expectedVersion: 1 } }, agentOf('SYREC'));
    expect(refused.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const accepted = await graphql(hub.url, CHANGE, { input: { id: own.id, status: 'ASSIGNED', expectedVersion: 1 } }, agentOf('SYREC'));
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data.changeTicketStatus).toEqual({ status: 'ASSIGNED', version: 2 });
    for (const token of [undefined, tokenFor('READER')]) {
      const { errors } = await graphql(hub.url, CHANGE, { input: { id: own.id, status: 'IN_PROGRESS', expectedVersion: 2 } }, token);
      expect(errors?.[0].extensions?.code).toBe(token ? 'FORBIDDEN' : 'UNAUTHENTICATED');
    }
  });

  it('gives staff every member’s tickets through Member.tickets and Application.tickets', async () => {
    const { data, errors } = await graphql(
      hub.url,
      '{ members { code tickets(filter: { openedBefore: "2026-02-02T00:00:00Z" }, first: 2) { totalCount edges { node { reference } } pageInfo { hasNextPage } } } }',
      {},
      staff(),
    );
    expect(errors).toBeUndefined();
    for (const member of data.members) {
      const expected = newestFirst().filter((t) => t.member === member.code).map((t) => t.reference);
      expect(member.tickets.totalCount).toBe(expected.length);
      expect(member.tickets.edges.map((e: { node: { reference: string } }) => e.node.reference)).toEqual(expected.slice(0, 2));
      expect(member.tickets.pageInfo.hasNextPage).toBe(expected.length > 2);
    }
  });
});

describe('recordDeployment', () => {
  const RECORD = 'mutation R($input: RecordDeploymentInput!) { recordDeployment(input: $input) { id year deployedOn version summary source application { id name } members { code name } } }';
  const count = async (applicationId: string) =>
    (await graphql(hub.url, 'query C($id: ID) { deployments(applicationId: $id) { totalCount } }', { id: applicationId })).data.deployments.totalCount;

  it('records a deployment checked against the graph, visible on its application', async () => {
    const before = await count('melodie');
    const { data, errors } = await graphql(
      hub.url,
      RECORD,
      { input: { applicationId: 'melodie', deployedOn: '2026-02-10', version: '5.2', summary: 'COMEDec', memberCodes: ['le_blanc_mesnil'] } },
      staff(),
    );
    expect(errors).toBeUndefined();
    expect(data.recordDeployment).toMatchObject({
      year: 2026,
      deployedOn: '2026-02-10',
      version: '5.2',
      source: 'recorded',
      application: { id: 'melodie', name: 'Mélodie' },
      members: [{ code: 'LE_BLANC_MESNIL', name: 'Le Blanc-Mesnil' }],
    });
    expect(await count('melodie')).toBe(before + 1);
    const app = await graphql(hub.url, '{ application(id: "melodie") { deployments(year: 2026) { id } } }');
    expect(app.data.application.deployments).toEqual([{ id: data.recordDeployment.id }]);
  });

  it.each([
    ['an unknown application', { applicationId: 'no-such-app', year: 2026 }],
    ['an unknown member', { applicationId: 'melodie', year: 2026, memberCodes: ['PARIS'] }],
    ['neither year nor day', { applicationId: 'melodie' }],
    ['a day outside the year', { applicationId: 'melodie', year: 2025, deployedOn: '2026-01-01' }],
    ['a year before the SII', { applicationId: 'melodie', year: 1900 }],
  ])('rejects %s with BAD_USER_INPUT and records nothing', async (_label, input) => {
    const before = await count('melodie');
    const { data, errors } = await graphql(hub.url, RECORD, { input }, staff());
    expect(data).toBeNull();
    expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await count('melodie')).toBe(before);
  });

  it('is reserved to SII_STAFF', async () => {
    const input = { applicationId: 'melodie', year: 2026 };
    expect((await graphql(hub.url, RECORD, { input })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await graphql(hub.url, RECORD, { input }, tokenFor('READER'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await graphql(hub.url, RECORD, { input }, agentOf('BOBIGNY'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('answers SERVICE_UNAVAILABLE and records nothing when catalogue and governance are unreachable', async () => {
    const before = await count('melodie');
    hub.setPeerUrls({ governance: 'http://127.0.0.1:9/graphql', catalogue: 'http://127.0.0.1:9/graphql' });
    const { data, errors } = await graphql(hub.url, RECORD, { input: { applicationId: 'melodie', year: 2026 } }, staff());
    hub.setPeerUrls();
    expect(data).toBeNull();
    expect(errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(await count('melodie')).toBe(before);
  });

  it('pages deployments with stable cursors', async () => {
    const all: string[] = [];
    let after: string | null = null;
    for (;;) {
      const response: { data?: any } = await graphql(hub.url, 'query D($after: String) { deployments(year: 2018, first: 10, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }', { after });
      all.push(...response.data.deployments.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!response.data.deployments.pageInfo.hasNextPage) break;
      after = response.data.deployments.pageInfo.endCursor;
    }
    expect(all).toHaveLength(73);
    expect(new Set(all).size).toBe(73);
  });
});

describe('batching across the graph', () => {
  const query = (membersArgs: string, applicationsArgs: string) => `{
    members${membersArgs} { code projects(year: 2018) { id title members { code name } } }
    applications${applicationsArgs} { id deployments(year: 2018) { id year application { name } members { code } } }
  }`;

  it('runs a constant number of SQL statements whatever the number of members and applications', async () => {
    const small = await countSqlStatements(() => graphql(hub.url, query('(kind: PUBLIC_BODY)', '(search: "melodie")')));
    const large = await countSqlStatements(() => graphql(hub.url, query('', '')));
    expect(small.result.errors).toBeUndefined();
    expect(large.result.errors).toBeUndefined();
    expect(small.result.data.members).toHaveLength(2);
    expect(large.result.data.members).toHaveLength(6);
    expect(large.result.data.applications.length).toBeGreaterThan(50);
    const deployments = large.result.data.applications.reduce((sum: number, a: { deployments: unknown[] }) => sum + a.deployments.length, 0);
    expect(deployments).toBe(73);
    // members, applications, projects, deployments, then one _entities batch each for project members' and deployments' applications' names.
    expect(large.statements.length).toBe(small.statements.length);
    expect(large.statements.length).toBeLessThanOrEqual(6);
  });

  it('batches Member.tickets and Application.tickets into one page query and one count query', async () => {
    const ticketsQuery = (membersArgs: string) => `{ members${membersArgs} { code tickets(first: 3) { totalCount edges { node { reference } } } } }`;
    const small = await countSqlStatements(() => graphql(hub.url, ticketsQuery('(kind: PUBLIC_BODY)'), {}, staff()));
    const large = await countSqlStatements(() => graphql(hub.url, ticketsQuery(''), {}, staff()));
    expect(large.result.errors).toBeUndefined();
    expect(large.statements.length).toBe(small.statements.length);
  });
});
