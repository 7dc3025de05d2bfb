import { startGateway, type RunningGateway } from '../gateway';
import { SHARE_KEY_HEADER } from '../gateway/deduplication';
import { signToken } from '../lib/auth';
import type { SubgraphName } from '../lib/config';
import { VIEWER_HEADER } from '../lib/identity/vouch';
import { createLogger } from '../lib/logger';
import { graphql, startTestHub, TEST_JWT_SECRET, testConfig, type TestHub, tokenFor } from './support/hub';
import { RecordingProxies } from './support/recording-proxy';

/**
 * In-flight deduplication of subgraph fetches (gateway/deduplication.ts), through gateways that
 * reach the in-process hub's subgraphs via recording proxies: the proxies count what each subgraph
 * receives and hold each answer back for a while, so that concurrent requests surely overlap.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let hub: TestHub;
let proxies: RecordingProxies;
let deduplicating: RunningGateway;
let plain: RunningGateway;
/** Both on, as by default: identical requests in flight answered once, then subgraph fetches shared. */
let collapsing: RunningGateway;
/** The subgraphs' URLs through the recording proxies. */
let proxiedUrls: Partial<Record<SubgraphName, string>> = {};
const silent = createLogger('test', 'silent');
const staff = tokenFor('SII_STAFF');
const reader = tokenFor('READER');
const agentOf = (member: string) => tokenFor('MEMBER_AGENT', member);
const fetchesTo = (subgraph: string) => proxies.to(subgraph);
const times = <T>(n: number, make: () => Promise<T>) => Promise.all(Array.from({ length: n }, make));

const OPEN = 'mutation Open($input: OpenTicketInput!) { openTicket(input: $input) { reference } }';
const MEMBERS = '{ members { code name kind delegates { fullName role } } }';
const TICKETS = '{ tickets(first: 100) { totalCount edges { node { reference member { code } } } } }';
const CROSS = `{ members { code name tickets(first: 5) { totalCount edges { node { reference application { id name } } } } } }`;

beforeAll(async () => {
  hub = await startTestHub();
  proxies = await RecordingProxies.start(Object.values(hub.subgraphs));
  const urls: Partial<Record<SubgraphName, string>> = proxies.urls;
  proxiedUrls = urls;
  // Whole requests are not collapsed on these two: what they share is shared by their subgraph fetches.
  deduplicating = await startGateway({ port: 0, subgraphUrls: urls, config: { ...testConfig, collapseIdenticalRequests: false }, logger: silent });
  plain = await startGateway({ port: 0, subgraphUrls: urls, config: { ...testConfig, deduplicateSubgraphRequests: false, collapseIdenticalRequests: false }, logger: silent });
  collapsing = await startGateway({ port: 0, subgraphUrls: urls, config: testConfig, logger: silent });
  // A few tickets of two members, so that each member's agent has something of its own to see.
  for (const memberCode of ['BOBIGNY', 'BOBIGNY', 'SYREC', 'SYREC', 'SYREC']) {
    const { errors } = await graphql(hub.url, OPEN, { input: { memberCode, applicationId: 'melodie', kind: 'INCIDENT', title: `deduplication ${memberCode}` } }, staff);
    expect(errors).toBeUndefined();
  }
}, 120_000);
afterAll(async () => {
  await deduplicating?.stop();
  await plain?.stop();
  await collapsing?.stop();
  await proxies?.close();
  await hub?.stop();
});
beforeEach(() => {
  proxies.received = [];
  proxies.behaviour.holdMs = () => 300;
  proxies.behaviour.fail = () => false;
});

describe('in-flight deduplication of subgraph fetches', () => {
  it('sends N identical concurrent queries to the subgraph once, and each caller gets the whole answer', async () => {
    const alone = await graphql(deduplicating.url, MEMBERS, {}, staff);
    expect(alone.errors).toBeUndefined();
    proxies.received = [];
    const answers = await times(10, () => graphql(deduplicating.url, MEMBERS, {}, staff));
    expect(fetchesTo('governance')).toHaveLength(1);
    for (const answer of answers) expect(answer).toEqual(alone);
    // The gateway's mark never reaches a subgraph.
    expect(proxies.received.every((request) => request.headers[SHARE_KEY_HEADER] === undefined)).toBe(true);
  });

  it('gives each sharer its own copy of a cross-subgraph answer (the gateway merges into it)', async () => {
    const alone = await graphql(deduplicating.url, CROSS, {}, staff);
    expect(alone.errors).toBeUndefined();
    expect(alone.data.members.length).toBeGreaterThan(0);
    proxies.received = [];
    const answers = await times(8, () => graphql(deduplicating.url, CROSS, {}, staff));
    for (const answer of answers) expect(answer).toEqual(alone);
    expect(fetchesTo('governance')).toHaveLength(1);
    expect(fetchesTo('operations')).toHaveLength(1);
    expect(fetchesTo('catalogue')).toHaveLength(1);
  });

  it('never shares an answer between two members: one fetch per member, each sees its own tickets only', async () => {
    const [bobigny, syrec] = await Promise.all([
      times(4, () => graphql(deduplicating.url, TICKETS, {}, agentOf('BOBIGNY'))),
      times(4, () => graphql(deduplicating.url, TICKETS, {}, agentOf('SYREC'))),
    ]);
    const ticketFetches = fetchesTo('operations');
    expect(ticketFetches).toHaveLength(2);
    // Two viewers, two vouches: each fetch went out with its own.
    expect(new Set(ticketFetches.map((request) => request.headers[VIEWER_HEADER])).size).toBe(2);
    for (const [member, answers] of [['BOBIGNY', bobigny], ['SYREC', syrec]] as const) {
      for (const answer of answers) {
        expect(answer.errors).toBeUndefined();
        const codes = answer.data.tickets.edges.map((edge: { node: { member: { code: string } } }) => edge.node.member.code);
        expect(codes.length).toBeGreaterThan(0);
        expect(new Set(codes)).toEqual(new Set([member]));
      }
      expect(answers.every((answer) => JSON.stringify(answer) === JSON.stringify(answers[0]))).toBe(true);
    }
    expect(bobigny[0].data.tickets.totalCount).not.toBe(syrec[0].data.tickets.totalCount);
  });

  it('tells apart the same role and member by subject', async () => {
    const tokenOf = (sub: string) => signToken({ sub, role: 'MEMBER_AGENT', member: 'SYREC' }, TEST_JWT_SECRET);
    await Promise.all([graphql(deduplicating.url, TICKETS, {}, tokenOf('alice@syrec')), graphql(deduplicating.url, TICKETS, {}, tokenOf('bob@syrec'))]);
    expect(fetchesTo('operations')).toHaveLength(2);
  });

  it('never merges mutations', async () => {
    const input = { memberCode: 'SYREC', kind: 'REQUEST', title: 'same request, sent five times' };
    const answers = await times(5, () => graphql(deduplicating.url, OPEN, { input }, staff));
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    expect(new Set(answers.map((answer) => answer.data.openTicket.reference)).size).toBe(5);
    expect(fetchesTo('operations').filter((request) => request.body.includes('openTicket'))).toHaveLength(5);
  });

  it('does not let a read sent after a write join a fetch that started before it', async () => {
    const COUNT = '{ tickets(first: 1) { totalCount } }';
    proxies.behaviour.holdMs = (_subgraph, body) => (body.includes('totalCount') ? 800 : 0);
    const before = graphql(deduplicating.url, COUNT, {}, staff);
    await sleep(150); // its fetch has been answered by operations, and is held back by the proxy
    const write = await graphql(deduplicating.url, OPEN, { input: { memberCode: 'BOBIGNY', kind: 'INCIDENT', title: 'written while a read is in flight' } }, staff);
    expect(write.errors).toBeUndefined();
    const after = await graphql(deduplicating.url, COUNT, {}, staff);
    expect((await before).errors).toBeUndefined();
    expect(after.data.tickets.totalCount).toBe((await before).data.tickets.totalCount + 1);
    expect(fetchesTo('operations').filter((request) => request.body.includes('totalCount'))).toHaveLength(2);
  });

  it('sends every fetch when HUB_DEDUPLICATE_SUBGRAPH_REQUESTS=false', async () => {
    const answers = await times(10, () => graphql(plain.url, MEMBERS, {}, staff));
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    expect(fetchesTo('governance')).toHaveLength(10);
  });

  it('shares an error answer safely: each caller gets the error at its own path, and the next request fetches again', async () => {
    const READER_TICKETS = '{ members { code tickets(first: 1) { totalCount } } }';
    const alone = await graphql(deduplicating.url, READER_TICKETS, {}, reader);
    expect(alone.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(alone.errors?.[0].path).toEqual(['members', 0, 'tickets']);
    proxies.received = [];
    const answers = await times(6, () => graphql(deduplicating.url, READER_TICKETS, {}, reader));
    for (const answer of answers) expect(answer).toEqual(alone);
    expect(fetchesTo('operations')).toHaveLength(1);

    // A subgraph that fails: one fetch, every sharer told the service is unavailable (never its URL).
    proxies.received = [];
    proxies.behaviour.fail = (subgraph) => subgraph === 'governance';
    const failed = await times(5, () => graphql(deduplicating.url, MEMBERS, {}, staff));
    expect(fetchesTo('governance')).toHaveLength(1);
    for (const answer of failed) {
      expect(answer.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(JSON.stringify(answer)).not.toContain('127.0.0.1');
    }
    // The failure was not kept: the next request asks again, and succeeds.
    proxies.behaviour.fail = () => false;
    const recovered = await graphql(deduplicating.url, MEMBERS, {}, staff);
    expect(recovered.errors).toBeUndefined();
    expect(fetchesTo('governance')).toHaveLength(2);
  });
});

describe('identical requests in flight answered once (HUB_COLLAPSE_IDENTICAL_REQUESTS)', () => {
  /** POSTs `query` as a client would, with its own Accept header; the answer's media type and body. */
  async function post(url: string, query: string, token: string, accept = 'application/json') {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
    return { type: response.headers.get('content-type'), body: (await response.json()) as { data?: any; errors?: any[] } };
  }

  it('runs N identical concurrent queries of one viewer once: one fetch, and every caller the whole answer', async () => {
    const joinedBefore = collapsing.identicalRequestsJoined();
    const answers = await times(8, () => graphql(collapsing.url, CROSS, {}, staff));
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0].data.members).toHaveLength(6);
    expect(collapsing.identicalRequestsJoined() - joinedBefore).toBe(7);
    expect(fetchesTo('governance')).toHaveLength(1);
    expect(fetchesTo('operations')).toHaveLength(1);
  });

  it('never shares an answer between two viewers: each member’s agent gets its own tickets, at the same moment', async () => {
    const answers = await Promise.all([...Array.from({ length: 4 }, () => agentOf('BOBIGNY')), ...Array.from({ length: 4 }, () => agentOf('SYREC'))].map((token) => graphql(collapsing.url, TICKETS, {}, token)));
    const membersSeen = answers.map((answer) => new Set(answer.data.tickets.edges.map((edge: { node: { member: { code: string } } }) => edge.node.member.code)));
    membersSeen.slice(0, 4).forEach((seen) => expect([...seen]).toEqual(['BOBIGNY']));
    membersSeen.slice(4).forEach((seen) => expect([...seen]).toEqual(['SYREC']));
    // One pipeline per viewer.
    expect(fetchesTo('operations')).toHaveLength(2);
  });

  it('never collapses mutations', async () => {
    const input = { memberCode: 'SYREC', kind: 'REQUEST', title: 'same request, sent five times at once' };
    const answers = await times(5, () => graphql(collapsing.url, OPEN, { input }, staff));
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    expect(new Set(answers.map((answer) => answer.data.openTicket.reference)).size).toBe(5);
  });

  it('does not give a read sent after a write through the gateway the answer of an identical read begun before it', async () => {
    const COUNT = '{ tickets(first: 1) { totalCount } }';
    proxies.behaviour.holdMs = (_subgraph, body) => (body.includes('totalCount') ? 800 : 0);
    const before = graphql(collapsing.url, COUNT, {}, staff);
    await sleep(150); // in flight, held back by the proxy
    const write = await graphql(collapsing.url, OPEN, { input: { memberCode: 'BOBIGNY', kind: 'INCIDENT', title: 'written while an identical read is in flight' } }, staff);
    expect(write.errors).toBeUndefined();
    const after = await graphql(collapsing.url, COUNT, {}, staff);
    expect((await before).errors).toBeUndefined();
    expect(after.data.tickets.totalCount).toBe((await before).data.tickets.totalCount + 1);
  });

  it('keys on the whole request: the same query asked for another media type gets its own answer', async () => {
    const [json, graphqlResponse] = await Promise.all([post(collapsing.url, MEMBERS, staff), post(collapsing.url, MEMBERS, staff, 'application/graphql-response+json')]);
    expect(json.type).toMatch(/^application\/json/);
    expect(graphqlResponse.type).toMatch(/^application\/graphql-response\+json/);
    expect(graphqlResponse.body).toEqual(json.body);
  });

  it('shares a failure only with the requests that waited for it: the next one runs again', async () => {
    proxies.behaviour.fail = (subgraph) => subgraph === 'governance';
    const failed = await times(4, () => graphql(collapsing.url, MEMBERS, {}, staff));
    for (const answer of failed) expect(answer.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(fetchesTo('governance')).toHaveLength(1);
    proxies.behaviour.fail = () => false;
    const recovered = await graphql(collapsing.url, MEMBERS, {}, staff);
    expect(recovered.errors).toBeUndefined();
    expect(fetchesTo('governance')).toHaveLength(2);
  });

  it('runs every request when HUB_COLLAPSE_IDENTICAL_REQUESTS=false (its subgraph fetches are still shared)', async () => {
    const answers = await times(6, () => graphql(deduplicating.url, MEMBERS, {}, staff));
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    expect(deduplicating.identicalRequestsJoined()).toBe(0);
    expect(fetchesTo('governance')).toHaveLength(1);
  });
});

describe('repeated _entities representations', () => {
  it('sends each distinct representation once, and every parent still gets its own entity', async () => {
    proxies.behaviour.holdMs = () => 0;
    // The seeded tickets and the five opened above: many share an application.
    const query = '{ tickets(first: 100) { edges { node { reference application { id name } } } } }';
    const answer = await graphql(deduplicating.url, query, {}, staff);
    expect(answer.errors).toBeUndefined();
    const tickets: { reference: string; application: { id: string; name: string } | null }[] = answer.data.tickets.edges.map((edge: { node: unknown }) => edge.node);
    const withApplication = tickets.filter((ticket) => ticket.application);
    const applicationIds = withApplication.map((ticket) => ticket.application!.id);
    expect(new Set(applicationIds).size).toBeLessThan(applicationIds.length); // the case: repeats

    const entityFetches = fetchesTo('catalogue').map((request) => JSON.parse(request.body)).filter((body) => body.variables?.representations);
    expect(entityFetches).toHaveLength(1);
    const sent = entityFetches[0].variables.representations as { id: string }[];
    expect(sent.map((representation) => representation.id).sort()).toEqual([...new Set(applicationIds)].sort());

    // Each ticket's application is the one the catalogue holds for that id (asked straight, no gateway).
    const catalogue = await graphql(hub.subgraphs.catalogue.url, '{ applications { id name } }', {}, staff);
    const nameOf = new Map((catalogue.data.applications as { id: string; name: string }[]).map((application) => [application.id, application.name]));
    for (const ticket of withApplication) expect(ticket.application!.name).toBe(nameOf.get(ticket.application!.id));
  });
});

describe('sibling _entities fetches of one operation', () => {
  // The same entities reached under two aliases: Apollo's plan fetches the catalogue once per alias.
  const page = (alias: string, kind: string) => `${alias}: tickets(first: 20, filter: { kind: [${kind}] }) { edges { node { reference application { id name } } } }`;
  const ALIASED = `{ members { code ${page('incidents', 'INCIDENT')} ${page('requests', 'REQUEST')} } }`;
  let unmerged: RunningGateway;
  beforeAll(async () => {
    unmerged = await startGateway({ port: 0, subgraphUrls: proxiedUrls, config: { ...testConfig, collapseIdenticalRequests: false }, logger: silent, mergeSiblingFetches: false });
    for (const [memberCode, applicationId] of [['BOBIGNY', 'melodie'], ['SYREC', 'melodie'], ['SYREC', 'mantis']]) {
      const { errors } = await graphql(hub.url, OPEN, { input: { memberCode, applicationId, kind: 'REQUEST', title: `siblings ${memberCode}` } }, staff);
      expect(errors).toBeUndefined();
    }
  });
  afterAll(() => unmerged?.stop());

  const entityFetchesTo = (subgraph: string) => fetchesTo(subgraph).filter((request) => JSON.parse(request.body).variables?.representations);

  it('sends the catalogue one fetch for both aliases, and answers exactly as the unmerged plan', async () => {
    proxies.behaviour.holdMs = () => 0;
    const merged = await graphql(deduplicating.url, ALIASED, {}, staff);
    expect(merged.errors).toBeUndefined();
    const applicationsOf = (alias: 'incidents' | 'requests') =>
      (merged.data.members as Record<string, { edges: { node: { application: { id: string } | null } }[] }>[]).flatMap((member) => member[alias].edges.map((edge) => edge.node.application?.id)).filter(Boolean);
    // The case: both aliases reach applications, so the plan has two sibling catalogue fetches.
    expect(applicationsOf('incidents').length).toBeGreaterThan(0);
    expect(applicationsOf('requests').length).toBeGreaterThan(0);
    expect(entityFetchesTo('catalogue')).toHaveLength(1);

    // Merging off: two catalogue fetches, one per alias, and the same answer.
    proxies.received = [];
    expect(await graphql(unmerged.url, ALIASED, {}, staff)).toEqual(merged);
    expect(entityFetchesTo('catalogue')).toHaveLength(2);
  });

  it('keeps each member’s tickets to its own agent when the siblings are merged', async () => {
    proxies.behaviour.holdMs = () => 0;
    for (const member of ['BOBIGNY', 'SYREC']) {
      const answer = await graphql(deduplicating.url, ALIASED, {}, agentOf(member));
      expect(answer.errors).toBeUndefined();
      const unmergedAnswer = await graphql(unmerged.url, ALIASED, {}, agentOf(member));
      expect(answer).toEqual(unmergedAnswer);
    }
  });
});
