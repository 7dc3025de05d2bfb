import { startGateway, type RunningGateway } from '../gateway';
import { OPERATION_LIMITS } from '../gateway/limits';
import type { SubgraphName } from '../lib/config';
import { createLogger } from '../lib/logger';
import { bearer, forgedTokens, postJson, send, type RawAnswer } from './support/abuse';
import { graphql, startTestHub, testConfig, tokenFor, type TestHub } from './support/hub';

/**
 * Issue 6, "Abuse and bad input": a battery of hostile or broken requests against a running
 * gateway. Each one gets a JSON answer with the expected HTTP status and `extensions.code`;
 * nothing is written; and the gateway still answers a normal query quickly afterwards.
 */

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

const subgraphUrls = () =>
  Object.fromEntries(Object.values(hub.subgraphs).map((s) => [s.name, s.url])) as Partial<Record<SubgraphName, string>>;
const silent = createLogger('test', 'silent');

/** `{ council { delegates { member { delegates { member … } } } } }`, `levels` fields deep. */
function nested(levels: number): string {
  let selection = 'code';
  let depth = 2; // council.delegates ... code
  while (depth + 2 <= levels) {
    selection = `member { delegates { ${selection === 'code' ? 'id' : selection} } }`;
    depth += 2;
  }
  return `{ council { delegates { ${selection} } } }`;
}

const COUNCIL = '{ council { delegates { id firstName lastName role seat member { code } } } }';
const APPOINT = 'mutation($input: AppointDelegateInput!) { appointDelegate(input: $input) { id } }';
const validInput = { memberCode: 'LE_BLANC_MESNIL', role: 'TITULAR', firstName: 'Eve', lastName: 'Attaquante' };

interface AbuseCase {
  name: string;
  request: () => RequestInit;
  status: number;
  code: string;
  /** Defaults to the /graphql URL of the gateway under test. */
  url?: (graphqlUrl: string) => string;
  /** Extra checks on the answer. */
  check?: (answer: RawAnswer) => void;
}

const bigString = (bytes: number) => 'x'.repeat(bytes);

const cases: AbuseCase[] = [
  // Transport: batching, media types, body shape and size.
  { name: 'a batched array of operations', request: () => postJson([{ query: '{ staff { total } }' }, { query: '{ staff { total } }' }]), status: 400, code: 'BATCHING_NOT_SUPPORTED' },
  { name: 'an empty batch', request: () => postJson('[]'), status: 400, code: 'BATCHING_NOT_SUPPORTED' },
  { name: 'a text/plain body (the classic CSRF vector)', request: () => ({ method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ staff { total } }' }) }), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'a form-encoded body', request: () => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=%7Bstaff%7Btotal%7D%7D' }), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'a multipart body (file upload attempt)', request: () => ({ method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x\r\n\r\n--x--' }), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'a POST without any content type', request: () => ({ method: 'POST', body: new Blob([JSON.stringify({ query: '{ staff { total } }' })]) }), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'a body that is not JSON', request: () => postJson('{"query": "{ staff { total } }"'), status: 400, code: 'BAD_REQUEST' },
  { name: 'a JSON string instead of an object', request: () => postJson('"{ staff { total } }"'), status: 400, code: 'BAD_REQUEST' },
  { name: 'a JSON null body', request: () => postJson('null'), status: 400, code: 'BAD_REQUEST' },
  { name: 'an empty JSON object', request: () => postJson({}), status: 400, code: 'BAD_REQUEST' },
  { name: 'a query that is not a string', request: () => postJson({ query: 42 }), status: 400, code: 'BAD_REQUEST' },
  { name: 'variables that are not an object', request: () => postJson({ query: '{ staff { total } }', variables: 'x' }), status: 400, code: 'BAD_REQUEST' },
  { name: 'a body over 1 MB', request: () => postJson({ query: '{ staff { total } }', variables: { padding: bigString(1_100_000) } }), status: 413, code: 'PAYLOAD_TOO_LARGE' },
  { name: 'a query of 1 MB of whitespace and fields', request: () => postJson({ query: `{ ${'staff { total } '.repeat(70_000)} }` }), status: 413, code: 'PAYLOAD_TOO_LARGE' },
  // Methods and CSRF prevention.
  { name: 'a simple GET without a preflight header (CSRF prevention)', request: () => ({ method: 'GET' }), url: (u) => `${u}?query=${encodeURIComponent('{ staff { total } }')}`, status: 400, code: 'BAD_REQUEST', check: (a) => expect(a.json.errors[0].message).toMatch(/Cross-Site Request Forgery/) },
  { name: 'a mutation over GET', request: () => ({ method: 'GET', headers: { 'apollo-require-preflight': 'true' } }), url: (u) => `${u}?query=${encodeURIComponent('mutation { removeDelegate(id: "00000000-0000-0000-0000-000000000000") { id } }')}`, status: 405, code: 'BAD_REQUEST', check: (a) => expect(a.headers.get('allow')).toBe('POST') },
  { name: 'a PUT', request: () => ({ ...postJson({ query: '{ staff { total } }' }), method: 'PUT' }), status: 405, code: 'METHOD_NOT_ALLOWED', check: (a) => expect(a.headers.get('allow')).toBe('GET, POST') },
  { name: 'a DELETE', request: () => ({ method: 'DELETE' }), status: 405, code: 'METHOD_NOT_ALLOWED' },
  { name: 'an unknown path', request: () => postJson({ query: '{ staff { total } }' }), url: (u) => u.replace('/graphql', '/admin'), status: 404, code: 'NOT_FOUND' },
  // Parsing and validation limits.
  { name: 'a syntax error', request: () => postJson({ query: '{ members { code ' }), status: 400, code: 'GRAPHQL_PARSE_FAILED' },
  { name: `more than ${OPERATION_LIMITS.maxTokens} tokens`, request: () => postJson({ query: `{ ${'staff { total } '.repeat(600)} }` }), status: 400, code: 'GRAPHQL_PARSE_FAILED', check: (a) => expect(a.json.errors[0].message).toMatch(/token/i) },
  { name: `a query deeper than ${OPERATION_LIMITS.maxDepth}`, request: () => postJson({ query: nested(12) }), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', check: (a) => expect(a.json.errors[0].message).toMatch(/depth limit of 10/) },
  { name: 'depth hidden in nested fragments', request: () => postJson({ query: 'query { council { delegates { ...A } } } fragment A on Delegate { member { delegates { ...B } } } fragment B on Delegate { member { delegates { ...C } } } fragment C on Delegate { member { delegates { member { delegates { member { code } } } } } }' }), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: `more than ${OPERATION_LIMITS.maxAliases} aliases`, request: () => postJson({ query: `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: staff { total }`).join(' ')} }` }), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', check: (a) => expect(a.json.errors[0].message).toMatch(/alias/i) },
  { name: `more than ${OPERATION_LIMITS.maxDirectives} directives`, request: () => postJson({ query: `{ staff { total ${'@include(if: true) '.repeat(25)} } }` }), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', check: (a) => expect(a.json.errors[0].message).toMatch(/directive/i) },
  { name: `a query costing more than ${OPERATION_LIMITS.maxCost}`, request: () => postJson({ query: '{ tickets(first: 100) { edges { node { reference history(first: 100) { edges { node { from to at by comment } } } } } } }' }), status: 400, code: 'GRAPHQL_VALIDATION_FAILED', check: (a) => expect(a.json.errors[0].message).toMatch(/cost limit/i) },
  { name: 'an unknown field', request: () => postJson({ query: '{ members { code password } }' }), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'two operations and no operationName', request: () => postJson({ query: 'query A { staff { total } } query B { staff { women } }' }), status: 400, code: 'BAD_REQUEST' },
  { name: 'an operationName that is not in the document', request: () => postJson({ query: 'query A { staff { total } }', operationName: 'Drop' }), status: 400, code: 'BAD_REQUEST' },
  { name: 'a subscription', request: () => postJson({ query: 'subscription { staff { total } }' }), status: 400, code: 'BAD_REQUEST' },
  // Variables.
  { name: 'an enum variable with an unknown value', request: () => postJson({ query: 'query($k: MemberKind) { members(kind: $k) { code } }', variables: { k: 'ROOT' } }), status: 400, code: 'BAD_USER_INPUT' },
  { name: 'a missing required variable', request: () => postJson({ query: 'query($c: String!) { member(code: $c) { code } }' }), status: 400, code: 'BAD_USER_INPUT' },
  { name: 'a string where an Int is expected', request: () => postJson({ query: APPOINT, variables: { input: { ...validInput, seat: '1; drop table member' } } }, bearer(tokenFor('SII_STAFF'))), status: 400, code: 'BAD_USER_INPUT' },
  { name: 'an input object with an extra field', request: () => postJson({ query: APPOINT, variables: { input: { ...validInput, isPresident: true } } }, bearer(tokenFor('SII_STAFF'))), status: 400, code: 'BAD_USER_INPUT' },
  // Credentials.
  { name: 'an Authorization header that is not Bearer', request: () => postJson({ query: '{ staff { total } }' }, { authorization: 'Basic YWRtaW46YWRtaW4=' }), status: 401, code: 'UNAUTHENTICATED' },
  { name: 'a token signed with another secret', request: () => postJson({ query: '{ staff { total } }' }, bearer(forgedTokens.otherSecret())), status: 401, code: 'UNAUTHENTICATED' },
  { name: 'an alg:none token', request: () => postJson({ query: '{ staff { total } }' }, bearer(forgedTokens.algNone())), status: 401, code: 'UNAUTHENTICATED' },
  { name: 'a token whose payload was edited', request: () => postJson({ query: '{ staff { total } }' }, bearer(forgedTokens.tamperedPayload())), status: 401, code: 'UNAUTHENTICATED' },
  { name: 'an expired token', request: () => postJson({ query: '{ staff { total } }' }, bearer(forgedTokens.expired())), status: 401, code: 'UNAUTHENTICATED' },
  { name: 'a token with an unknown role', request: () => postJson({ query: '{ staff { total } }' }, bearer(forgedTokens.unknownRole())), status: 401, code: 'UNAUTHENTICATED' },
  { name: 'a member agent token without its member', request: () => postJson({ query: '{ staff { total } }' }, bearer(forgedTokens.agentWithoutMember())), status: 401, code: 'UNAUTHENTICATED' },
  // Authorisation and input rules of the resolvers.
  { name: 'a write by an anonymous caller', request: () => postJson({ query: APPOINT, variables: { input: validInput } }), status: 200, code: 'UNAUTHENTICATED', check: (a) => expect(a.json.data).toBeNull() },
  { name: 'a write by a READER', request: () => postJson({ query: APPOINT, variables: { input: validInput } }, bearer(tokenFor('READER'))), status: 200, code: 'FORBIDDEN' },
  { name: 'a write by a MEMBER_AGENT', request: () => postJson({ query: APPOINT, variables: { input: validInput } }, bearer(tokenFor('MEMBER_AGENT', 'LE_BLANC_MESNIL'))), status: 200, code: 'FORBIDDEN' },
  { name: 'a name of 10 000 characters', request: () => postJson({ query: APPOINT, variables: { input: { ...validInput, lastName: bigString(10_000) } } }, bearer(tokenFor('SII_STAFF'))), status: 200, code: 'BAD_USER_INPUT' },
  { name: 'an SQL injection in a member code', request: () => postJson({ query: APPOINT, variables: { input: { ...validInput, memberCode: "BOBIGNY' OR '1'='1" } } }, bearer(tokenFor('SII_STAFF'))), status: 200, code: 'BAD_USER_INPUT' },
  { name: 'an id that is not a UUID', request: () => postJson({ query: 'mutation { removeDelegate(id: "1 or 1=1") { id } }' }, bearer(tokenFor('SII_STAFF'))), status: 200, code: 'NOT_FOUND' },
];

describe.each(['development', 'production'] as const)('abuse and bad input through the gateway (%s)', (mode) => {
  let gateway: RunningGateway;
  let before: unknown;
  beforeAll(async () => {
    gateway =
      mode === 'development'
        ? hub.gateway
        : await startGateway({ port: 0, subgraphUrls: subgraphUrls(), config: { ...testConfig, isProduction: true }, logger: silent });
    before = (await graphql(gateway.url, COUNCIL)).data;
  });
  afterAll(async () => {
    if (mode === 'production') await gateway?.stop();
  });

  it('has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases.map((c) => [c.name, c] as const))('answers %s with a coded JSON error', async (_name, abuse) => {
    const answer = await send(abuse.url?.(gateway.url) ?? gateway.url, abuse.request());
    expect({ status: answer.status, codes: answer.codes }).toEqual({ status: abuse.status, codes: expect.arrayContaining([abuse.code]) });
    expect(answer.contentType).toMatch(/^application\/(graphql-response\+)?json/);
    abuse.check?.(answer);
    // Stack traces are for development only; SQL and internal URLs never leave a service.
    const text = JSON.stringify(answer.json.errors ?? []);
    if (mode === 'production') expect(text).not.toMatch(/stacktrace|node_modules|\.ts:\d+/);
    expect(text.replace(/"stacktrace":\[[^\]]*\]/g, '')).not.toMatch(/select |insert |127\.0\.0\.1:\d+/i);
  });

  it('wrote nothing, and still answers a normal query in under a second', async () => {
    const startedAt = performance.now();
    const after = await graphql(gateway.url, COUNCIL);
    const elapsedMs = performance.now() - startedAt;
    expect(after.errors).toBeUndefined();
    expect(after.data).toEqual(before);
    expect(elapsedMs).toBeLessThan(1000);
  });
});

describe('a burst from one client', () => {
  let limited: RunningGateway;
  beforeAll(async () => {
    limited = await startGateway({
      port: 0,
      subgraphUrls: subgraphUrls(),
      config: { ...testConfig, rateLimit: { perSecond: 1, burst: 5 } },
      logger: silent,
    });
  });
  afterAll(() => limited?.stop());

  it('is answered 429 with Retry-After once its bucket is empty, while health probes still pass', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, () => send(limited.url, postJson({ query: '{ staff { total } }' }))));
    const ok = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 429);
    expect(ok.length).toBe(5);
    expect(refused.length).toBe(7);
    for (const answer of refused) {
      expect(answer.codes).toEqual(['RATE_LIMITED']);
      expect(answer.contentType).toMatch(/application\/json/);
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    const live = await fetch(limited.url.replace('/graphql', '/health/live'));
    expect(live.status).toBe(200);
  });
});

describe('in production', () => {
  let production: RunningGateway;
  beforeAll(async () => {
    production = await startGateway({ port: 0, subgraphUrls: subgraphUrls(), config: { ...testConfig, isProduction: true }, logger: silent });
  });
  afterAll(() => production?.stop());

  it('refuses introspection', async () => {
    const answer = await send(production.url, postJson({ query: '{ __schema { types { name } } }' }));
    expect(answer.status).toBe(400);
    expect(answer.codes).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const typeProbe = await send(production.url, postJson({ query: '{ __type(name: "Member") { fields { name } } }' }));
    expect(typeProbe.codes).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('gives no field suggestions and no stack traces', async () => {
    const answer = await send(production.url, postJson({ query: '{ staf { total } membres { code } }' }));
    expect(answer.status).toBe(400);
    const text = JSON.stringify(answer.json);
    expect(text).not.toMatch(/Did you mean/);
    expect(text).not.toMatch(/stacktrace/);
  });

  it('still serves ordinary queries (and __typename)', async () => {
    const answer = await send(production.url, postJson({ query: '{ __typename staff { total } }' }));
    expect(answer.status).toBe(200);
    expect(answer.json.data).toEqual({ __typename: 'Query', staff: { total: 25 } });
  });

  it('keeps introspection in development', async () => {
    const answer = await send(hub.url, postJson({ query: '{ __schema { queryType { name } } }' }));
    expect(answer.json.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});
