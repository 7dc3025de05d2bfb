import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputType,
} from 'graphql';
import { startGateway } from '../gateway';
import { buildFederatedSchema } from '../lib/subgraph';
import { createLogger } from '../lib/logger';
import { subgraphNamed } from '../subgraphs';
import { bearer, forgedTokens, postJson, send } from './support/abuse';
import { graphql, startTestHub, testConfig, tokenFor, type TestHub } from './support/hub';

/**
 * Issue 6, "Who sees what" for the parts that exist: identity is re-verified by every subgraph,
 * so a request sent straight to a subgraph with forged headers or tokens gets nothing more than an
 * anonymous reader; governance and catalogue are readable by all and writable by SII_STAFF only.
 */

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

const silent = createLogger('test', 'silent');
const governanceUrl = () => hub.subgraphs.governance.url;
const SNAPSHOT = '{ council { delegates { id firstName lastName role seat member { code } } } members { code name } orgUnits { code headcount } }';
const CATALOGUE_SNAPSHOT = '{ domains { code name applications { id name aliases } } serviceOfferings { id name } }';

/** Everything governance and catalogue hold, read through the gateway. */
async function snapshot() {
  const [governance, catalogue] = await Promise.all([graphql(hub.url, SNAPSHOT), graphql(hub.url, CATALOGUE_SNAPSHOT)]);
  expect(governance.errors).toBeUndefined();
  expect(catalogue.errors).toBeUndefined();
  return { governance: governance.data, catalogue: catalogue.data };
}

async function aRemovableDelegateId(): Promise<string> {
  const { data } = await graphql(hub.url, '{ council { delegates { id isPresident } } }');
  return data.council.delegates.find((d: { isPresident: boolean }) => !d.isPresident).id;
}

const FORGED_IDENTITY_HEADERS = {
  'x-role': 'SII_STAFF',
  'x-user-role': 'SII_STAFF',
  'x-member': 'BOBIGNY',
  'x-hub-role': 'SII_STAFF',
  'x-viewer': JSON.stringify({ role: 'SII_STAFF', subject: 'mallory' }),
  'x-forwarded-user': 'staff@sii',
  'x-internal-identity': 'SII_STAFF',
};

describe('a request sent straight to a subgraph', () => {
  const REMOVE = 'mutation($id: ID!) { removeDelegate(id: $id) { id } }';

  it('is anonymous whatever identity headers it forges: a write is UNAUTHENTICATED and changes nothing', async () => {
    const before = await snapshot();
    const id = await aRemovableDelegateId();
    const answer = await send(governanceUrl(), postJson({ query: REMOVE, variables: { id } }, FORGED_IDENTITY_HEADERS));
    expect(answer.codes).toEqual(['UNAUTHENTICATED']);
    expect(answer.json.data).toBeNull();
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['signed with another secret', () => forgedTokens.otherSecret()],
    ['with alg none', () => forgedTokens.algNone()],
    ['with an edited payload', () => forgedTokens.tamperedPayload()],
    ['expired', () => forgedTokens.expired()],
    ['with an unknown role', () => forgedTokens.unknownRole()],
    ['of a member agent without member', () => forgedTokens.agentWithoutMember()],
  ])('refuses a token %s with 401 UNAUTHENTICATED, reads included', async (_label, token) => {
    const before = await snapshot();
    const id = await aRemovableDelegateId();
    for (const query of [{ query: REMOVE, variables: { id } }, { query: '{ members { code } }' }]) {
      const answer = await send(governanceUrl(), postJson(query, { ...bearer(token()), ...FORGED_IDENTITY_HEADERS }));
      expect(answer.status).toBe(401);
      expect(answer.codes).toEqual(['UNAUTHENTICATED']);
      expect(answer.json.data).toBeUndefined();
    }
    expect(await snapshot()).toEqual(before);
  });

  it('gives a member agent or reader token no write, even with headers claiming staff', async () => {
    const before = await snapshot();
    const id = await aRemovableDelegateId();
    for (const token of [tokenFor('MEMBER_AGENT', 'BOBIGNY'), tokenFor('READER')]) {
      const answer = await send(governanceUrl(), postJson({ query: REMOVE, variables: { id } }, { ...bearer(token), ...FORGED_IDENTITY_HEADERS }));
      expect(answer.codes).toEqual(['FORBIDDEN']);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('answers the same public reads as the gateway to an anonymous caller (reads are open to all)', async () => {
    const direct = await send(governanceUrl(), postJson({ query: '{ staff { total } }' }));
    expect(direct.json).toEqual({ data: { staff: { total: 25 } } });
  });

  it('honours a genuine staff token, because it verifies the same JWT as the gateway', async () => {
    const answer = await send(governanceUrl(), postJson({ query: '{ council { president { fullName } } }' }, bearer(tokenFor('SII_STAFF'))));
    expect(answer.json).toEqual({ data: { council: { president: { fullName: 'Laurent Chauvin' } } } });
  });

  it('does not let a caller choose its own request id when it is not a plain token', async () => {
    const injected = 'abc\r\nx-role: SII_STAFF'.replace(/[\r\n]/g, ' ');
    const answer = await fetch(governanceUrl(), { ...postJson({ query: '{ staff { total } }' }), headers: { 'content-type': 'application/json', 'x-request-id': `${injected}${'z'.repeat(200)}` } });
    expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const plain = await fetch(governanceUrl(), { ...postJson({ query: '{ staff { total } }' }), headers: { 'content-type': 'application/json', 'x-request-id': 'client-123' } });
    expect(plain.headers.get('x-request-id')).toBe('client-123');
  });
});

describe('what the gateway passes on to a subgraph', () => {
  it('is the caller\'s bearer token and the request id, never the caller\'s other headers', async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    // A stand-in governance subgraph that records what reaches it.
    const fake = http.createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: { staff: { total: 1, women: 1, men: 0 } } }));
      });
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    const gateway = await startGateway({
      port: 0,
      subgraphUrls: { governance: `http://127.0.0.1:${(fake.address() as AddressInfo).port}/graphql`, catalogue: hub.subgraphs.catalogue.url },
      config: testConfig,
      logger: silent,
    });
    try {
      const token = tokenFor('READER');
      const answer = await send(
        gateway.url,
        postJson({ query: '{ staff { total } }' }, { ...bearer(token), ...FORGED_IDENTITY_HEADERS, cookie: 'session=1', 'x-request-id': 'trace-42' }),
      );
      expect(answer.json).toEqual({ data: { staff: { total: 1 } } });
      expect(seen).toHaveLength(1);
      expect(seen[0].authorization).toBe(`Bearer ${token}`);
      expect(seen[0]['x-request-id']).toBe('trace-42');
      for (const header of [...Object.keys(FORGED_IDENTITY_HEADERS), 'cookie']) expect(seen[0][header]).toBeUndefined();
    } finally {
      await gateway.stop();
      await new Promise<void>((resolve) => fake.close(() => resolve()));
    }
  });
});

/** Builds arguments for any mutation field: realistic ones where we know them, type-shaped otherwise. */
function sampleValue(type: GraphQLInputType): unknown {
  const named = getNamedType(type);
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [sampleValue(nullable.ofType)];
  if (isEnumType(named)) return named.getValues()[0].value;
  if (isInputObjectType(named)) {
    return Object.fromEntries(
      Object.values(named.getFields())
        .filter((field) => isNonNullType(field.type))
        .map((field) => [field.name, sampleValue(field.type)]),
    );
  }
  if (isScalarType(named)) {
    if (named.name === 'Int') return 1;
    if (named.name === 'Float') return 1.5;
    if (named.name === 'Boolean') return true;
    if (named.name === 'ID') return '00000000-0000-0000-0000-000000000000';
    return 'sample';
  }
  return null;
}

describe.each(['governance', 'catalogue'])('every write of %s', (name) => {
  it('is refused to anonymous callers, readers and member agents, through the gateway and directly, changing nothing', async () => {
    const schema = await buildFederatedSchema(subgraphNamed(name));
    const mutations = Object.values(schema.getMutationType()?.getFields() ?? {});
    if (name === 'governance') expect(mutations.map((m) => m.name).sort()).toEqual(['appointDelegate', 'removeDelegate']);
    const before = await snapshot();
    const removable = await aRemovableDelegateId();
    const realistic: Record<string, Record<string, unknown>> = {
      appointDelegate: { input: { memberCode: 'LE_BLANC_MESNIL', role: 'TITULAR', firstName: 'Eve', lastName: 'Intruse' } },
      removeDelegate: { id: removable },
    };
    for (const mutation of mutations) {
      const args = mutation.args.filter((arg) => isNonNullType(arg.type) || realistic[mutation.name]?.[arg.name] !== undefined);
      const variables = Object.fromEntries(args.map((arg) => [arg.name, realistic[mutation.name]?.[arg.name] ?? sampleValue(arg.type)]));
      const definitions = args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
      const call = args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
      const query = `mutation${definitions ? `(${definitions})` : ''} { ${mutation.name}${call ? `(${call})` : ''} { __typename } }`;
      for (const [token, code] of [
        [undefined, 'UNAUTHENTICATED'],
        [tokenFor('READER'), 'FORBIDDEN'],
        [tokenFor('MEMBER_AGENT', 'LE_BLANC_MESNIL'), 'FORBIDDEN'],
      ] as const) {
        for (const url of [hub.url, hub.subgraphs[name].url]) {
          const answer = await send(url, postJson({ query, variables }, token ? bearer(token) : {}));
          expect({ mutation: mutation.name, url, codes: answer.codes }).toEqual({ mutation: mutation.name, url, codes: [code] });
        }
      }
    }
    expect(await snapshot()).toEqual(before);
  });
});
