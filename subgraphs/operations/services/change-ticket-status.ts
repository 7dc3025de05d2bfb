import { type Actor, actorOf, changedFields, recordChange } from '../../../lib/audit';
import { badUserInput, conflict, notFound } from '../../../lib/errors';
import { isUuid } from '../../../lib/ids';
import type { EntityManager } from '../../../lib/orm';
import { addStatusChange } from '../data/ticket-history';
import { findTicket, updateTicketAtVersion } from '../data/tickets';
import { isLegalTransition, Ticket, TICKET_TRANSITIONS, TicketStatus } from '../entities';
import type { OperationsContext } from '../loaders';
import type { ChangeTicketStatusInput } from '../types';
import { canSeeTicketOf, ticketWriteScope } from './access';
import { operationsClock } from './clock';
import { cleanText } from './text';

const MAX_TEXT_LENGTH = 10_000;

type TicketKey = { id: string } | { reference: string };

/** A change as asked, validated: which ticket, from which version, to which status, by whom. */
interface StatusChangeRequest {
  key: TicketKey;
  label: string;
  status: TicketStatus;
  expectedVersion: number;
  comment: string | null;
  by: string;
}

/** Exactly one of id and reference; an id that cannot exist is NOT_FOUND straight away. */
function ticketKeyOf(input: ChangeTicketStatusInput): TicketKey {
  const id = input.id?.trim() || null;
  const reference = input.reference?.trim().toUpperCase() || null;
  if ((id === null) === (reference === null)) throw badUserInput('Give exactly one of id and reference', { field: id ? 'reference' : 'id' });
  if (id !== null && !isUuid(id)) throw notFound(`No ticket has the id ${id}`);
  return id !== null ? { id } : { reference: reference as string };
}

function changeRequestOf(input: ChangeTicketStatusInput, by: string): StatusChangeRequest {
  const key = ticketKeyOf(input);
  if (!Number.isInteger(input.expectedVersion) || input.expectedVersion < 1) {
    throw badUserInput('expectedVersion must be a positive integer', { field: 'expectedVersion' });
  }
  const comment = cleanText(input.comment, 'comment', MAX_TEXT_LENGTH, false);
  const label = 'id' in key ? key.id : key.reference;
  return { key, label, status: input.status, expectedVersion: input.expectedVersion, comment, by };
}

/** A stale version is reported before an illegal transition: the client must read the ticket again first. */
function checkChangeAllowed(ticket: Ticket, { expectedVersion, status }: StatusChangeRequest): void {
  if (ticket.version !== expectedVersion) {
    throw conflict(`Ticket ${ticket.reference} changed since version ${expectedVersion}; read it again (version ${ticket.version})`, {
      currentVersion: ticket.version,
    });
  }
  if (!isLegalTransition(ticket.status, status)) {
    throw badUserInput(`A ${ticket.status} ticket cannot become ${status}`, { field: 'status', from: ticket.status, allowed: TICKET_TRANSITIONS[ticket.status] });
  }
}

/** The columns a transition sets: ownership, pending time (which pushes the resolution due date back), resolution, closing. */
function statusChanges(ticket: Ticket, status: TicketStatus, now: Date): Partial<Ticket> {
  const changes: Partial<Ticket> = { status, version: ticket.version + 1 };
  if (status === TicketStatus.ASSIGNED && !ticket.ownedAt) changes.ownedAt = now;
  if (status === TicketStatus.PENDING) changes.pendingSince = now;
  if (ticket.status === TicketStatus.PENDING && ticket.pendingSince) {
    // Leaving PENDING: the waiting time is not the desk's, so the resolution due date moves by as much.
    const pendingMs = Math.max(0, now.getTime() - ticket.pendingSince.getTime());
    changes.pendingSince = null;
    changes.pendingSeconds = ticket.pendingSeconds + Math.round(pendingMs / 1000);
    changes.resolveDueAtBase = new Date(ticket.resolveDueAtBase.getTime() + pendingMs);
  }
  if (status === TicketStatus.RESOLVED) changes.resolvedAt = now;
  if (ticket.status === TicketStatus.RESOLVED && status === TicketStatus.IN_PROGRESS) changes.resolvedAt = null;
  if (status === TicketStatus.CLOSED) changes.closedAt = now;
  return changes;
}

/** One transaction: read, check, update guarded by the version, record the step. */
function applyChange(em: EntityManager, scope: { memberCode: string | null }, request: StatusChangeRequest, actor: Actor, requestId: string): Promise<Ticket> {
  return em.transactional(async (tx) => {
    const ticket = await findTicket(tx, request.key);
    // Another member's ticket is not revealed, not even by the error.
    if (!ticket || !canSeeTicketOf(scope, ticket.memberCode)) throw notFound(`No ticket ${request.label}`);
    checkChangeAllowed(ticket, request);
    const now = operationsClock.now();
    const changes = statusChanges(ticket, request.status, now);
    // The version guard makes the check above atomic: a concurrent change in between updates nothing here.
    const updated = await updateTicketAtVersion(tx, ticket.id, request.expectedVersion, changes);
    if (updated === 0) throw conflict(`Ticket ${ticket.reference} was changed concurrently; read it again`, { currentVersion: null });
    addStatusChange(tx, { ticketId: ticket.id, from: ticket.status, to: request.status, at: now, by: request.by, comment: request.comment });
    const changed = Object.assign(new Ticket(), ticket, changes);
    const audited = (state: Ticket) => ({
      status: state.status,
      version: state.version,
      ownedAt: state.ownedAt,
      pendingSince: state.pendingSince,
      resolvedAt: state.resolvedAt,
      closedAt: state.closedAt,
    });
    const difference = changedFields(audited(ticket), audited(changed));
    if (difference) {
      await recordChange(tx, 'operations', {
        entity: 'Ticket',
        entityId: ticket.id,
        action: 'UPDATE',
        before: difference.before,
        after: { ...difference.after, ...(request.comment ? { comment: request.comment } : {}) },
        actor,
        requestId,
      });
    }
    return changed;
  });
}

/** Moves a ticket along the state machine: MEMBER_AGENT (own member's tickets) or SII_STAFF. */
export async function changeTicketStatus(context: OperationsContext, input: ChangeTicketStatusInput): Promise<Ticket> {
  const scope = ticketWriteScope(context.viewer);
  const request = changeRequestOf(input, context.viewer.subject as string);
  return applyChange(context.em, scope, request, actorOf(context.viewer), context.requestId);
}
