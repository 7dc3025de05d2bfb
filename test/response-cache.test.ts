import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { startGateway, type RunningGateway } from '../gateway';
import type { SubgraphName } from '../lib/config';
import { createLogger } from '../lib/logger';
import { runIntake } from '../scripts/intake/run';
import { seedSyntheticTickets } from '../scripts/seed-synthetic/seed';
import { operations } from '../sdk/index';
import { REDIS_ANSWERS, TEST_REDIS_URL, describeWithRedis } from './support/redis';
import { signToken } from '../lib/auth';
import { countSqlStatements, graphql, startTestHub, TEST_JWT_SECRET, testConfig, tokenFor, type TestHub } from './support/hub';
import { endPool } from '../lib/pg-pool';
import { openTestPool } from './support/database';

/**
 * The gateway's response cache (issue 17, item 3): cache hints in the subgraphs, Apollo's response
 * cache at the gateway, PRIVATE answers per viewer, invalidation on every write (through the
 * gateway or straight into the database), Redis shared by replicas, Cache-Control on GET.
 */

const silent = createLogger('test', 'silent');
const thisYear = new Date().getUTCFullYear();
const staff = tokenFor('SII_STAFF');
const bobigny = tokenFor('MEMBER_AGENT', 'BOBIGNY');
const syrec = tokenFor('MEMBER_AGENT', 'SYREC');

const INDICATORS = '{ indicators { code label series { year value } } }';
const CATALOGUE = '{ domains { code name applications { id name description } } }';
const DEPLOYMENTS_2018 = 'query Indicator($code: IndicatorCode!) { indicator(code: $code) { code value(year: 2018) } }';
const TICKETS_BY_MEMBER = `query ($year: Int!) { ticketVolume(year: $year, groupBy: MEMBER) { key count isTotal member { code name } } }`;
const MEMBER_VOLUMES = `query ($year: Int!) { members { code ticketVolume(year: $year) } }`;

/** One read through `url`, with the SQL statements the in-process subgraphs ran for it. */
async function read(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const { result, statements } = await countSqlStatements(() => graphql(url, query, variables, token));
  expect(result.errors).toBeUndefined();
  return { data: result.data, statements: statements.length };
}

/** The cache listens to the database asynchronously after the start: wait until a repeated read is answered by it. */
async function untilCaching(url: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    await graphql(url, '{ staff { total } }');
    if ((await read(url, '{ staff { total } }')).statements === 0) return;
    if (Date.now() > deadline) throw new Error(`the gateway at ${url} never served a read from its cache`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const subgraphUrlsOf = (hub: TestHub) => Object.fromEntries(Object.values(hub.subgraphs).map((s) => [s.name, s.url])) as Partial<Record<SubgraphName, string>>;

/** A GET of a persisted operation, as a browser or proxy would send it. */
async function getPersisted(url: string, sha256: string, variables: Record<string, unknown> = {}, token?: string) {
  const search = new URLSearchParams({
    variables: JSON.stringify(variables),
    extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: sha256 } }),
  });
  const response = await fetch(`${url}?${search}`, { headers: { 'apollo-require-preflight': 'true', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  return { status: response.status, cacheControl: response.headers.get('cache-control'), age: response.headers.get('age'), body };
}

/** Replaces the 2018 DEPLOYMENTS figure (SII_STAFF, with the version the hub answers now). */
async function recordDeployments2018(url: string, value: number): Promise<void> {
  const current = await graphql(url, '{ indicator(code: DEPLOYMENTS) { series(from: 2018, to: 2018) { version } } }', {}, staff);
  const result = await graphql(
    url,
    'mutation ($input: RecordIndicatorValueInput!) { recordIndicatorValue(input: $input) { year value } }',
    { input: { indicator: 'DEPLOYMENTS', year: 2018, value, expectedVersion: current.data.indicator.series[0].version } },
    staff,
  );
  expect(result.errors).toBeUndefined();
}

/** Renames an application the way a command writes (intake, imports): its row and its change record, in one transaction. */
async function renameInDatabase(db: Client, id: string, name: string): Promise<void> {
  await db.query('begin');
  await db.query('update catalogue.application set name = $1 where id = $2', [name, id]);
  await db.query(
    `insert into catalogue.change (entity, entity_id, action, before, after, actor_kind, actor_subject) values ('Application', $1, 'UPDATE', '{}', $2, 'SYSTEM', 'test')`,
    [id, JSON.stringify({ name })],
  );
  await db.query('commit');
}

const applicationIds = async (url: string) => ((await graphql(url, '{ applications { id } }')).data.applications as { id: string }[]).map((application) => application.id);

describe('response cache, in this process', () => {
  let hub: TestHub;
  let db: Client;
  beforeAll(async () => {
    hub = await startTestHub({ responseCache: true });
    db = new Client({ connectionString: hub.database.url });
    await db.connect();
    await untilCaching(hub.url);
  });
  afterAll(async () => {
    await db?.end();
    await hub?.stop();
  });

  it('answers a second identical public read from the cache, without calling a subgraph', async () => {
    for (const query of [INDICATORS, CATALOGUE]) {
      const first = await read(hub.url, query);
      expect(first.statements).toBeGreaterThan(0);
      const second = await read(hub.url, query);
      expect(second.statements).toBe(0);
      expect(second.data).toEqual(first.data);
    }
    // PUBLIC: the same answer for every viewer, so another viewer's identical read is a hit too.
    expect((await read(hub.url, INDICATORS, {}, bobigny)).statements).toBe(0);
    expect((await read(hub.url, INDICATORS, {}, staff)).statements).toBe(0);
  });

  it('keeps PRIVATE answers per viewer: two members never see each other’s figures', async () => {
    for (const [token, member] of [
      [bobigny, 'BOBIGNY'],
      [bobigny, 'BOBIGNY'],
      [syrec, 'SYREC'],
    ]) {
      const opened = await graphql(hub.url, 'mutation ($input: OpenTicketInput!) { openTicket(input: $input) { reference } }', { input: { kind: 'INCIDENT', title: `Panne ${member}` } }, token);
      expect(opened.errors).toBeUndefined();
    }
    const rowsOf = (data: any) => data.ticketVolume.filter((row: any) => !row.isTotal).map((row: any) => [row.key, row.count]);
    const volumesOf = (data: any) => Object.fromEntries(data.members.map((member: any) => [member.code, member.ticketVolume]));

    const bobignyFirst = await read(hub.url, TICKETS_BY_MEMBER, { year: thisYear }, bobigny);
    expect(bobignyFirst.statements).toBeGreaterThan(0);
    expect(rowsOf(bobignyFirst.data)).toEqual([['BOBIGNY', 2]]);
    const bobignyAgain = await read(hub.url, TICKETS_BY_MEMBER, { year: thisYear }, bobigny);
    expect(bobignyAgain.statements).toBe(0);
    expect(bobignyAgain.data).toEqual(bobignyFirst.data);

    // Same document, same variables, another member: its own answer, computed for it.
    const syrecFirst = await read(hub.url, TICKETS_BY_MEMBER, { year: thisYear }, syrec);
    expect(syrecFirst.statements).toBeGreaterThan(0);
    expect(rowsOf(syrecFirst.data)).toEqual([['SYREC', 1]]);
    expect((await read(hub.url, TICKETS_BY_MEMBER, { year: thisYear }, syrec)).data).toEqual(syrecFirst.data);
    const staffView = await read(hub.url, TICKETS_BY_MEMBER, { year: thisYear }, staff);
    expect(rowsOf(staffView.data)).toEqual([
      ['BOBIGNY', 2],
      ['SYREC', 1],
    ]);
    // Nor an anonymous reader, who gets the total row only.
    expect(rowsOf((await read(hub.url, TICKETS_BY_MEMBER, { year: thisYear })).data)).toEqual([]);

    // A member's figure on a public type (Member.ticketVolume from metrics) is private too.
    const bobignyVolumes = volumesOf((await read(hub.url, MEMBER_VOLUMES, { year: thisYear }, bobigny)).data);
    expect(bobignyVolumes).toMatchObject({ BOBIGNY: 2, SYREC: null });
    expect((await read(hub.url, MEMBER_VOLUMES, { year: thisYear }, bobigny)).statements).toBe(0);
    const syrecVolumes = volumesOf((await read(hub.url, MEMBER_VOLUMES, { year: thisYear }, syrec)).data);
    expect(syrecVolumes).toMatchObject({ BOBIGNY: null, SYREC: 1 });

    // At the same time, on a cold entry (a variable the cache has not seen): each gets its own.
    const asked = { year: thisYear, includeSynthetic: false };
    const query = `query ($year: Int!, $includeSynthetic: Boolean) { ticketVolume(year: $year, groupBy: MEMBER, includeSynthetic: $includeSynthetic) { key count isTotal } }`;
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => graphql(hub.url, query, asked, i % 2 === 0 ? bobigny : syrec)));
    answers.forEach((answer, i) => expect(rowsOf(answer.data)).toEqual(i % 2 === 0 ? [['BOBIGNY', 2]] : [['SYREC', 1]]));
  });

  it('answers the next read after a mutation through the gateway with the new data', async () => {
    const variables = { code: 'DEPLOYMENTS' };
    const before = await read(hub.url, DEPLOYMENTS_2018, variables);
    expect((await read(hub.url, DEPLOYMENTS_2018, variables)).statements).toBe(0);
    for (const value of [1001, 1002, 1003]) {
      await recordDeployments2018(hub.url, value);
      const after = await read(hub.url, DEPLOYMENTS_2018, variables);
      expect(after.statements).toBeGreaterThan(0);
      expect(after.data.indicator.value).toBe(value);
      expect(after.data).not.toEqual(before.data);
    }
  });

  it('answers the next read after a write straight into the database with the new data', async () => {
    const [id] = await applicationIds(hub.url);
    const catalogue = async () => (await read(hub.url, 'query ($id: ID!) { application(id: $id) { id name } }', { id })).data.application.name as string;
    await catalogue();
    expect((await read(hub.url, 'query ($id: ID!) { application(id: $id) { id name } }', { id })).statements).toBe(0);
    for (const name of ['Renamed once', 'Renamed twice', 'Renamed thrice']) {
      await renameInDatabase(db, id, name);
      expect(await catalogue()).toBe(name);
      expect(await catalogue()).toBe(name);
    }
  });

  it('answers the next read after `npm run intake` with the new figures', async () => {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-cache-intake-'));
    try {
      const variables = { code: 'MAILBOXES', year: 2019 };
      const query = 'query ($code: IndicatorCode!, $year: Int!) { indicator(code: $code) { value(year: $year) } }';
      expect((await read(hub.url, query, variables)).data.indicator.value).toBeNull();
      expect((await read(hub.url, query, variables)).statements).toBe(0);
      const file = path.join(workDir, '2019.yaml');
      fs.writeFileSync(file, 'format: sii-hub-intake/1\nyear: 2019\nindicators:\n  - year: 2019\n    MAILBOXES: 4321\n');
      const result = await runIntake({ file, dryRun: false, databaseUrl: hub.database.url });
      expect(result.problems).toEqual([]);
      expect(result.applied).toBe(true);
      expect((await read(hub.url, query, variables)).data.indicator.value).toBe(4321);
    } finally {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  });

  it('answers the next read after `npm run seed:synthetic` with the demo data', async () => {
    const query = 'query ($year: Int!) { ticketVolume(year: $year, groupBy: KIND, includeSynthetic: true) { key count isTotal } }';
    const total = async () => ((await read(hub.url, query, { year: 2018 }, staff)).data.ticketVolume as { isTotal: boolean; count: number }[]).find((row) => row.isTotal)?.count ?? 0;
    const before = await total();
    expect((await read(hub.url, query, { year: 2018 }, staff)).statements).toBe(0);
    const pool = openTestPool(hub.database.url, 2);
    try {
      const seeded = await seedSyntheticTickets(pool, { seed: 17, tickets: 40, batchSize: 20 });
      expect(seeded.insertedTickets).toBe(40);
    } finally {
      await endPool(pool);
    }
    expect(await total()).toBeGreaterThan(before);
  });

  it('caches nothing of an answer with one part that may not be cached, however many ask at once', async () => {
    // Indicators are PUBLIC; tickets have no hint: the whole answer is not cacheable.
    const mixed = '{ indicators { code } tickets(first: 1) { totalCount } }';
    const together = await Promise.all(Array.from({ length: 4 }, () => graphql(hub.url, mixed, {}, staff)));
    for (const answer of together) expect(answer.errors).toBeUndefined();
    expect((await read(hub.url, mixed, {}, staff)).statements).toBeGreaterThan(0);
    expect((await read(hub.url, mixed, {}, staff)).statements).toBeGreaterThan(0);
  });

  it('never caches a mutation', async () => {
    const open = () => graphql(hub.url, 'mutation ($input: OpenTicketInput!) { openTicket(input: $input) { reference } }', { input: { kind: 'REQUEST', title: 'Twice' } }, bobigny);
    const [first, second] = [await open(), await open()];
    expect(first.errors).toBeUndefined();
    expect(second.errors).toBeUndefined();
    expect(second.data.openTicket.reference).not.toBe(first.data.openTicket.reference);
  });

  it('says Cache-Control on GET for persisted operations: public only when every part is', async () => {
    const first = await getPersisted(hub.url, operations.indicators.sha256);
    expect(first.status).toBe(200);
    expect(first.cacheControl).toBe('public, max-age=60');
    const again = await getPersisted(hub.url, operations.indicators.sha256);
    expect(again.cacheControl).toBe('public, max-age=60');
    expect(again.age).not.toBeNull();
    expect(again.body).toEqual(first.body);
    expect((await getPersisted(hub.url, operations.staff.sha256)).cacheControl).toBe('public, max-age=300');
    // Private (a member's figures), or not cacheable at all (tickets): never stored by a shared cache.
    expect((await getPersisted(hub.url, operations.ticketVolume.sha256, { year: thisYear, groupBy: 'MEMBER' }, bobigny)).cacheControl).toBe('no-store');
    const tickets = await getPersisted(hub.url, operations.tickets.sha256, { first: 2 }, bobigny);
    expect(tickets.body.errors).toBeUndefined();
    expect(tickets.cacheControl).toBe('no-store');
    // A POST is not a URL a cache may keep.
    const posted = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: operations.indicators.sha256 } } }),
    });
    expect(posted.headers.get('cache-control')).toBe('no-store');
  });

  describe('hot answers: a request repeated byte for byte is answered before Apollo\'s pipeline', () => {
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

    it('gives back the same bytes, with the same headers and an age, without Apollo or a subgraph', async () => {
      const body = JSON.stringify({ query: '{ members { code name } }' });
      const first = await post(body);
      const firstText = await first.text();
      const hitsBefore = hub.gateway.hotAnswers();
      const { result: again, statements } = await countSqlStatements(async () => {
        const response = await post(body);
        return { response, text: await response.text() };
      });
      expect(hub.gateway.hotAnswers()).toBe(hitsBefore + 1);
      expect(statements).toHaveLength(0);
      expect(again.text).toBe(firstText);
      expect(again.response.status).toBe(200);
      expect(again.response.headers.get('content-type')).toBe(first.headers.get('content-type'));
      expect(again.response.headers.get('cache-control')).toBe('no-store');
      expect(again.response.headers.get('age')).toMatch(/^\d+$/);
      // Each answer still carries its own request id.
      expect(again.response.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
    });

    it('keys on the Accept header: a client asking for graphql-response+json gets that media type', async () => {
      const body = JSON.stringify({ query: '{ members { code } }' });
      await post(body);
      expect((await post(body)).headers.get('content-type')).toMatch(/^application\/json/);
      const asked = { accept: 'application/graphql-response+json' };
      const first = await post(body, asked);
      const second = await post(body, asked);
      for (const response of [first, second]) expect(response.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    });

    it('refuses a bad token even when the answer is hot', async () => {
      const body = JSON.stringify({ query: '{ members { code kind } }' });
      await post(body);
      await post(body);
      const forged = await post(body, { authorization: `Bearer ${staff.slice(0, -4)}AAAA` });
      expect(forged.status).toBe(401);
      expect(((await forged.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      const expired = await post(body, { authorization: `Bearer ${signToken({ sub: 'late@test', role: 'SII_STAFF' }, TEST_JWT_SECRET, -3600)}` });
      expect(expired.status).toBe(401);
    });

    it('never answers a GET that Apollo\'s CSRF prevention would refuse, even when it is hot', async () => {
      const search = new URLSearchParams({ query: '{ members { code name kind } }' });
      const preflighted = { 'apollo-require-preflight': 'true' };
      expect((await fetch(`${hub.url}?${search}`, { headers: preflighted })).status).toBe(200);
      const hits = hub.gateway.hotAnswers();
      expect((await fetch(`${hub.url}?${search}`, { headers: preflighted })).status).toBe(200);
      expect(hub.gateway.hotAnswers()).toBe(hits + 1);
      const simple = await fetch(`${hub.url}?${search}`);
      expect(simple.status).toBe(400);
      expect(await simple.text()).toMatch(/CSRF|preflight/i);
    });

    it('keeps PRIVATE answers per viewer in the hot answers too', async () => {
      const body = JSON.stringify({ query: TICKETS_BY_MEMBER, variables: { year: thisYear } });
      const rows = async (token: string) => {
        const response = await post(body, { authorization: `Bearer ${token}` });
        const answer = (await response.json()) as { data: { ticketVolume: { key: string; isTotal: boolean; member: { code: string } | null }[] } };
        return answer.data.ticketVolume.filter((row) => !row.isTotal).map((row) => row.member?.code);
      };
      for (let round = 0; round < 3; round += 1) {
        expect(new Set(await rows(bobigny))).toEqual(new Set(['BOBIGNY']));
        expect(new Set(await rows(syrec))).toEqual(new Set(['SYREC']));
      }
    });

    it('answers a repeated public read within the same data version only: a write moves it', async () => {
      const body = JSON.stringify({ query: DEPLOYMENTS_2018, variables: { code: 'DEPLOYMENTS' } });
      const value = async () => ((await (await post(body)).json()) as { data: { indicator: { value: number } } }).data.indicator.value;
      await value();
      const hits = hub.gateway.hotAnswers();
      expect(await value()).toBe(await value());
      expect(hub.gateway.hotAnswers()).toBe(hits + 2);
      await recordDeployments2018(hub.url, 2042);
      expect(await value()).toBe(2042);
    });
  });
});

describe('response cache switched off', () => {
  let hub: TestHub;
  let off: RunningGateway;
  beforeAll(async () => {
    hub = await startTestHub({ responseCache: false });
    off = await startGateway({ port: 0, subgraphUrls: subgraphUrlsOf(hub), config: { ...testConfig, databaseUrl: hub.database.url, responseCache: false }, logger: silent });
  });
  afterAll(async () => {
    await off?.stop();
    await hub?.stop();
  });

  it('caches nothing and tells browsers and proxies to store nothing', async () => {
    for (const url of [hub.url, off.url]) {
      await read(url, INDICATORS);
      expect((await read(url, INDICATORS)).statements).toBeGreaterThan(0);
      expect((await getPersisted(url, operations.indicators.sha256)).cacheControl).toBe('no-store');
    }
  });

  it('caches nothing, and answers as usual, when the data version cannot be read', async () => {
    const blind = await startGateway({
      port: 0,
      subgraphUrls: subgraphUrlsOf(hub),
      config: { ...testConfig, responseCache: true, databaseUrl: 'postgres://nobody:nothing@127.0.0.1:1/none' },
      logger: silent,
    });
    try {
      for (let i = 0; i < 3; i += 1) expect((await read(blind.url, INDICATORS)).statements).toBeGreaterThan(0);
    } finally {
      await blind.stop();
    }
  });

  it('caches nothing without a database to read the data version from', async () => {
    const deaf = await startGateway({ port: 0, subgraphUrls: subgraphUrlsOf(hub), config: { ...testConfig, responseCache: true }, logger: silent });
    try {
      await read(deaf.url, INDICATORS);
      expect((await read(deaf.url, INDICATORS)).statements).toBeGreaterThan(0);
    } finally {
      await deaf.stop();
    }
  });
});

describeWithRedis('response cache shared through Redis', () => {
  let hub: TestHub;
  let other: RunningGateway;
  let db: Client;
  const namespace = `hub-test:response-cache:${randomBytes(6).toString('hex')}:`;
  beforeAll(async () => {
    expect(REDIS_ANSWERS).toBe(true);
    hub = await startTestHub({ responseCache: true, redisUrl: TEST_REDIS_URL, responseCacheNamespace: namespace });
    other = await startGateway({
      port: 0,
      subgraphUrls: subgraphUrlsOf(hub),
      config: { ...testConfig, databaseUrl: hub.database.url, responseCache: true, redisUrl: TEST_REDIS_URL },
      responseCacheNamespace: namespace,
      logger: silent,
    });
    db = new Client({ connectionString: hub.database.url });
    await db.connect();
    await untilCaching(hub.url);
    await untilCaching(other.url);
  });
  afterAll(async () => {
    await db?.end();
    await other?.stop();
    await hub?.stop();
  });

  /** Stores are written in the background after the answer: a moment for Redis to have it. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

  it('serves one gateway’s answer from the other', async () => {
    const first = await read(hub.url, CATALOGUE);
    expect(first.statements).toBeGreaterThan(0);
    await settle();
    const fromOther = await read(other.url, CATALOGUE);
    expect(fromOther.statements).toBe(0);
    expect(fromOther.data).toEqual(first.data);
  });

  it('sees a mutation made through the other gateway at once', async () => {
    const variables = { code: 'DEPLOYMENTS' };
    await read(other.url, DEPLOYMENTS_2018, variables);
    await settle();
    expect((await read(other.url, DEPLOYMENTS_2018, variables)).statements).toBe(0);
    expect((await read(hub.url, DEPLOYMENTS_2018, variables)).statements).toBe(0);
    for (const value of [2001, 2002]) {
      await recordDeployments2018(hub.url, value);
      expect((await read(other.url, DEPLOYMENTS_2018, variables)).data.indicator.value).toBe(value);
      await settle();
      expect((await read(hub.url, DEPLOYMENTS_2018, variables)).data.indicator.value).toBe(value);
    }
  });

  it('sees a write straight into the database at once, on both gateways', async () => {
    const [, id] = await applicationIds(hub.url);
    const name = async (url: string) => (await read(url, 'query ($id: ID!) { application(id: $id) { name } }', { id })).data.application.name as string;
    await name(hub.url);
    await settle();
    await name(other.url);
    await renameInDatabase(db, id, 'Shared rename');
    expect(await name(other.url)).toBe('Shared rename');
    expect(await name(hub.url)).toBe('Shared rename');
  });
});
