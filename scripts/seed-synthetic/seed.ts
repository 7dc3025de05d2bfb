import type { Pool, PoolClient } from 'pg';
import { type SyntheticDeployment, syntheticDeployment } from './deployments';
import { SYNTHETIC_OPENED_BY, type SyntheticTicket, syntheticTicket } from './tickets';
import { countChangeSql } from '../../lib/change-counter';

// Bulk writes straight through pg, not the ORM: one multi-row INSERT per table and batch, arrays
// bound as parameters and expanded by unnest. The operations subgraph's triggers keep
// ticket_monthly_volume right, as for any other writer.

export interface SyntheticRunOptions {
  seed: number;
  tickets: number;
  /** Dated synthetic deployments to add (default none). */
  deployments?: number;
  batchSize?: number;
  /** Deletes every synthetic ticket (all seeds) first. */
  reset?: boolean;
  onProgress?: (progress: { done: number; total: number; inserted: number; elapsedMs: number }) => void;
}

export interface SyntheticRunResult {
  generated: number;
  insertedDeployments: number;
  insertedTickets: number;
  insertedHistory: number;
  skippedExisting: number;
  deleted: number;
  elapsedMs: number;
}

async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    // No change rows for demo data: the data version moves anyway, so that no cached answer outlives the batch.
    await client.query(countChangeSql('operations'));
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}

/** Deletes every synthetic ticket (with its history) and deployment; returns the tickets deleted. */
async function deleteSyntheticData(client: PoolClient): Promise<number> {
  await client.query(`delete from "operations"."ticket_status_change" where ticket_id in (select id from "operations"."ticket" where synthetic)`);
  const deleted = (await client.query(`delete from "operations"."ticket" where synthetic`)).rowCount ?? 0;
  await client.query(`delete from "operations"."deployment" where synthetic`);
  return deleted;
}

async function insertDeployments(client: PoolClient, deployments: SyntheticDeployment[]): Promise<number> {
  const inserted = await client.query(
    `insert into "operations"."deployment" (id, application_id, year, deployed_on, version, summary, member_codes, source, synthetic, recorded_by)
     select d.id, d.application_id, d.year, d.deployed_on, d.version, d.summary,
       case when d.member_codes = '' then '{}'::text[] else string_to_array(d.member_codes, ',') end,
       'synthetic', true, '${SYNTHETIC_OPENED_BY}'
     from unnest($1::text[], $2::text[], $3::integer[], $4::date[], $5::text[], $6::text[], $7::text[])
       as d(id, application_id, year, deployed_on, version, summary, member_codes)
     order by d.id
     on conflict (id) do nothing`,
    [
      deployments.map((d) => d.id),
      deployments.map((d) => d.applicationId),
      deployments.map((d) => d.year),
      deployments.map((d) => d.deployedOn),
      deployments.map((d) => d.version),
      deployments.map((d) => d.summary),
      // Arrays of arrays must be rectangular in PostgreSQL: member lists travel as comma-joined text.
      deployments.map((d) => d.memberCodes.join(',')),
    ],
  );
  return inserted.rowCount ?? 0;
}

/** Inserts the tickets not there yet (by reference); returns the ids it inserted. */
async function insertTickets(client: PoolClient, tickets: SyntheticTicket[]): Promise<Set<string>> {
  const column = <T>(pick: (ticket: SyntheticTicket) => T) => tickets.map(pick);
  const inserted = await client.query<{ id: string }>(
    `insert into "operations"."ticket" (id, reference, kind, queue, status, priority, title, description, member_code, application_id,
       opened_at, opened_by, owned_at, resolved_at, closed_at, pending_since, pending_seconds, own_due_at, resolve_due_at_base,
       version, idempotency_key, request_fingerprint, synthetic)
     select t.id, t.reference, t.kind, t.queue, 'CLOSED', t.priority, t.title, null, t.member_code, t.application_id,
       t.opened_at, '${SYNTHETIC_OPENED_BY}', t.owned_at, t.resolved_at, t.closed_at, null, t.pending_seconds, t.own_due_at, t.resolve_due_at_base,
       t.version, null, null, true
     from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
       $9::timestamptz[], $10::timestamptz[], $11::timestamptz[], $12::timestamptz[], $13::integer[], $14::timestamptz[], $15::timestamptz[], $16::integer[])
       as t(id, reference, kind, queue, priority, title, member_code, application_id, opened_at, owned_at, resolved_at, closed_at,
            pending_seconds, own_due_at, resolve_due_at_base, version)
     on conflict (reference) do nothing
     returning id`,
    [
      column((t) => t.id),
      column((t) => t.reference),
      column((t) => t.kind),
      column((t) => t.queue),
      column((t) => t.priority),
      column((t) => t.title),
      column((t) => t.memberCode),
      column((t) => t.applicationId),
      column((t) => t.openedAt),
      column((t) => t.ownedAt),
      column((t) => t.resolvedAt),
      column((t) => t.closedAt),
      column((t) => t.pendingSeconds),
      column((t) => t.ownDueAt),
      column((t) => t.resolveDueAtBase),
      column((t) => t.version),
    ],
  );
  return new Set(inserted.rows.map((row) => row.id));
}

/** The history of the tickets this run inserted only: a re-run adds nothing twice. Returns the steps written. */
async function insertHistory(client: PoolClient, tickets: SyntheticTicket[], insertedIds: Set<string>): Promise<number> {
  const steps = tickets.filter((ticket) => insertedIds.has(ticket.id)).flatMap((ticket) => ticket.history.map((step) => ({ ticketId: ticket.id, ...step })));
  if (steps.length > 0) {
    await client.query(
      `insert into "operations"."ticket_status_change" (ticket_id, "from", "to", "at", "by")
       select s.ticket_id, s.from_status, s.to_status, s.at, '${SYNTHETIC_OPENED_BY}'
       from unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) as s(ticket_id, from_status, to_status, at)`,
      [steps.map((s) => s.ticketId), steps.map((s) => s.from), steps.map((s) => s.to), steps.map((s) => s.at)],
    );
  }
  return steps.length;
}

async function insertBatch(client: PoolClient, tickets: SyntheticTicket[]): Promise<{ tickets: number; history: number }> {
  const insertedIds = await insertTickets(client, tickets);
  return { tickets: insertedIds.size, history: await insertHistory(client, tickets, insertedIds) };
}

/** Tickets 0…total-1 of the seed's dataset, one transaction per batch. */
async function insertTicketBatches(pool: Pool, options: SyntheticRunOptions, batchSize: number, started: number) {
  const { seed, tickets: total } = options;
  let insertedTickets = 0;
  let insertedHistory = 0;
  for (let start = 0; start < total; start += batchSize) {
    const batch = Array.from({ length: Math.min(batchSize, total - start) }, (_, offset) => syntheticTicket(seed, start + offset));
    const written = await inTransaction(pool, (client) => insertBatch(client, batch));
    insertedTickets += written.tickets;
    insertedHistory += written.history;
    options.onProgress?.({ done: start + batch.length, total, inserted: insertedTickets, elapsedMs: Date.now() - started });
  }
  return { insertedTickets, insertedHistory };
}

/** Deployments 0…total-1 of the seed's dataset, one transaction per batch. */
async function insertDeploymentBatches(pool: Pool, seed: number, total: number, batchSize: number): Promise<number> {
  if (!Number.isSafeInteger(total) || total < 0 || total > 9_999_999) throw new Error('--deployments must be an integer between 0 and 9999999');
  let inserted = 0;
  for (let start = 0; start < total; start += batchSize) {
    const batch = Array.from({ length: Math.min(batchSize, total - start) }, (_, offset) => syntheticDeployment(seed, start + offset));
    inserted += await inTransaction(pool, (client) => insertDeployments(client, batch));
  }
  return inserted;
}

function validateRun({ seed, tickets }: SyntheticRunOptions, batchSize: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error('--seed must be a non-negative integer');
  if (!Number.isSafeInteger(tickets) || tickets < 0 || tickets > 9_999_999) throw new Error('--tickets must be an integer between 0 and 9999999');
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > 50_000) throw new Error('--batch must be between 1 and 50000');
}

/** Writes tickets 0…tickets-1 (and deployments 0…deployments-1) of the seed's dataset, one transaction per batch. */
export async function seedSyntheticTickets(pool: Pool, options: SyntheticRunOptions): Promise<SyntheticRunResult> {
  const batchSize = options.batchSize ?? 5_000;
  validateRun(options, batchSize);
  const started = Date.now();
  const deleted = options.reset ? await inTransaction(pool, deleteSyntheticData) : 0;
  const { insertedTickets, insertedHistory } = await insertTicketBatches(pool, options, batchSize, started);
  // --deployments is validated only here, after the tickets are written: as it was before the generator moved here.
  const insertedDeployments = await insertDeploymentBatches(pool, options.seed, options.deployments ?? 0, batchSize);
  const total = options.tickets;
  return { generated: total, insertedDeployments, insertedTickets, insertedHistory, skippedExisting: total - insertedTickets, deleted, elapsedMs: Date.now() - started };
}
