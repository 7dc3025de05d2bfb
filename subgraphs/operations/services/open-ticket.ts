import { randomUUID } from 'node:crypto';
import { type Actor, actorOf, recordChange } from '../../../lib/audit';
import { badUserInput, forbidden } from '../../../lib/errors';
import type { EntityManager } from '../../../lib/orm';
import { checkReferences } from '../data/graph-references';
import { slaPolicyOf } from '../data/sla-policies';
import { addStatusChange } from '../data/ticket-history';
import { findTicketByIdempotencyKey, insertTicket, nextTicketNumber } from '../data/tickets';
import { type Ticket, type TicketKind, type TicketPriority, type TicketQueue, TicketStatus } from '../entities';
import type { OperationsContext } from '../loaders';
import type { OpenTicketInput } from '../types';
import { ticketWriteScope } from './access';
import { operationsClock } from './clock';
import { requestFingerprint, writeOnce } from './idempotency';
import { initialDueDates } from './sla';
import { cleanText } from './text';

const MAX_TITLE_LENGTH = 200;
const MAX_TEXT_LENGTH = 10_000;
const MAX_KEY_LENGTH = 200;
const MAX_CODE_LENGTH = 100;

/** The ticket asked for, validated: what a retry must repeat exactly for its key to return the same ticket. */
interface TicketRequest {
  kind: TicketKind;
  queue: TicketQueue;
  priority: TicketPriority;
  title: string;
  description: string | null;
  memberCode: string;
  applicationId: string | null;
}

/** An opening: the request, who asks (token subject), and the retry key with the request's fingerprint. */
interface Opening {
  request: TicketRequest;
  subject: string;
  idempotencyKey: string | null;
  fingerprint: string;
}

/** The human reference: SII-<year>-<number of the year, 6 digits>. */
const ticketReference = (year: number, number: number) => `SII-${year}-${String(number).padStart(6, '0')}`;

/** A MEMBER_AGENT opens tickets for its own member only (by default); SII_STAFF must name the member. */
function openingMemberCode(scopeMemberCode: string | null, givenMember: string | null): string {
  if (scopeMemberCode !== null) {
    if (givenMember !== null && givenMember !== scopeMemberCode) throw forbidden(`A MEMBER_AGENT of ${scopeMemberCode} may only open tickets for it`);
    return scopeMemberCode;
  }
  if (givenMember === null) throw badUserInput('memberCode is required', { field: 'memberCode' });
  return givenMember;
}

/** Checks the input and who may open what; throws before anything is read or written. */
function openingOf(input: OpenTicketInput, context: OperationsContext): Opening {
  const scope = ticketWriteScope(context.viewer);
  const title = cleanText(input.title, 'title', MAX_TITLE_LENGTH, true) as string;
  const description = cleanText(input.description, 'description', MAX_TEXT_LENGTH, false);
  const idempotencyKey = cleanText(input.idempotencyKey, 'idempotencyKey', MAX_KEY_LENGTH, false);
  const applicationId = cleanText(input.applicationId, 'applicationId', MAX_CODE_LENGTH, false);
  const givenMember = cleanText(input.memberCode, 'memberCode', MAX_CODE_LENGTH, false)?.toUpperCase() ?? null;
  const memberCode = openingMemberCode(scope.memberCode, givenMember);
  const request = { kind: input.kind, queue: input.queue, priority: input.priority, title, description, memberCode, applicationId };
  return { request, subject: context.viewer.subject as string, idempotencyKey, fingerprint: requestFingerprint(request) };
}

/** The member and the application must exist (asked of governance and catalogue). */
async function checkTicketReferences(context: OperationsContext, { memberCode, applicationId }: TicketRequest): Promise<void> {
  const references = await checkReferences(context.subgraphUrls, { applicationId, memberCodes: [memberCode] }, context.requestId);
  if (references.missingMemberCodes.length > 0) throw badUserInput(`No member has the code ${memberCode}`, { field: 'memberCode' });
  if (references.applicationExists === false) throw badUserInput(`No application has the id ${applicationId}`, { field: 'applicationId' });
  const retiredOn = references.applicationRetiredOn;
  if (retiredOn !== null && retiredOn <= operationsClock.now().toISOString().slice(0, 10)) {
    throw badUserInput(`The application ${applicationId} was retired on ${retiredOn}; open the ticket without it or on the application that replaced it`, {
      field: 'applicationId',
      retiredOn,
    });
  }
}

/** One transaction: the year's next number, the due dates of the priority's policy, the ticket, its opening step. */
function insertOpening(em: EntityManager, { request, subject, idempotencyKey, fingerprint }: Opening, actor: Actor, requestId: string): Promise<Ticket> {
  return em.transactional(async (tx) => {
    const openedAt = operationsClock.now();
    const year = openedAt.getUTCFullYear();
    const number = await nextTicketNumber(tx, year);
    const policy = await slaPolicyOf(tx, request.priority);
    const ticket = await insertTicket(tx, {
      id: randomUUID(),
      reference: ticketReference(year, number),
      ...request,
      status: TicketStatus.NEW,
      openedAt,
      openedBy: subject,
      ownedAt: null,
      resolvedAt: null,
      closedAt: null,
      pendingSince: null,
      ...initialDueDates(openedAt, policy),
      idempotencyKey,
      requestFingerprint: idempotencyKey === null ? null : fingerprint,
    });
    addStatusChange(tx, { ticketId: ticket.id, from: null, to: TicketStatus.NEW, at: openedAt, by: subject, comment: null });
    await recordChange(tx, 'operations', {
      entity: 'Ticket',
      entityId: ticket.id,
      action: 'CREATE',
      before: null,
      after: { reference: ticket.reference, ...request, status: ticket.status, version: ticket.version },
      actor,
      requestId,
    });
    return ticket;
  });
}

/**
 * Opens a ticket: MEMBER_AGENT (for its own member) or SII_STAFF. With an idempotency key, a retry
 * (even a concurrent one) returns the ticket already opened instead of opening a second one.
 */
export async function openTicket(context: OperationsContext, input: OpenTicketInput): Promise<Ticket> {
  const opening = openingOf(input, context);
  const idempotent = {
    idempotencyKey: opening.idempotencyKey,
    fingerprint: opening.fingerprint,
    findEarlier: (key: string) => findTicketByIdempotencyKey(context.em, opening.subject, key),
    reused: (existing: Ticket) =>
      badUserInput('This idempotencyKey was already used for a different ticket; use a new key for a new ticket', {
        field: 'idempotencyKey',
        reference: existing.reference,
      }),
  };
  return writeOnce(idempotent, async () => {
    await checkTicketReferences(context, opening.request);
    return insertOpening(context.em, opening, actorOf(context.viewer), context.requestId);
  });
}
