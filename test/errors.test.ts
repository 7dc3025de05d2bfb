import { signToken } from '../lib/auth';
import { SUBGRAPHS } from '../subgraphs';
import { graphql, startTestHub, type TestHub } from './support/hub';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

describe('errors carry the contract’s codes', () => {
  it('GRAPHQL_VALIDATION_FAILED for an unknown field', async () => {
    const { errors } = await graphql(hub.url, '{ members { shoeSize } }');
    expect(errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('BAD_USER_INPUT for a variable of the wrong type', async () => {
    const { errors } = await graphql(hub.url, 'query M($kind: MemberKind) { members(kind: $kind) { code } }', { kind: 'VILLAGE' });
    expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it.each([
    ['a token signed with another secret', `Bearer ${signToken({ sub: 'x', role: 'SII_STAFF' }, 'another-secret-of-sixteen-chars')}`],
    ['a malformed header', 'Token abc'],
    ['garbage', 'Bearer not.a.jwt'],
  ])('UNAUTHENTICATED for %s, even on a public query', async (_label, authorization) => {
    const response = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query: '{ members { code } }' }),
    });
    const body = (await response.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.data ?? null).toBeNull();
  });

  it('answers a non-JSON POST with 415 as JSON', async () => {
    const response = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{ members { code } }' });
    expect(response.status).toBe(415);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a body that is not JSON with 400 as JSON', async () => {
    const response = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{ nope' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('reports readiness and liveness', async () => {
    const base = hub.url.replace(/\/graphql$/, '');
    const live = await fetch(`${base}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', subgraphs: Object.fromEntries(SUBGRAPHS.map((s) => [s.name, 'ready'])) });
  });
});
