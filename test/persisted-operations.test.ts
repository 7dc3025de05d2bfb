import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGateway, type RunningGateway } from '../gateway';
import { loadPersistedOperations, NOT_IN_LIST, PERSISTED_OPERATIONS_PATH } from '../gateway/persisted-operations';
import type { SubgraphName } from '../lib/config';
import { createLogger } from '../lib/logger';
import { createHubClient, operations } from '../sdk/index';
import { startTestHub, testConfig, tokenFor, type TestHub } from './support/hub';

const manifest: Record<string, string> = JSON.parse(fs.readFileSync(PERSISTED_OPERATIONS_PATH, 'utf8'));
const dashboard = operations.memberDashboard;

async function post(url: string, body: unknown, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } };
}
const byHash = (sha256Hash: string, variables: Record<string, unknown> = {}) => ({ variables, extensions: { persistedQuery: { version: 1, sha256Hash } } });
const UNKNOWN_HASH = 'f'.repeat(64);

let hub: TestHub;
let strict: RunningGateway;
let lenient: RunningGateway;
beforeAll(async () => {
  hub = await startTestHub();
  // Both modes side by side, whatever HUB_PERSISTED_OPERATIONS_ONLY says for the test hub's own gateway.
  const gatewayIn = (persistedOperationsOnly: boolean) =>
    startGateway({
      port: 0,
      subgraphUrls: Object.fromEntries(Object.values(hub.subgraphs).map((s) => [s.name, s.url])) as Partial<Record<SubgraphName, string>>,
      config: { ...testConfig, isProduction: true, persistedOperationsOnly },
      logger: createLogger('test', 'silent'),
    });
  strict = await gatewayIn(true);
  lenient = await gatewayIn(false);
});
afterAll(async () => {
  await strict?.stop();
  await lenient?.stop();
  await hub?.stop();
});


describe('by default', () => {
  it('runs an SDK operation sent by hash alone', async () => {
    const { body } = await post(lenient.url, byHash(dashboard.sha256, { code: 'BOBIGNY' }), tokenFor('MEMBER_AGENT', 'BOBIGNY'));
    expect(body.errors).toBeUndefined();
    expect(body.data.member).toMatchObject({ code: 'BOBIGNY', name: 'Bobigny' });
  });

  it('still runs any document, and follows the APQ protocol for unknown hashes', async () => {
    expect((await post(lenient.url, { query: '{ staff { total } }' })).body).toEqual({ data: { staff: { total: 25 } } });
    const unknown = await post(lenient.url, byHash(UNKNOWN_HASH));
    expect(unknown.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});

describe('with HUB_PERSISTED_OPERATIONS_ONLY=true', () => {
  it('runs the SDK operations, by hash or by their exact text, queries and mutations alike', async () => {
    const byHashOnly = await post(strict.url, byHash(dashboard.sha256, { code: 'SYREC' }), tokenFor('MEMBER_AGENT', 'SYREC'));
    expect(byHashOnly.body.data.member.code).toBe('SYREC');
    const byText = await post(strict.url, { query: dashboard.document, variables: { code: 'SIRESCO' } }, tokenFor('MEMBER_AGENT', 'SIRESCO'));
    expect(byText.body.data.member.code).toBe('SIRESCO');

    const client = createHubClient({ url: strict.url, token: tokenFor('SII_STAFF') });
    expect((await client.memberDashboard({ code: 'BOBIGNY' })).member?.name).toBe('Bobigny');
    const textClient = createHubClient({ url: strict.url, persistedOperations: false });
    expect((await textClient.staff()).staff.total).toBe(25);
    await expect(client.removeDelegate({ id: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it.each([
    ['a document of its own', { query: '{ staff { total } }' }],
    ['an SDK document with a field added', { query: operations.staff.document.replace('total', 'total men'), operationName: 'Staff' }],
    ['an unknown hash', byHash(UNKNOWN_HASH)],
    ['an APQ registration of a new document', { query: '{ staff { total } }', extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }],
    ['an introspection query', { query: '{ __schema { types { name } } }' }],
  ])('refuses %s with PERSISTED_QUERY_NOT_IN_LIST, running nothing', async (_label, body) => {
    const { status, body: answer } = await post(strict.url, body);
    expect(status).toBe(400);
    expect(answer.data).toBeUndefined();
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors?.[0].extensions).toEqual({ code: NOT_IN_LIST });
    expect(answer.errors?.[0].message).toMatch(/persisted operation/);
  });

  it('answers the BI exports: their documents are the gateway’s own', async () => {
    const base = strict.url.replace(/\/graphql$/, '');
    const csv = await fetch(`${base}/export/indicator-table.csv`);
    expect(csv.status).toBe(200);
    expect((await csv.text()).split('\r\n')[0]).toMatch(/^year,DEPLOYMENTS,/);
    const tickets = await fetch(`${base}/export/ticket-volume.json?year=2018&groupBy=MEMBER`, { headers: { authorization: `Bearer ${tokenFor('SII_STAFF')}` } });
    expect(tickets.status).toBe(200);
    // The caller's identity is still checked for the export's own documents.
    const forged = await fetch(`${base}/export/ticket-volume.json?year=2018&groupBy=MEMBER`, { headers: { authorization: 'Bearer not-a-token' } });
    expect(forged.status).toBe(401);
  });

  it('runs the writes sent through the SDK (operations checks references without the gateway)', async () => {
    const staff = createHubClient({ url: strict.url, token: tokenFor('SII_STAFF') });
    const { openTicket } = await staff.openTicket({ input: { kind: 'REQUEST', title: 'Persisted only', memberCode: 'SYREC', applicationId: 'restor' } });
    expect(openTicket).toMatchObject({ status: 'NEW', member: { code: 'SYREC' }, application: { id: 'restor' } });
    const { recordDeployment } = await staff.recordDeployment({ input: { applicationId: 'restor', year: 2026, memberCodes: ['SYREC'] } });
    expect(recordDeployment).toMatchObject({ year: 2026, application: { id: 'restor' }, members: [{ code: 'SYREC' }] });
  });

  it('accepts a persisted query over GET too', async () => {
    const search = new URLSearchParams({
      extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: operations.staff.sha256 } }),
      variables: '{}',
    });
    const response = await fetch(`${strict.url}?${search}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(await response.json()).toEqual({ data: { staff: { total: 25, women: 3, men: 22 } } });
  });
});
