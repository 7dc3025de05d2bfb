import { Client } from 'pg';
import { operationsClock } from '../subgraphs/operations/services/clock';
import { graphql, startTestHub, tokenFor, type TestHub } from './support/hub';

let hub: TestHub;
let sql: Client;
beforeAll(async () => {
  hub = await startTestHub();
  sql = new Client({ connectionString: hub.database.url });
  await sql.connect();
});
afterAll(async () => {
  await sql?.end();
  await hub?.stop();
});

const realNow = operationsClock.now;
afterEach(() => {
  operationsClock.now = realNow;
  hub.setPeerUrls();
});

const staff = () => tokenFor('SII_STAFF');
const agentOf = (member: string) => tokenFor('MEMBER_AGENT', member);

const TICKET_FIELDS = 'id reference kind queue status priority title member { code } application { id } version openedAt ownedAt resolvedAt closedAt';
const OPEN = `mutation Open($input: OpenTicketInput!) { openTicket(input: $input) { ${TICKET_FIELDS} } }`;
const CHANGE = `mutation Change($input: ChangeTicketStatusInput!) { changeTicketStatus(input: $input) { ${TICKET_FIELDS} } }`;
const HISTORY = `query History($reference: String!) { ticket(reference: $reference) { status version history { totalCount edges { node { from to by comment at } } } } }`;

async function countRows(table: string, where = 'true', params: unknown[] = []): Promise<number> {
  const result = await sql.query(`select count(*)::int as n from "operations"."${table}" where ${where}`, params);
  return result.rows[0].n;
}

async function open(input: Record<string, unknown>, token = staff()) {
  const response = await graphql(hub.url, OPEN, { input: { kind: 'INCIDENT', title: 'Printer on fire', memberCode: 'BOBIGNY', ...input } }, token);
  expect(response.errors).toBeUndefined();
  return response.data.openTicket;
}

async function change(ticket: { reference: string }, status: string, expectedVersion: number, token = staff(), comment?: string) {
  return graphql(hub.url, CHANGE, { input: { reference: ticket.reference, status, expectedVersion, comment } }, token);
}

/** Moves a ticket along legal transitions, each from the version the previous one returned. */
async function walk(ticket: { reference: string; version: number }, statuses: string[], token = staff()) {
  let version = ticket.version;
  let last = ticket;
  for (const status of statuses) {
    const { data, errors } = await change(ticket, status, version, token);
    expect(errors).toBeUndefined();
    last = data.changeTicketStatus;
    version = data.changeTicketStatus.version;
  }
  return last as typeof ticket & Record<string, unknown>;
}

describe('openTicket', () => {
  it('opens a NEW ticket with a yearly reference, version 1 and its opening in the history', async () => {
    const ticket = await open({ applicationId: 'melodie', queue: 'SUPPORT', priority: 'HIGH', description: 'Les actes ne s’impriment plus' });
    expect(ticket).toMatchObject({ kind: 'INCIDENT', queue: 'SUPPORT', priority: 'HIGH', status: 'NEW', version: 1, member: { code: 'BOBIGNY' }, application: { id: 'melodie' } });
    expect(ticket.reference).toMatch(new RegExp(`^SII-${new Date().getUTCFullYear()}-\\d{6}$`));
    const history = await graphql(hub.url, HISTORY, { reference: ticket.reference }, staff());
    expect(history.data.ticket.history.totalCount).toBe(1);
    expect(history.data.ticket.history.edges[0].node).toMatchObject({ from: null, to: 'NEW', by: 'sii_staff@test' });
  });

  it('refuses anonymous callers and readers, and a member agent opening for another member', async () => {
    const before = await countRows('ticket');
    const input = { kind: 'REQUEST', title: 'Nouveau compte', memberCode: 'BOBIGNY' };
    expect((await graphql(hub.url, OPEN, { input })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await graphql(hub.url, OPEN, { input }, tokenFor('READER'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await graphql(hub.url, OPEN, { input }, agentOf('SYREC'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await countRows('ticket')).toBe(before);
  });

  it('opens a member agent’s ticket for its own member when it names none', async () => {
    const ticket = await open({ memberCode: undefined, title: 'Mot de passe oublié' }, agentOf('SYREC'));
    expect(ticket.member.code).toBe('SYREC');
  });

  it.each([
    ['an unknown application', { applicationId: 'no-such-app' }],
    ['an unknown member', { memberCode: 'PARIS' }],
    ['an empty title', { title: '   ' }],
    ['a title of 201 characters', { title: 'x'.repeat(201) }],
    ['no member for a staff caller', { memberCode: null }],
  ])('rejects %s with BAD_USER_INPUT and writes nothing', async (_label, overrides) => {
    const before = [await countRows('ticket'), await countRows('ticket_status_change')];
    const { data, errors } = await graphql(hub.url, OPEN, { input: { kind: 'INCIDENT', title: 'T', memberCode: 'BOBIGNY', ...overrides } }, staff());
    expect(data).toBeNull();
    expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect([await countRows('ticket'), await countRows('ticket_status_change')]).toEqual(before);
  });

  const DEAD = 'http://127.0.0.1:9/graphql';
  it.each([
    ['neither governance nor catalogue answers', () => ({ governance: DEAD, catalogue: DEAD }), expect.stringMatching(/^(governance|catalogue)$/)],
    ['catalogue does not answer (governance does)', () => ({ catalogue: DEAD }), 'catalogue'],
    ['governance does not answer (catalogue does)', () => ({ governance: DEAD }), 'governance'],
    // A subgraph that answers with errors (here: governance, which has no Application type) is no answer either.
    ['catalogue answers with errors', () => ({ catalogue: hub.subgraphs.governance.url }), 'catalogue'],
  ])('answers SERVICE_UNAVAILABLE with a retry hint and writes nothing when %s', async (_label, peers, service) => {
    hub.setPeerUrls(peers());
    const before = await countRows('ticket');
    const { data, errors } = await graphql(hub.url, OPEN, { input: { kind: 'INCIDENT', title: 'T', memberCode: 'BOBIGNY', applicationId: 'melodie' } }, staff());
    expect(data).toBeNull();
    expect(errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service, retryAfterSeconds: expect.any(Number) });
    expect(await countRows('ticket')).toBe(before);
  });
});

describe('idempotency key', () => {
  it('returns the same ticket for the same key and input, with one row', async () => {
    const input = { kind: 'REQUEST', title: 'Installer Mélodie', memberCode: 'LA_COURNEUVE', idempotencyKey: 'retry-1' };
    const first = await open(input);
    const second = await open(input);
    expect(second.id).toBe(first.id);
    expect(second.reference).toBe(first.reference);
    expect(await countRows('ticket', 'idempotency_key = $1', ['retry-1'])).toBe(1);
    expect(await countRows('ticket_status_change', 'ticket_id = $1', [first.id])).toBe(1);
  });

  it('returns one ticket to concurrent retries with the same key', async () => {
    const input = { kind: 'REQUEST', title: 'Accès VPN', memberCode: 'SYREC', idempotencyKey: 'retry-concurrent' };
    const tickets = await Promise.all(Array.from({ length: 5 }, () => open(input)));
    expect(new Set(tickets.map((t) => t.id)).size).toBe(1);
    expect(await countRows('ticket', 'idempotency_key = $1', ['retry-concurrent'])).toBe(1);
  });

  it('rejects the same key with a different input as BAD_USER_INPUT, creating nothing', async () => {
    await open({ title: 'Écran noir', idempotencyKey: 'retry-2' });
    const before = await countRows('ticket');
    const { errors } = await graphql(hub.url, OPEN, { input: { kind: 'INCIDENT', title: 'Écran bleu', memberCode: 'BOBIGNY', idempotencyKey: 'retry-2' } }, staff());
    expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await countRows('ticket')).toBe(before);
  });

  it('scopes keys to the caller: another caller’s same key opens its own ticket', async () => {
    const mine = await open({ memberCode: undefined, title: 'Imprimante', idempotencyKey: 'shared-key' }, agentOf('SIRESCO'));
    const theirs = await open({ title: 'Imprimante', memberCode: 'SIRESCO', idempotencyKey: 'shared-key' });
    expect(theirs.id).not.toBe(mine.id);
  });
});

describe('the ticket state machine', () => {
  it('follows NEW → ASSIGNED → IN_PROGRESS ⇄ PENDING → RESOLVED → IN_PROGRESS → RESOLVED → CLOSED, recording every step', async () => {
    const ticket = await open({ title: 'Cycle complet' });
    const statuses = ['ASSIGNED', 'IN_PROGRESS', 'PENDING', 'IN_PROGRESS', 'RESOLVED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'];
    const last = await walk(ticket, statuses);
    expect(last).toMatchObject({ status: 'CLOSED', version: 1 + statuses.length });
    expect(last.ownedAt).not.toBeNull();
    expect(last.resolvedAt).not.toBeNull();
    expect(last.closedAt).not.toBeNull();
    const { data } = await graphql(hub.url, HISTORY, { reference: ticket.reference }, staff());
    expect(data.ticket.history.totalCount).toBe(1 + statuses.length);
    expect(data.ticket.history.edges.map((e: { node: { from: string | null; to: string } }) => [e.node.from, e.node.to])).toEqual([
      [null, 'NEW'],
      ['NEW', 'ASSIGNED'],
      ['ASSIGNED', 'IN_PROGRESS'],
      ['IN_PROGRESS', 'PENDING'],
      ['PENDING', 'IN_PROGRESS'],
      ['IN_PROGRESS', 'RESOLVED'],
      ['RESOLVED', 'IN_PROGRESS'],
      ['IN_PROGRESS', 'RESOLVED'],
      ['RESOLVED', 'CLOSED'],
    ]);
  });

  it('pages the history as a connection, oldest first', async () => {
    const ticket = await walk(await open({ title: 'Historique paginé' }), ['ASSIGNED', 'IN_PROGRESS', 'PENDING', 'IN_PROGRESS']);
    const PAGE = 'query P($reference: String!, $after: String) { ticket(reference: $reference) { history(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { to } } } } }';
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const response: { data?: any } = await graphql(hub.url, PAGE, { reference: ticket.reference, after }, staff());
      const history = response.data.ticket.history;
      expect(history.totalCount).toBe(5);
      seen.push(...history.edges.map((e: { node: { to: string } }) => e.node.to));
      if (!history.pageInfo.hasNextPage) break;
      after = history.pageInfo.endCursor;
    }
    expect(seen).toEqual(['NEW', 'ASSIGNED', 'IN_PROGRESS', 'PENDING', 'IN_PROGRESS']);
  });

  it('clears resolvedAt when a resolved ticket is reopened', async () => {
    const ticket = await open({ title: 'Réouverture' });
    const reopened = await walk(ticket, ['ASSIGNED', 'IN_PROGRESS', 'RESOLVED', 'IN_PROGRESS']);
    expect(reopened.resolvedAt).toBeNull();
  });

  it.each([
    [[], 'IN_PROGRESS'],
    [[], 'RESOLVED'],
    [[], 'CLOSED'],
    [[], 'NEW'],
    [['ASSIGNED'], 'PENDING'],
    [['ASSIGNED'], 'NEW'],
    [['ASSIGNED', 'IN_PROGRESS'], 'CLOSED'],
    [['ASSIGNED', 'IN_PROGRESS'], 'ASSIGNED'],
    [['ASSIGNED', 'IN_PROGRESS', 'PENDING'], 'RESOLVED'],
    [['ASSIGNED', 'IN_PROGRESS', 'RESOLVED'], 'PENDING'],
    [['ASSIGNED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'], 'IN_PROGRESS'],
    [['ASSIGNED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'], 'NEW'],
  ])('after %j refuses → %s with BAD_USER_INPUT and changes nothing', async (path, target) => {
    const ticket = await walk(await open({ title: `Illegal ${path.join('>')} → ${target}` }), path);
    const before = await graphql(hub.url, HISTORY, { reference: ticket.reference }, staff());
    const { data, errors } = await change(ticket, target, ticket.version);
    expect(data).toBeNull();
    expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await graphql(hub.url, HISTORY, { reference: ticket.reference }, staff())).toEqual(before);
  });

  it('refuses a stale expectedVersion with CONFLICT and changes nothing', async () => {
    const ticket = await walk(await open({ title: 'Version périmée' }), ['ASSIGNED']);
    const { errors } = await change(ticket, 'IN_PROGRESS', ticket.version - 1);
    expect(errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(errors?.[0].extensions?.currentVersion).toBe(ticket.version);
    const { data } = await graphql(hub.url, HISTORY, { reference: ticket.reference }, staff());
    expect(data.ticket).toMatchObject({ status: 'ASSIGNED', version: ticket.version });
  });

  it('answers NOT_FOUND for an unknown ticket and BAD_USER_INPUT without id nor reference', async () => {
    const unknown = await graphql(hub.url, CHANGE, { input: { reference: 'SII-1999-000001', status: 'ASSIGNED', expectedVersion: 1 } }, staff());
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const neither = await graphql(hub.url, CHANGE, { input: { status: 'ASSIGNED', expectedVersion: 1 } }, staff());
    expect(neither.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('optimistic locking over real PostgreSQL', () => {
  it('lets exactly one of two racing updates win; the loser gets CONFLICT, its retry succeeds, history keeps both', async () => {
    for (let round = 0; round < 5; round += 1) {
      const ticket = await walk(await open({ title: `Course ${round}` }), ['ASSIGNED', 'IN_PROGRESS']);
      const racers = [
        { status: 'PENDING', comment: 'agent A: waiting for the member' },
        { status: 'RESOLVED', comment: 'agent B: fixed' },
      ];
      const results = await Promise.all(racers.map((racer) => change(ticket, racer.status, ticket.version, staff(), racer.comment)));
      const codes = results.map((r) => (r.errors ? r.errors[0].extensions?.code : 'OK'));
      expect([...codes].sort()).toEqual(['CONFLICT', 'OK']);
      const winner = results[codes.indexOf('OK')].data.changeTicketStatus;
      const loser = racers[codes.indexOf('CONFLICT')];
      // The loser re-reads (the winner's version) and applies its own change on top, through the legal path.
      // PENDING → IN_PROGRESS, or RESOLVED → IN_PROGRESS (a reopening): both lead back to where the loser started.
      const detour = 'IN_PROGRESS';
      const reread = await graphql(hub.url, HISTORY, { reference: ticket.reference }, staff());
      expect(reread.data.ticket.version).toBe(winner.version);
      const step = await change(ticket, detour, winner.version);
      expect(step.errors).toBeUndefined();
      const retry = await change(ticket, loser.status, step.data.changeTicketStatus.version, staff(), loser.comment);
      expect(retry.errors).toBeUndefined();
      expect(retry.data.changeTicketStatus.status).toBe(loser.status);

      const { data } = await graphql(hub.url, HISTORY, { reference: ticket.reference }, staff());
      const comments = data.ticket.history.edges.map((e: { node: { comment: string | null } }) => e.node.comment);
      expect(comments.filter((c: string | null) => c === racers[0].comment)).toHaveLength(1);
      expect(comments.filter((c: string | null) => c === racers[1].comment)).toHaveLength(1);
      // Opening + 2 walk steps + winner + detour + retry, and the version counts every change.
      expect(data.ticket.history.totalCount).toBe(6);
      expect(data.ticket.version).toBe(6);
      expect(await countRows('ticket_status_change', 'ticket_id = $1', [ticket.id])).toBe(6);
    }
  });

  it('catches a concurrent writer between the version check and the update (row lock held by another transaction)', async () => {
    const ticket = await walk(await open({ title: 'Écrivain concurrent' }), ['ASSIGNED']);
    const other = new Client({ connectionString: hub.database.url });
    await other.connect();
    try {
      await other.query('begin');
      await other.query(`update "operations"."ticket" set version = version + 1, status = 'IN_PROGRESS' where id = $1`, [ticket.id]);
      await other.query(
        `insert into "operations"."ticket_status_change" (ticket_id, "from", "to", "at", "by") values ($1, 'ASSIGNED', 'IN_PROGRESS', now(), 'other-writer')`,
        [ticket.id],
      );
      // This request reads the committed version (still the old one), passes the check, then waits on the row lock.
      const pending = change(ticket, 'IN_PROGRESS', ticket.version, staff(), 'late writer');
      await new Promise((resolve) => setTimeout(resolve, 300));
      await other.query('commit');
      const { errors } = await pending;
      expect(errors?.[0].extensions?.code).toBe('CONFLICT');
    } finally {
      await other.end();
    }
    const { data } = await graphql(hub.url, HISTORY, { reference: ticket.reference }, staff());
    expect(data.ticket).toMatchObject({ status: 'IN_PROGRESS', version: ticket.version + 1 });
    expect(data.ticket.history.edges.map((e: { node: { by: string } }) => e.node.by)).toEqual(['sii_staff@test', 'sii_staff@test', 'other-writer']);
  });
});

describe('service levels', () => {
  const SLA = `query Sla($reference: String!) { ticket(reference: $reference) { status ownDueAt resolveDueAt slaBreached } }`;
  const at = (iso: string) => () => new Date(iso);
  const sla = async (reference: string) => (await graphql(hub.url, SLA, { reference }, staff())).data.ticket;

  it('exposes the policies per priority', async () => {
    const { data } = await graphql(hub.url, '{ slaPolicies { priority timeToOwnMinutes timeToResolveMinutes } }');
    expect(data.slaPolicies.map((p: { priority: string }) => p.priority)).toEqual(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']);
    expect(data.slaPolicies[1]).toEqual({ priority: 'HIGH', timeToOwnMinutes: 60, timeToResolveMinutes: 480 });
  });

  it('sets due dates from the priority and does not count pending time against the desk', async () => {
    operationsClock.now = at('2026-03-02T08:00:00.000Z');
    const ticket = await open({ title: 'SLA HIGH', priority: 'HIGH' });
    expect(await sla(ticket.reference)).toEqual({ status: 'NEW', ownDueAt: '2026-03-02T09:00:00.000Z', resolveDueAt: '2026-03-02T16:00:00.000Z', slaBreached: false });

    operationsClock.now = at('2026-03-02T08:30:00.000Z');
    const owned = await walk(ticket, ['ASSIGNED', 'IN_PROGRESS']);
    operationsClock.now = at('2026-03-02T10:00:00.000Z');
    const pending = await walk(owned, ['PENDING']);

    // Ten hours waiting for the member: past the 16:00 due date, yet not breached, the due date moving with the clock.
    operationsClock.now = at('2026-03-02T20:00:00.000Z');
    expect(await sla(ticket.reference)).toMatchObject({ status: 'PENDING', resolveDueAt: '2026-03-03T02:00:00.000Z', slaBreached: false });

    const back = await walk(pending, ['IN_PROGRESS']);
    expect(await sla(ticket.reference)).toMatchObject({ resolveDueAt: '2026-03-03T02:00:00.000Z', slaBreached: false });

    operationsClock.now = at('2026-03-03T01:00:00.000Z');
    await walk(back, ['RESOLVED']);
    operationsClock.now = at('2026-03-05T00:00:00.000Z');
    expect(await sla(ticket.reference)).toMatchObject({ status: 'RESOLVED', slaBreached: false });
  });

  it('breaches when resolved after the due date, pending time deducted', async () => {
    operationsClock.now = at('2026-03-02T08:00:00.000Z');
    const ticket = await open({ title: 'SLA HIGH late', priority: 'HIGH' });
    operationsClock.now = at('2026-03-02T08:10:00.000Z');
    const working = await walk(ticket, ['ASSIGNED', 'IN_PROGRESS']);
    operationsClock.now = at('2026-03-02T12:00:00.000Z');
    const pending = await walk(working, ['PENDING']);
    operationsClock.now = at('2026-03-02T13:00:00.000Z');
    const back = await walk(pending, ['IN_PROGRESS']);
    // Due at 16:00 + 1 h pending = 17:00.
    operationsClock.now = at('2026-03-02T16:59:00.000Z');
    expect(await sla(ticket.reference)).toMatchObject({ resolveDueAt: '2026-03-02T17:00:00.000Z', slaBreached: false });
    operationsClock.now = at('2026-03-02T17:01:00.000Z');
    expect((await sla(ticket.reference)).slaBreached).toBe(true);
    await walk(back, ['RESOLVED']);
    operationsClock.now = at('2026-03-09T00:00:00.000Z');
    expect((await sla(ticket.reference)).slaBreached).toBe(true);
  });

  it('lets staff tune a priority’s service levels for tickets opened afterwards, and nobody else', async () => {
    const UPDATE = 'mutation U($own: Int!, $resolve: Int!) { updateSlaPolicy(priority: LOW, timeToOwnMinutes: $own, timeToResolveMinutes: $resolve) { priority timeToOwnMinutes timeToResolveMinutes } }';
    operationsClock.now = at('2026-04-01T08:00:00.000Z');
    const before = await open({ title: 'LOW before', priority: 'LOW' });
    expect((await graphql(hub.url, UPDATE, { own: 60, resolve: 120 }, agentOf('BOBIGNY'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await graphql(hub.url, UPDATE, { own: 60, resolve: 120 })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await graphql(hub.url, UPDATE, { own: 0, resolve: 120 }, staff())).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await graphql(hub.url, UPDATE, { own: 180, resolve: 120 }, staff())).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const updated = await graphql(hub.url, UPDATE, { own: 60, resolve: 120 }, staff());
    expect(updated.data.updateSlaPolicy).toEqual({ priority: 'LOW', timeToOwnMinutes: 60, timeToResolveMinutes: 120 });
    const after = await open({ title: 'LOW after', priority: 'LOW' });
    expect(await sla(after.reference)).toMatchObject({ ownDueAt: '2026-04-01T09:00:00.000Z', resolveDueAt: '2026-04-01T10:00:00.000Z' });
    expect(await sla(before.reference)).toMatchObject({ ownDueAt: '2026-04-01T16:00:00.000Z', resolveDueAt: '2026-04-11T08:00:00.000Z' });
    await graphql(hub.url, UPDATE, { own: 8 * 60, resolve: 10 * 24 * 60 }, staff());
  });

  it('breaches when nobody owns the ticket in time', async () => {
    operationsClock.now = at('2026-03-02T08:00:00.000Z');
    const ticket = await open({ title: 'SLA CRITICAL unowned', priority: 'CRITICAL' });
    operationsClock.now = at('2026-03-02T08:29:00.000Z');
    expect((await sla(ticket.reference)).slaBreached).toBe(false);
    operationsClock.now = at('2026-03-02T08:31:00.000Z');
    expect((await sla(ticket.reference)).slaBreached).toBe(true);
    await walk(ticket, ['ASSIGNED']);
    expect((await sla(ticket.reference)).slaBreached).toBe(true);
  });
});
