import { createHash } from 'node:crypto';
import { DEFAULT_SLA_POLICIES } from '../../subgraphs/operations/seed/report-2018';
import { APPLICATION_WEIGHTS, MEMBER_WEIGHTS, MONTH_WEIGHTS, PRIORITY_WEIGHTS, REPORTED_TICKETS, REQUESTS, SYMPTOMS } from './proportions';
import { GOLDEN, pickDay, pickWeighted, prng } from './random';

/**
 * Deterministic synthetic support-desk tickets, for demos and benchmarks only (never seeded by default).
 *
 * Every ticket i of seed s is a pure function of (s, i): its own PRNG stream, a UUID and a reference
 * `SYN-<s>-<i+1, 7 digits>` derived from them. Running the same seed again writes nothing new
 * (references are unique, inserts skip existing ones); a larger --tickets extends the same dataset.
 * Rows carry `synthetic = true`, `opened_by = 'synthetic'` and the SYN- prefix.
 *
 * Years and queues are dealt by a low-discrepancy sequence, so that any number of tickets keeps the
 * report's proportions (proportions.ts) to within a few tickets.
 */

export const SYNTHETIC_OPENED_BY = 'synthetic';
export const syntheticReferencePrefix = (seed: number) => `SYN-${seed}-`;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const BUCKETS = REPORTED_TICKETS.map((row) => [row, row.count] as const);
const POLICY = new Map<string, { timeToOwnMinutes: number; timeToResolveMinutes: number }>(DEFAULT_SLA_POLICIES.map((p) => [p.priority, p]));

type Step = { from: string | null; to: string; at: Date };

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
  history: Step[];
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

// The steps below draw from the ticket's stream in a fixed order: reordering them changes every dataset.

/** A weighted day of the year, in office hours, Paris time roughly (UTC+1): 07:00–17:00 UTC. */
function openingTime(year: number, random: () => number): Date {
  const { month, day } = pickDay(year, MONTH_WEIGHTS, random);
  return new Date(Date.UTC(year, month, day, 7 + Math.floor(random() * 10), Math.floor(random() * 60), Math.floor(random() * 60)));
}

/** Who opened it, about what, how urgent, and its title. */
function ticketSubject(queue: string, random: () => number) {
  const memberCode = pickWeighted(MEMBER_WEIGHTS, random());
  const hasApplication = random() < (queue === 'SUPPORT' ? 0.85 : 0.3);
  const applicationId = hasApplication ? pickWeighted(APPLICATION_WEIGHTS, random()) : null;
  const kind = random() < (queue === 'SUPPORT' ? 0.45 : 0.6) ? 'INCIDENT' : 'REQUEST';
  const priority = pickWeighted(PRIORITY_WEIGHTS, random());
  const subject = applicationId ?? (queue === 'TECHNICAL' ? 'infrastructure' : 'poste de travail');
  const title =
    kind === 'INCIDENT'
      ? `Incident ${subject} : ${SYMPTOMS[Math.floor(random() * SYMPTOMS.length)]}`
      : `Demande ${subject} : ${REQUESTS[Math.floor(random() * REQUESTS.length)]}`;
  return { kind, priority, title, memberCode, applicationId };
}

/** One ticket in five waits for the member once, between 1 and 72 hours, starting within 4 hours. */
function pendingPeriod(startedAt: number, random: () => number): { steps: Step[]; pendingMs: number; endsAt: number } {
  if (random() >= 0.2) return { steps: [], pendingMs: 0, endsAt: startedAt };
  const pendingFrom = startedAt + Math.floor(random() * 4 * HOUR);
  const pendingMs = Math.floor((1 + random() * 71) * HOUR);
  const steps = [
    { from: 'IN_PROGRESS', to: 'PENDING', at: new Date(pendingFrom) },
    { from: 'PENDING', to: 'IN_PROGRESS', at: new Date(pendingFrom + pendingMs) },
  ];
  return { steps, pendingMs, endsAt: pendingFrom + pendingMs };
}

/** From opening to closing. About one ticket in ten is owned late, about one in eight resolved late. */
function ticketLife(openedAt: Date, policy: { timeToOwnMinutes: number; timeToResolveMinutes: number }, random: () => number) {
  const ownedAt = new Date(openedAt.getTime() + policy.timeToOwnMinutes * MINUTE * (random() < 0.1 ? 1 + random() : random()));
  const startedAt = new Date(ownedAt.getTime() + Math.floor(random() * 30) * MINUTE);
  const pending = pendingPeriod(startedAt.getTime(), random);
  const workMs = policy.timeToResolveMinutes * MINUTE * (random() < 0.12 ? 1 + random() : 0.1 + 0.85 * random());
  const resolvedAt = new Date(Math.max(pending.endsAt + MINUTE, openedAt.getTime() + pending.pendingMs + workMs));
  const closedAt = new Date(resolvedAt.getTime() + Math.floor((1 + random() * 4) * DAY));
  const history: Step[] = [
    { from: null, to: 'NEW', at: openedAt },
    { from: 'NEW', to: 'ASSIGNED', at: ownedAt },
    { from: 'ASSIGNED', to: 'IN_PROGRESS', at: startedAt },
    ...pending.steps,
    { from: 'IN_PROGRESS', to: 'RESOLVED', at: resolvedAt },
    { from: 'RESOLVED', to: 'CLOSED', at: closedAt },
  ];
  return { ownedAt, resolvedAt, closedAt, pendingMs: pending.pendingMs, history };
}

/** Ticket `index` of dataset `seed`: the same inputs always give the same ticket. */
export function syntheticTicket(seed: number, index: number): SyntheticTicket {
  const digest = createHash('sha256').update(`sii-synthetic:${seed}:${index}`).digest();
  const random = prng(digest.readUInt32LE(0));
  const bucket = pickWeighted(BUCKETS, (index * GOLDEN) % 1);
  const openedAt = openingTime(bucket.year, random);
  const { kind, priority, title, memberCode, applicationId } = ticketSubject(bucket.queue, random);
  const policy = POLICY.get(priority)!;
  const { ownedAt, resolvedAt, closedAt, pendingMs, history } = ticketLife(openedAt, policy, random);
  return {
    id: syntheticUuid(seed, index, digest),
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
    ownDueAt: new Date(openedAt.getTime() + policy.timeToOwnMinutes * MINUTE),
    resolveDueAtBase: new Date(openedAt.getTime() + policy.timeToResolveMinutes * MINUTE + pendingMs),
    version: history.length,
    history,
  };
}
