import { createHash } from 'node:crypto';
import { startGateway } from '../gateway';
import type { SubgraphName } from '../lib/config';
import { API_KEY_CHECK_PATH } from '../lib/identity/api-keys';
import { signServiceToken } from '../lib/identity/vouch';
import { createLogger } from '../lib/logger';
import { freePort } from '../lib/ports';
import { bearer, postJson, send } from './support/abuse';
import { graphql, startTestHub, TEST_INTERNAL_SECRET, testConfig, type TestHub, tokenFor } from './support/hub';

/**
 * Issue 12, service accounts: hub-issued API keys for BI tools, created and revoked by SII_STAFF,
 * shown once, stored hashed, scoped to a role (and a member), with expiry and last use, accepted as
 * `Authorization: Bearer` and `X-API-Key` on GraphQL and the exports; revocation holds from the
 * next request on.
 */

jest.setTimeout(60_000);

let hub: TestHub;
const staff = () => tokenFor('SII_STAFF');
const year = new Date().getUTCFullYear();

const FIELDS = 'id name prefix role member { code } createdBy expiresAt lastUsedAt revokedAt revokedBy active';
const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { ${FIELDS} } } }`;
const REVOKE = `mutation($id: ID!) { revokeApiKey(id: $id) { ${FIELDS} } }`;
const LIST = `{ apiKeys { ${FIELDS} } }`;
const PROBE = '{ tickets(first: 50) { edges { node { member { code } } } } }';

async function createKey(input: Record<string, unknown>, token = staff()): Promise<{ secret: string; apiKey: Record<string, any> }> {
  const { data, errors } = await graphql(hub.url, CREATE, { input }, token);
  expect(errors).toBeUndefined();
  return data.createApiKey;
}

/** Who the hub takes the caller for (tickets are scoped by role and member). */
async function whoIs(headers: Record<string, string>): Promise<string> {
  const answer = await send(hub.url, postJson({ query: PROBE }, headers));
  if (answer.status !== 200) return `${answer.status} ${answer.codes.join(',')}`;
  if (answer.codes[0] === 'UNAUTHENTICATED') return 'anonymous';
  if (answer.codes[0] === 'FORBIDDEN') return 'READER';
  const members = [...new Set(answer.json.data.tickets.edges.map((edge: { node: { member: { code: string } } }) => edge.node.member.code))].sort();
  return members.length > 1 ? `SII_STAFF ${members.join('+')}` : `MEMBER_AGENT ${members[0]}`;
}

const exportAs = (headers: Record<string, string>) =>
  fetch(hub.url.replace('/graphql', `/export/ticket-volume.json?year=${year}&groupBy=MEMBER`), { headers });

const sql = <T = Record<string, any>>(text: string, params: unknown[] = []) => hub.subgraphs.governance.orm.em.fork().execute<T[]>(text, params);

beforeAll(async () => {
  hub = await startTestHub();
  for (const memberCode of ['BOBIGNY', 'SYREC']) {
    const opened = await graphql(
      hub.url,
      'mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }',
      { input: { memberCode, kind: 'REQUEST', queue: 'SUPPORT', priority: 'LOW', title: `API key probe ${memberCode}` } },
      staff(),
    );
    expect(opened.errors).toBeUndefined();
  }
});
afterAll(() => hub?.stop());

describe('an API key, from creation to revocation', () => {
  it('is shown once, works as Bearer and as X-API-Key on GraphQL and the exports, and is refused from the request after its revocation', async () => {
    const { secret, apiKey } = await createKey({ name: 'Power BI – Bobigny tickets', role: 'MEMBER_AGENT', memberCode: 'bobigny' });
    expect(secret).toMatch(/^siihub_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ name: 'Power BI – Bobigny tickets', role: 'MEMBER_AGENT', member: { code: 'BOBIGNY' }, createdBy: 'sii_staff@test', lastUsedAt: null, revokedAt: null, active: true });
    expect(secret.startsWith(`${apiKey.prefix}_`)).toBe(true);
    // About a year by default.
    expect(Date.parse(apiKey.expiresAt) - Date.now()).toBeGreaterThan(364 * 86_400_000);

    expect(await whoIs(bearer(secret))).toBe('MEMBER_AGENT BOBIGNY');
    expect(await whoIs({ 'x-api-key': secret })).toBe('MEMBER_AGENT BOBIGNY');
    for (const headers of [bearer(secret), { 'x-api-key': secret }]) {
      const response = await exportAs(headers);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { rows: { key: string }[] }).rows.map((row) => row.key)).toEqual(['BOBIGNY', 'TOTAL']);
    }

    // The list never shows the secret again.
    const listed = await graphql(hub.url, LIST, {}, staff());
    expect(listed.errors).toBeUndefined();
    expect(JSON.stringify(listed.data)).not.toContain(secret.slice(16));
    expect(listed.data.apiKeys.find((key: { id: string }) => key.id === apiKey.id)).toMatchObject({ prefix: apiKey.prefix, active: true });

    const revoked = await graphql(hub.url, REVOKE, { id: apiKey.id }, staff());
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data.revokeApiKey).toMatchObject({ id: apiKey.id, revokedBy: 'sii_staff@test', active: false });

    // The very next request is refused: nothing caches a key.
    for (const headers of [bearer(secret), { 'x-api-key': secret }]) {
      const answer = await send(hub.url, postJson({ query: PROBE }, headers));
      expect([answer.status, answer.codes]).toEqual([401, ['UNAUTHENTICATED']]);
      expect(answer.json.errors[0].message).toBe('Invalid API key: the key "Power BI – Bobigny tickets" was revoked');
      const exported = await exportAs(headers);
      expect(exported.status).toBe(401);
      expect(((await exported.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('acts with its role: a staff key sees every member, a reader key none', async () => {
    const staffKey = await createKey({ name: 'Grafana – SII', role: 'SII_STAFF' });
    const readerKey = await createKey({ name: 'Excel – public figures', role: 'READER' });
    expect(await whoIs({ 'x-api-key': staffKey.secret })).toBe('SII_STAFF BOBIGNY+SYREC');
    expect(await whoIs({ 'x-api-key': readerKey.secret })).toBe('READER');
    const readerExport = await exportAs({ 'x-api-key': readerKey.secret });
    expect(((await readerExport.json()) as { rows: { key: string }[] }).rows.map((row) => row.key)).toEqual(['TOTAL']);
  });

  it('is stored as the SHA-256 of the key only, and the audit trail records creation and revocation, never the secret', async () => {
    const { secret, apiKey } = await createKey({ name: 'Stored hashed', role: 'READER' });
    const [row] = await sql('select * from "governance"."api_key" where id = ?', [apiKey.id]);
    expect(row.secret_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(`siihub_${row.prefix}`).toBe(apiKey.prefix);
    expect(JSON.stringify(row)).not.toContain(secret.slice(16));
    await graphql(hub.url, REVOKE, { id: apiKey.id }, staff());
    await graphql(hub.url, REVOKE, { id: apiKey.id }, staff()); // a second revocation changes nothing
    const changes = await sql("select action, before, after, actor_kind, actor_subject, actor_role from \"governance\".\"change\" where entity = 'ApiKey' and entity_id = ? order by id", [apiKey.id]);
    expect(changes).toEqual([
      {
        action: 'CREATE',
        before: null,
        after: { name: 'Stored hashed', prefix: apiKey.prefix, role: 'READER', memberCode: null, expiresAt: apiKey.expiresAt },
        actor_kind: 'USER',
        actor_subject: 'sii_staff@test',
        actor_role: 'SII_STAFF',
      },
      {
        action: 'UPDATE',
        before: { revokedAt: null, revokedBy: null },
        after: { revokedAt: expect.any(String), revokedBy: 'sii_staff@test' },
        actor_kind: 'USER',
        actor_subject: 'sii_staff@test',
        actor_role: 'SII_STAFF',
      },
    ]);
    const anywhere = await sql('select count(*)::int as n from "governance"."change" where after::text like ? or before::text like ?', [`%${secret.slice(16)}%`, `%${secret.slice(16)}%`]);
    expect(anywhere[0].n).toBe(0);
  });

  it('records its last use at most once a minute', async () => {
    const { secret, apiKey } = await createKey({ name: 'Last use', role: 'READER' });
    await whoIs(bearer(secret));
    const [first] = await sql('select last_used_at from "governance"."api_key" where id = ?', [apiKey.id]);
    expect(first.last_used_at).not.toBeNull();
    await whoIs(bearer(secret));
    await whoIs({ 'x-api-key': secret });
    const [second] = await sql('select last_used_at from "governance"."api_key" where id = ?', [apiKey.id]);
    expect(new Date(second.last_used_at).getTime()).toBe(new Date(first.last_used_at).getTime());
    // A minute later (moved back in the table), the next use is recorded again.
    await sql('update "governance"."api_key" set last_used_at = last_used_at - interval \'61 seconds\' where id = ?', [apiKey.id]);
    await whoIs(bearer(secret));
    const [third] = await sql('select last_used_at from "governance"."api_key" where id = ?', [apiKey.id]);
    expect(new Date(third.last_used_at).getTime()).toBeGreaterThan(new Date(first.last_used_at).getTime() - 61_000);
    const listed = await graphql(hub.url, LIST, {}, staff());
    expect(listed.data.apiKeys.find((key: { id: string }) => key.id === apiKey.id).lastUsedAt).toBe(new Date(third.last_used_at).toISOString());
  });

  it('is refused once expired', async () => {
    const { secret, apiKey } = await createKey({ name: 'Expiring', role: 'READER', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(await whoIs(bearer(secret))).toBe('READER');
    await sql("update \"governance\".\"api_key\" set created_at = now() - interval '2 days', expires_at = now() - interval '1 second' where id = ?", [apiKey.id]);
    const answer = await send(hub.url, postJson({ query: PROBE }, bearer(secret)));
    expect([answer.status, answer.codes]).toEqual([401, ['UNAUTHENTICATED']]);
    expect(answer.json.errors[0].message).toMatch(/^Invalid API key: the key "Expiring" expired on /);
  });

  it('writes as an API key: a change made with a staff key names the key in the audit trail', async () => {
    const { secret } = await createKey({ name: 'Automation – SII', role: 'SII_STAFF' });
    const created = await send(hub.url, postJson({ query: CREATE, variables: { input: { name: 'Made by a key', role: 'READER' } } }, { 'x-api-key': secret }));
    expect(created.codes).toEqual([]);
    const [change] = await sql("select actor_kind, actor_subject, actor_role from \"governance\".\"change\" where entity = 'ApiKey' and entity_id = ?", [created.json.data.createApiKey.apiKey.id]);
    expect(change).toEqual({ actor_kind: 'API_KEY', actor_subject: 'Automation – SII', actor_role: 'SII_STAFF' });
    expect(created.json.data.createApiKey.apiKey.createdBy).toBe('Automation – SII');
  });
});

describe('what is refused', () => {
  it.each([
    ['an unknown key', `siihub_abcd1234_${'A'.repeat(43)}`, /^Invalid API key: unknown key$/],
    ['a malformed key', 'siihub_not-a-key', /^Invalid API key: not a key this hub issues/],
  ])('%s, as Bearer and as X-API-Key, with 401 (never as an anonymous reader)', async (_label, key, message) => {
    for (const headers of [bearer(key), { 'x-api-key': key }]) {
      const answer = await send(hub.url, postJson({ query: '{ members { code } }' }, headers));
      expect([answer.status, answer.codes]).toEqual([401, ['UNAUTHENTICATED']]);
      expect(answer.json.errors[0].message).toMatch(message);
    }
  });

  it('two credentials at once', async () => {
    const { secret } = await createKey({ name: 'Both headers', role: 'READER' });
    const answer = await send(hub.url, postJson({ query: '{ members { code } }' }, { ...bearer(staff()), 'x-api-key': secret }));
    expect([answer.status, answer.codes]).toEqual([401, ['UNAUTHENTICATED']]);
    expect(answer.json.errors[0].message).toMatch(/Send one credential/);
  });

  it('managing keys without SII_STAFF: anonymous UNAUTHENTICATED, others FORBIDDEN, and nothing is written', async () => {
    const before = await sql('select count(*)::int as n from "governance"."api_key"');
    const { apiKey } = await createKey({ name: 'Not yours', role: 'READER' });
    for (const [token, code] of [
      [undefined, 'UNAUTHENTICATED'],
      [tokenFor('READER'), 'FORBIDDEN'],
      [tokenFor('MEMBER_AGENT', 'BOBIGNY'), 'FORBIDDEN'],
    ] as const) {
      for (const [query, variables] of [
        [LIST, {}],
        [CREATE, { input: { name: `by ${code}`, role: 'SII_STAFF' } }],
        [REVOKE, { id: apiKey.id }],
      ] as const) {
        const answer = await graphql(hub.url, query, variables, token);
        expect(answer.errors?.map((error) => error.extensions?.code)).toEqual([code]);
      }
    }
    const after = await sql('select count(*)::int as n from "governance"."api_key"');
    expect(after[0].n).toBe(before[0].n + 1);
    const [row] = await sql('select revoked_at from "governance"."api_key" where id = ?', [apiKey.id]);
    expect(row.revoked_at).toBeNull();
  });

  it.each([
    ['a MEMBER_AGENT key without member', { name: 'x1', role: 'MEMBER_AGENT' }, 'memberCode', /needs memberCode/],
    ['a member on a READER key', { name: 'x2', role: 'READER', memberCode: 'BOBIGNY' }, 'memberCode', /only goes with MEMBER_AGENT/],
    ['an unknown member', { name: 'x3', role: 'MEMBER_AGENT', memberCode: 'PARIS' }, 'memberCode', /No member has the code PARIS/],
    ['an empty name', { name: '   ', role: 'READER' }, 'name', /name must be 1 to 100 characters/],
    ['a name too long', { name: 'n'.repeat(101), role: 'READER' }, 'name', /name must be 1 to 100 characters/],
    ['an expiry in the past', { name: 'x4', role: 'READER', expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt', /must be in the future/],
    ['an expiry more than two years ahead', { name: 'x5', role: 'READER', expiresAt: new Date(Date.now() + 731 * 86_400_000).toISOString() }, 'expiresAt', /at most 730 days ahead/],
  ])('%s: BAD_USER_INPUT naming the field, nothing created', async (_label, input, field, message) => {
    const before = await sql('select count(*)::int as n from "governance"."api_key"');
    const answer = await graphql(hub.url, CREATE, { input }, staff());
    expect(answer.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(answer.errors?.[0].message).toMatch(message);
    expect((await sql('select count(*)::int as n from "governance"."api_key"'))[0].n).toBe(before[0].n);
  });

  it('a second key with the same name (CONFLICT), and revoking a key that does not exist (NOT_FOUND)', async () => {
    await createKey({ name: 'Unique name', role: 'READER' });
    const duplicate = await graphql(hub.url, CREATE, { input: { name: ' Unique   name ', role: 'READER' } }, staff());
    expect(duplicate.errors?.[0].extensions?.code).toBe('CONFLICT');
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const missing = await graphql(hub.url, REVOKE, { id }, staff());
      expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
  });
});

describe('the key check behind the gateway', () => {
  const checkUrl = () => new URL(API_KEY_CHECK_PATH, hub.subgraphs.governance.url).toString();

  it('is an internal route of governance, answered only to the holder of HUB_INTERNAL_SECRET', async () => {
    const { secret } = await createKey({ name: 'Internal check', role: 'READER' });
    const body = JSON.stringify({ key: secret });
    const headers = { 'content-type': 'application/json' };
    expect((await fetch(checkUrl(), { method: 'POST', headers, body })).status).toBe(401);
    expect((await fetch(checkUrl(), { method: 'POST', headers: { ...headers, 'x-hub-internal': signServiceToken('another-internal-secret-of-32-bytes!!') }, body })).status).toBe(401);
    const genuine = await fetch(checkUrl(), { method: 'POST', headers: { ...headers, 'x-hub-internal': signServiceToken(TEST_INTERNAL_SECRET) }, body });
    expect(genuine.status).toBe(200);
    expect(await genuine.json()).toEqual({ viewer: { subject: 'Internal check', role: 'READER', memberCode: null } });
    // Not reachable through the public gateway.
    expect((await fetch(hub.url.replace('/graphql', API_KEY_CHECK_PATH), { method: 'POST', headers, body })).status).toBe(404);
  });

  it('out of reach: a key gets SERVICE_UNAVAILABLE (503, Retry-After), never anonymous access; tokens and anonymous reads still work', async () => {
    const { secret } = await createKey({ name: 'Governance down', role: 'SII_STAFF' });
    const subgraphUrls = Object.fromEntries(Object.values(hub.subgraphs).map((s) => [s.name, s.url])) as Partial<Record<SubgraphName, string>>;
    const gateway = await startGateway({
      port: 0,
      subgraphUrls: { ...subgraphUrls, governance: `http://127.0.0.1:${await freePort()}/graphql` },
      config: testConfig,
      logger: createLogger('test', 'silent'),
    });
    try {
      const query = { query: '{ domains { code } }' };
      const answer = await send(gateway.url, postJson(query, { 'x-api-key': secret }));
      expect([answer.status, answer.codes]).toEqual([503, ['SERVICE_UNAVAILABLE']]);
      expect(answer.headers.get('retry-after')).toBe('5');
      expect((await send(gateway.url, postJson(query))).json.data.domains.length).toBeGreaterThan(0);
      expect((await send(gateway.url, postJson(query, bearer(staff())))).json.data.domains.length).toBeGreaterThan(0);
    } finally {
      await gateway.stop();
    }
  });
});
