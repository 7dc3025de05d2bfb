import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { DEFAULT_SLA_POLICIES, DEPLOYMENTS_2018 } from './report-2018';

/**
 * Deterministic synthetic support-desk tickets, for demos and benchmarks only (never seeded by default).
 *
 * Every ticket i of seed s is a pure function of (s, i): its own PRNG stream, a UUID and a reference
 * `SYN-<s>-<i+1, 7 digits>` derived from them. Running the same seed again writes nothing new
 * (references are unique, inserts skip existing ones); a larger --tickets extends the same dataset.
 * Rows carry `synthetic = true`, `opened_by = 'synthetic'` and the SYN- prefix.
 *
 * Proportions follow the 2018 report's synthesis table (III.A): support and technical tickets of
 * 2011, 2016, 2017 and 2018. Years and queues are dealt by a low-discrepancy sequence, so that any
 * number of tickets keeps those proportions to within a few tickets. What the report does not give
 * (split by member, application, month, priority, timings) is an assumption written below.
 */

export const SYNTHETIC_OPENED_BY = 'synthetic';
export const syntheticReferencePrefix = (seed: number) => `SYN-${seed}-`;

/** Tickets reported per year and queue (Tickets Support / Tickets techniques). */
export const REPORTED_TICKETS = [
  { year: 2011, queue: 'SUPPORT', count: 1497 },
  { year: 2011, queue: 'TECHNICAL', count: 1214 },
  { year: 2016, queue: 'SUPPORT', count: 4326 },
  { year: 2016, queue: 'TECHNICAL', count: 2599 },
  { year: 2017, queue: 'SUPPORT', count: 4183 },
  { year: 2017, queue: 'TECHNICAL', count: 3109 },
  { year: 2018, queue: 'SUPPORT', count: 4490 },
  { year: 2018, queue: 'TECHNICAL', count: 3190 },
] as const;

/** Deployments to production reported per year (Mises en Production, synthesis table III.A). */
export const REPORTED_DEPLOYMENTS = [
  { year: 2011, count: 38 },
  { year: 2016, count: 62 },
  { year: 2017, count: 88 },
  { year: 2018, count: 77 },
] as const;

/** Assumed shares (the report's per-member chart is an image without figures): larger cities open more tickets. */
const MEMBER_WEIGHTS: [string, number][] = [
  ['BOBIGNY', 30],
  ['LA_COURNEUVE', 20],
  ['TREMBLAY_EN_FRANCE', 20],
  ['LE_BLANC_MESNIL', 18],
  ['SIRESCO', 6],
  ['SYREC', 6],
];

/** Catalogue application ids (a test checks each against the catalogue); the big business suites weigh more. */
const APPLICATION_WEIGHTS: [string, number][] = [
  ['finances', 12], ['grh', 12], ['cms', 6], ['melodie', 5], ['concerto', 5], ['mdaemon', 8], ['prem', 4], ['maidis', 4],
  ['logement', 3], ['adagio', 3], ['airs-courriers', 3], ['delibs', 2], ['e-parapheur', 2], ['actes', 2], ['ccas-asweb', 3],
  ['restor', 2], ['restcollec', 2], ['requiem', 1], ['alto', 2], ['actesweb', 1], ['recette', 1], ['opale', 1], ['esabora', 1],
  ['orphee', 2], ['rrp', 1], ['incovar', 2], ['e-conges', 2], ['e-formation', 1], ['n4ds', 1], ['planitec', 1], ['gesdem', 1],
  ['lagos', 1], ['colbert', 1], ['annuaire', 1], ['bo-xi', 2], ['intranet-ez', 1], ['municipol', 1], ['cartads', 2],
  ['gestion-des-salles', 1], ['gestion-assoc', 1], ['mantis', 1], ['olfeo', 1],
];

/** August and December are quieter. */
const MONTH_WEIGHTS = [9, 9, 10, 9, 9, 8, 7, 4, 10, 10, 9, 6];
const PRIORITY_WEIGHTS: [string, number][] = [['LOW', 25], ['MEDIUM', 50], ['HIGH', 20], ['CRITICAL', 5]];
const SYMPTOMS = ['lenteurs', 'erreur à la connexion', 'impression impossible', 'écran figé', 'données manquantes', 'export en échec'];
const REQUESTS = ['création de compte', 'droits d’accès', 'installation du poste', 'paramétrage', 'formation', 'extraction de données'];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const GOLDEN = (Math.sqrt(5) - 1) / 2;

/** mulberry32: small, fast, good enough for demo data, and the same everywhere. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickWeighted<T>(items: readonly (readonly [T, number])[], u: number): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let threshold = u * total;
  for (const [item, weight] of items) {
    threshold -= weight;
    if (threshold < 0) return item;
  }
  return items[items.length - 1][0];
}

const BUCKETS = REPORTED_TICKETS.map((row) => [row, row.count] as const);
const POLICY = new Map<string, { timeToOwnMinutes: number; timeToResolveMinutes: number }>(DEFAULT_SLA_POLICIES.map((p) => [p.priority, p]));

export interface SyntheticTicket {
  id: string;
  reference: string;
  kind: string;
  queue: string;
  priority: string;
  title: string;
  memberCode: string;
  applicationId: string | null;
  openedAt: Date;
  ownedAt: Date;
  resolvedAt: Date;
  closedAt: Date;
  pendingSeconds: number;
  ownDueAt: Date;
  resolveDueAtBase: Date;
  version: number;
  history: { from: string | null; to: string; at: Date }[];
}

const seedPrefixes = new Map<number, string>();

/**
 * An RFC 9562 version 8 (custom) UUID: 12 hex digits fixed per seed, then the index, then digest bits.
 * Ids of one seed therefore sort by index, so that bulk inserts append to the primary-key and
 * history indexes instead of writing all over them.
 */
function syntheticUuid(seed: number, index: number, digest: Buffer): string {
  let prefix = seedPrefixes.get(seed);
  if (!prefix) {
    prefix = createHash('sha256').update(`sii-synthetic-seed:${seed}`).digest('hex').slice(0, 12);
    seedPrefixes.set(seed, prefix);
  }
  const position = index.toString(16).padStart(12, '0');
  const tail = digest.toString('hex', 4, 7);
  return `${prefix.slice(0, 8)}-${prefix.slice(8, 12)}-8${position.slice(0, 3)}-8${position.slice(3, 6)}-${position.slice(6, 12)}${tail}`;
}

/** Ticket `index` of dataset `seed`: the same inputs always give the same ticket. */
export function syntheticTicket(seed: number, index: number): SyntheticTicket {
  const digest = createHash('sha256').update(`sii-synthetic:${seed}:${index}`).digest();
  const random = prng(digest.readUInt32LE(0));
  const id = syntheticUuid(seed, index, digest);

  const bucket = pickWeighted(BUCKETS, (index * GOLDEN) % 1);
  const month = pickWeighted(MONTH_WEIGHTS.map((weight, m) => [m, weight] as const), random());
  const daysInMonth = new Date(Date.UTC(bucket.year, month + 1, 0)).getUTCDate();
  const day = 1 + Math.floor(random() * daysInMonth);
  // Office hours, Paris time roughly (UTC+1): 07:00–17:00 UTC.
  const openedAt = new Date(Date.UTC(bucket.year, month, day, 7 + Math.floor(random() * 10), Math.floor(random() * 60), Math.floor(random() * 60)));
  const memberCode = pickWeighted(MEMBER_WEIGHTS, random());
  const hasApplication = random() < (bucket.queue === 'SUPPORT' ? 0.85 : 0.3);
  const applicationId = hasApplication ? pickWeighted(APPLICATION_WEIGHTS, random()) : null;
  const kind = random() < (bucket.queue === 'SUPPORT' ? 0.45 : 0.6) ? 'INCIDENT' : 'REQUEST';
  const priority = pickWeighted(PRIORITY_WEIGHTS, random());
  const subject = applicationId ?? (bucket.queue === 'TECHNICAL' ? 'infrastructure' : 'poste de travail');
  const title =
    kind === 'INCIDENT'
      ? `Incident ${subject} : ${SYMPTOMS[Math.floor(random() * SYMPTOMS.length)]}`
      : `Demande ${subject} : ${REQUESTS[Math.floor(random() * REQUESTS.length)]}`;

  const policy = POLICY.get(priority)!;
  const ownDueAt = new Date(openedAt.getTime() + policy.timeToOwnMinutes * MINUTE);
  // About one ticket in ten is owned late, about one in eight resolved late.
  const ownedAt = new Date(openedAt.getTime() + policy.timeToOwnMinutes * MINUTE * (random() < 0.1 ? 1 + random() : random()));
  const startedAt = new Date(ownedAt.getTime() + Math.floor(random() * 30) * MINUTE);
  const history: SyntheticTicket['history'] = [
    { from: null, to: 'NEW', at: openedAt },
    { from: 'NEW', to: 'ASSIGNED', at: ownedAt },
    { from: 'ASSIGNED', to: 'IN_PROGRESS', at: startedAt },
  ];
  let pendingMs = 0;
  let cursor = startedAt.getTime();
  if (random() < 0.2) {
    const pendingFrom = cursor + Math.floor(random() * 4 * HOUR);
    pendingMs = Math.floor((1 + random() * 71) * HOUR);
    history.push({ from: 'IN_PROGRESS', to: 'PENDING', at: new Date(pendingFrom) });
    history.push({ from: 'PENDING', to: 'IN_PROGRESS', at: new Date(pendingFrom + pendingMs) });
    cursor = pendingFrom + pendingMs;
  }
  const workMs = policy.timeToResolveMinutes * MINUTE * (random() < 0.12 ? 1 + random() : 0.1 + 0.85 * random());
  const resolvedAt = new Date(Math.max(cursor + MINUTE, openedAt.getTime() + pendingMs + workMs));
  const closedAt = new Date(resolvedAt.getTime() + Math.floor((1 + random() * 4) * DAY));
  history.push({ from: 'IN_PROGRESS', to: 'RESOLVED', at: resolvedAt });
  history.push({ from: 'RESOLVED', to: 'CLOSED', at: closedAt });
  return {
    id,
    reference: `${syntheticReferencePrefix(seed)}${String(index + 1).padStart(7, '0')}`,
    kind,
    queue: bucket.queue,
    priority,
    title,
    memberCode,
    applicationId,
    openedAt,
    ownedAt,
    resolvedAt,
    closedAt,
    pendingSeconds: Math.round(pendingMs / 1000),
    ownDueAt,
    resolveDueAtBase: new Date(openedAt.getTime() + policy.timeToResolveMinutes * MINUTE + pendingMs),
    version: history.length,
    history,
  };
}

export interface SyntheticDeployment {
  id: string;
  applicationId: string;
  year: number;
  deployedOn: string;
  version: string;
  summary: string;
  memberCodes: string[];
}

const DEPLOYMENT_YEARS = REPORTED_DEPLOYMENTS.map((row) => [row.year, row.count] as const);
/** Which applications get deployed: as in the 2018 table (CMS and Finances often, Olfeo rarely). */
const DEPLOYED_APPLICATIONS = DEPLOYMENTS_2018.map((row) => [row.applicationId, row.count] as const);

/** Deployment `index` of dataset `seed`: dated, with a version and the members it was for. */
export function syntheticDeployment(seed: number, index: number): SyntheticDeployment {
  const digest = createHash('sha256').update(`sii-synthetic-deployment:${seed}:${index}`).digest();
  const random = prng(digest.readUInt32LE(0));
  const year = pickWeighted(DEPLOYMENT_YEARS, (index * GOLDEN) % 1);
  const month = pickWeighted(MONTH_WEIGHTS.map((weight, m) => [m, weight] as const), random());
  const day = 1 + Math.floor(random() * new Date(Date.UTC(year, month + 1, 0)).getUTCDate());
  const applicationId = pickWeighted(DEPLOYED_APPLICATIONS, random());
  const members = MEMBER_WEIGHTS.map(([code]) => code).filter(() => random() < 0.35);
  return {
    id: `syn-${seed}-${String(index + 1).padStart(7, '0')}`,
    applicationId,
    year,
    deployedOn: `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    version: `${1 + Math.floor(random() * 9)}.${Math.floor(random() * 20)}.${Math.floor(random() * 10)}`,
    summary: random() < 0.5 ? 'Version corrective' : 'Version évolutive',
    memberCodes: members.length > 0 ? members : [pickWeighted(MEMBER_WEIGHTS, random())],
  };
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

/** One multi-row INSERT per table and batch: arrays bound as parameters and expanded by unnest. */
async function insertBatch(client: PoolClient, tickets: SyntheticTicket[]): Promise<{ tickets: number; history: number }> {
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
  // History only for tickets this run inserted: a re-run adds nothing twice.
  const insertedIds = new Set(inserted.rows.map((row) => row.id));
  const steps = tickets.filter((ticket) => insertedIds.has(ticket.id)).flatMap((ticket) => ticket.history.map((step) => ({ ticketId: ticket.id, ...step })));
  if (steps.length > 0) {
    await client.query(
      `insert into "operations"."ticket_status_change" (ticket_id, "from", "to", "at", "by")
       select s.ticket_id, s.from_status, s.to_status, s.at, '${SYNTHETIC_OPENED_BY}'
       from unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) as s(ticket_id, from_status, to_status, at)`,
      [steps.map((s) => s.ticketId), steps.map((s) => s.from), steps.map((s) => s.to), steps.map((s) => s.at)],
    );
  }
  return { tickets: inserted.rowCount ?? 0, history: steps.length };
}

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

/** Writes tickets 0…tickets-1 of the seed's dataset, one transaction per batch. */
export async function seedSyntheticTickets(pool: Pool, options: SyntheticRunOptions): Promise<SyntheticRunResult> {
  const { seed, tickets: total } = options;
  const batchSize = options.batchSize ?? 5_000;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error('--seed must be a non-negative integer');
  if (!Number.isSafeInteger(total) || total < 0 || total > 9_999_999) throw new Error('--tickets must be an integer between 0 and 9999999');
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > 50_000) throw new Error('--batch must be between 1 and 50000');
  const started = Date.now();
  let deleted = 0;
  if (options.reset) {
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query(`delete from "operations"."ticket_status_change" where ticket_id in (select id from "operations"."ticket" where synthetic)`);
      deleted = (await client.query(`delete from "operations"."ticket" where synthetic`)).rowCount ?? 0;
      await client.query(`delete from "operations"."deployment" where synthetic`);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback');
      throw error;
    } finally {
      client.release();
    }
  }
  let insertedTickets = 0;
  let insertedHistory = 0;
  for (let start = 0; start < total; start += batchSize) {
    const batch = Array.from({ length: Math.min(batchSize, total - start) }, (_, offset) => syntheticTicket(seed, start + offset));
    const client = await pool.connect();
    try {
      await client.query('begin');
      const written = await insertBatch(client, batch);
      await client.query('commit');
      insertedTickets += written.tickets;
      insertedHistory += written.history;
    } catch (error) {
      await client.query('rollback');
      throw error;
    } finally {
      client.release();
    }
    options.onProgress?.({ done: start + batch.length, total, inserted: insertedTickets, elapsedMs: Date.now() - started });
  }
  const deploymentTotal = options.deployments ?? 0;
  if (!Number.isSafeInteger(deploymentTotal) || deploymentTotal < 0 || deploymentTotal > 9_999_999) {
    throw new Error('--deployments must be an integer between 0 and 9999999');
  }
  let insertedDeployments = 0;
  for (let start = 0; start < deploymentTotal; start += batchSize) {
    const batch = Array.from({ length: Math.min(batchSize, deploymentTotal - start) }, (_, offset) => syntheticDeployment(seed, start + offset));
    // A single statement: its own transaction.
    const client = await pool.connect();
    try {
      insertedDeployments += await insertDeployments(client, batch);
    } finally {
      client.release();
    }
  }
  return { generated: total, insertedDeployments, insertedTickets, insertedHistory, skippedExisting: total - insertedTickets, deleted, elapsedMs: Date.now() - started };
}
