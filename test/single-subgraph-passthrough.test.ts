import { startGateway, type RunningGateway } from '../gateway';
import type { SubgraphName } from '../lib/config';
import { VIEWER_HEADER, verifyVouch } from '../lib/identity/vouch';
import { createLogger } from '../lib/logger';
import { graphql, startTestHub, TEST_INTERNAL_SECRET, testConfig, type TestHub, tokenFor } from './support/hub';
import { passOn, RecordingProxies } from './support/recording-proxy';

/**
 * Single-subgraph pass-through (gateway/single-subgraph-passthrough.ts): a query request the
 * gateway answered with its plan's one fetch, unchanged, is answered next time by that fetch alone.
 * Two gateways on the same recording proxies: one with it (the default), one without, whose
 * answers are the reference.
 */

let hub: TestHub;
let proxies: RecordingProxies;
let passing: RunningGateway;
let apolloOnly: RunningGateway;
let cached: RunningGateway;
const silent = createLogger('test', 'silent');
const staff = tokenFor('SII_STAFF');
const agentOf = (member: string) => tokenFor('MEMBER_AGENT', member);

const MEMBERS = '{ members { code name kind delegates { fullName role } } }';
const TICKETS = '{ tickets(first: 100) { totalCount edges { node { reference title member { code } } } } }';
const TICKET_PAGE = 'query Page($first: Int!) { tickets(first: $first) { edges { node { reference } } } }';
const OPEN = 'mutation Open($input: OpenTicketInput!) { openTicket(input: $input) { reference } }';
const CROSS = '{ members { code tickets(first: 3) { totalCount edges { node { reference application { id name } } } } } }';
const INDICATORS = '{ indicators { code label series { year value } } }';
const NESTED = 'query Nested($n: Int) { tickets(first: $n) { edges { node { reference application { tickets(first: $n) { edges { node { reference history(first: $n) { totalCount edges { cursor } } } } } } } } } }';

/** One POST as a client sends it: the status, the headers that matter and the exact text. */
async function post(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, contentType: response.headers.get('content-type'), cacheControl: response.headers.get('cache-control'), text: await response.text() };
}

async function open(memberCode: string, title: string): Promise<string> {
  const { data, errors } = await graphql(hub.url, OPEN, { input: { memberCode, applicationId: 'melodie', kind: 'INCIDENT', title } }, staff);
  expect(errors).toBeUndefined();
  return data.openTicket.reference as string;
}

beforeAll(async () => {
  hub = await startTestHub();
  proxies = await RecordingProxies.start(Object.values(hub.subgraphs));
  const urls = proxies.urls as Partial<Record<SubgraphName, string>>;
  // Whole identical requests are not collapsed here: each request below runs on its own.
  const config = { ...testConfig, collapseIdenticalRequests: false };
  passing = await startGateway({ port: 0, subgraphUrls: urls, config, logger: silent });
  apolloOnly = await startGateway({ port: 0, subgraphUrls: urls, config: { ...config, singleSubgraphPassThrough: false }, logger: silent });
  cached = await startGateway({ port: 0, subgraphUrls: urls, config: { ...config, responseCache: true, databaseUrl: hub.database.url }, logger: silent, responseCacheNamespace: `passthrough-${process.pid}:` });
  for (const memberCode of ['BOBIGNY', 'BOBIGNY', 'SYREC']) await open(memberCode, `pass-through ${memberCode}`);
}, 120_000);
afterAll(async () => {
  await passing?.stop();
  await apolloOnly?.stop();
  await cached?.stop();
  await proxies?.close();
  await hub?.stop();
});
beforeEach(() => {
  proxies.received = [];
  proxies.behaviour = passOn();
});

it('answers a repeated single-subgraph query by its one fetch, byte for byte as Apollo answers it', async () => {
  const reference = await post(apolloOnly.url, MEMBERS, {}, staff);
  expect(reference.status).toBe(200);
  const before = passing.passedThrough();
  const answers = [];
  for (let i = 0; i < 3; i += 1) answers.push(await post(passing.url, MEMBERS, {}, staff));
  expect(passing.passedThrough() - before).toBe(2);
  for (const answer of answers) expect(answer).toEqual(reference);
  // Each request fetched (nothing is kept), always the same fetch body.
  const fetches = proxies.to('governance');
  expect(fetches).toHaveLength(4);
  expect(new Set(fetches.map((fetch) => fetch.body)).size).toBe(1);
  expect(apolloOnly.passedThrough()).toBe(0);
});

it('sends the fetch for each viewer: its own vouch, and each member’s agent sees only its own tickets', async () => {
  const bobigny = await graphql(passing.url, TICKETS, {}, agentOf('BOBIGNY'));
  const before = passing.passedThrough();
  proxies.received = [];
  const syrec = await graphql(passing.url, TICKETS, {}, agentOf('SYREC'));
  const bobignyAgain = await graphql(passing.url, TICKETS, {}, agentOf('BOBIGNY'));
  expect(passing.passedThrough() - before).toBe(2);
  const membersOf = (answer: typeof syrec) => new Set(answer.data.tickets.edges.map((edge: { node: { member: { code: string } } }) => edge.node.member.code));
  expect(membersOf(syrec)).toEqual(new Set(['SYREC']));
  expect(membersOf(bobigny)).toEqual(new Set(['BOBIGNY']));
  expect(bobignyAgain).toEqual(bobigny);
  expect(syrec).toEqual(await graphql(apolloOnly.url, TICKETS, {}, agentOf('SYREC')));
  // What the subgraph was told: the vouch of the viewer who asked, each time.
  const [toSyrec, toBobigny] = proxies.to('operations');
  expect(await verifyVouch(String(toSyrec.headers[VIEWER_HEADER]), TEST_INTERNAL_SECRET)).toMatchObject({ role: 'MEMBER_AGENT', memberCode: 'SYREC' });
  expect(await verifyVouch(String(toBobigny.headers[VIEWER_HEADER]), TEST_INTERNAL_SECRET)).toMatchObject({ role: 'MEMBER_AGENT', memberCode: 'BOBIGNY' });
});

it('is never stale: a ticket opened between two identical reads is in the second', async () => {
  await graphql(passing.url, TICKETS, {}, staff);
  const first = await graphql(passing.url, TICKETS, {}, staff);
  const before = passing.passedThrough();
  const reference = await open('SYREC', 'opened between two reads');
  const second = await graphql(passing.url, TICKETS, {}, staff);
  expect(passing.passedThrough() - before).toBe(1);
  expect(second.data.tickets.totalCount).toBe(first.data.tickets.totalCount + 1);
  expect(second.data.tickets.edges.map((edge: { node: { reference: string } }) => edge.node.reference)).toContain(reference);
});

it('never passes a mutation or a cross-subgraph query through', async () => {
  const before = passing.passedThrough();
  const references = new Set<string>();
  for (let i = 0; i < 3; i += 1) {
    // The same bytes three times: no idempotency key, so three tickets.
    const { data, errors } = await graphql(passing.url, OPEN, { input: { memberCode: 'SYREC', applicationId: 'melodie', kind: 'REQUEST', title: 'same bytes' } }, staff);
    expect(errors).toBeUndefined();
    references.add(data.openTicket.reference);
  }
  expect(references.size).toBe(3);
  const cross = [await post(passing.url, CROSS, {}, staff), await post(passing.url, CROSS, {}, staff)];
  expect(passing.passedThrough()).toBe(before);
  for (const answer of cross) expect(answer).toEqual(await post(apolloOnly.url, CROSS, {}, staff));
});

it('keys on the exact request: other variables are another request, checked by Apollo first', async () => {
  await graphql(passing.url, TICKET_PAGE, { first: 1 }, staff);
  const before = passing.passedThrough();
  const two = await graphql(passing.url, TICKET_PAGE, { first: 2 }, staff);
  expect(passing.passedThrough()).toBe(before);
  expect(two.data.tickets.edges).toHaveLength(2);
  const one = await graphql(passing.url, TICKET_PAGE, { first: 1 }, staff);
  expect(passing.passedThrough()).toBe(before + 1);
  expect(one.data.tickets.edges).toHaveLength(1);
  // An answer Apollo accepted with small variables says nothing of large ones: the cost limit still refuses them, every time.
  expect((await graphql(passing.url, NESTED, { n: 1 }, staff)).errors).toBeUndefined();
  await graphql(passing.url, NESTED, { n: 1 }, staff);
  for (let i = 0; i < 2; i += 1) {
    const refused = await graphql(passing.url, NESTED, { n: 100 }, staff);
    expect(refused.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refused.errors?.[0].extensions?.limit).toBeDefined();
  }
});

it('still checks the credential of every request', async () => {
  await post(passing.url, MEMBERS, {}, staff);
  const forged = `${staff.slice(0, -6)}AAAAAA`;
  const refused = await graphql(passing.url, MEMBERS, {}, forged);
  expect(refused.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  expect(proxies.to('governance')).toHaveLength(1);
});

it('lets Apollo answer when the subgraph answers with errors or fails, exactly as without it', async () => {
  await post(passing.url, MEMBERS, {}, staff);
  const before = passing.passedThrough();
  proxies.behaviour.rewrite = (subgraph, _body, answer) =>
    subgraph === 'governance' ? JSON.stringify({ errors: [{ message: 'members are away', extensions: { code: 'INTERNAL_SERVER_ERROR' } }], data: null }) : answer;
  proxies.received = [];
  const withErrors = await post(passing.url, MEMBERS, {}, staff);
  // Apollo's pipeline read the pass-through's answer: the subgraph was asked once.
  expect(proxies.to('governance')).toHaveLength(1);
  expect(withErrors).toEqual(await post(apolloOnly.url, MEMBERS, {}, staff));
  expect(JSON.parse(withErrors.text).errors[0].message).toMatch(/members are away/);
  proxies.behaviour = { ...passOn(), fail: (subgraph) => subgraph === 'governance' };
  proxies.received = [];
  const failed = await graphql(passing.url, MEMBERS, {}, staff);
  expect(proxies.to('governance')).toHaveLength(1);
  expect(failed.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'governance' });
  expect(failed).toEqual(await graphql(apolloOnly.url, MEMBERS, {}, staff));
  expect(passing.passedThrough()).toBe(before);
  proxies.behaviour = passOn();
  await post(passing.url, MEMBERS, {}, staff);
  expect(passing.passedThrough()).toBe(before + 1);
});

it('leaves cacheable answers to the response cache when it is on, and passes the others through', async () => {
  const hotBefore = cached.hotAnswers();
  for (let i = 0; i < 3; i += 1) await post(cached.url, INDICATORS, {}, staff);
  expect(cached.hotAnswers() - hotBefore).toBe(2);
  expect(cached.passedThrough()).toBe(0);
  for (let i = 0; i < 3; i += 1) await post(cached.url, TICKETS, {}, staff);
  expect(cached.passedThrough()).toBe(2);
});
