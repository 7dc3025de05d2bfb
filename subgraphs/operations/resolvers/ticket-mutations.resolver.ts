import { createHash, randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { badUserInput, conflict, forbidden, notFound } from '../../../lib/errors';
import { canSeeTicketOf, ticketWriteScope } from '../access';
import { operationsClock } from '../clock';
import { isLegalTransition, SlaPolicy, Ticket, TICKET_TRANSITIONS, TicketStatus, TicketStatusChange } from '../entities';
import { checkReferences } from '../graph-client';
import type { OperationsContext } from '../loaders';
import { initialDueDates } from '../sla';
import { ChangeTicketStatusInput, OpenTicketInput } from './ticket-inputs';

const MAX_TITLE_LENGTH = 200;
const MAX_TEXT_LENGTH = 10_000;
const MAX_KEY_LENGTH = 200;

function cleanText(value: string | null | undefined, field: string, max: number, required: boolean): string | null {
  const cleaned = value?.trim() ?? '';
  if (cleaned === '') {
    if (required) throw badUserInput(`${field} must not be empty`, { field });
    return null;
  }
  if (cleaned.length > max) throw badUserInput(`${field} must be at most ${max} characters`, { field });
  return cleaned;
}

/** The human reference: SII-<year>-<number of the year, 6 digits>. */
export const ticketReference = (year: number, number: number) => `SII-${year}-${String(number).padStart(6, '0')}`;

/** What a retry must repeat exactly for the idempotency key to return the same ticket. */
const fingerprintOf = (request: object) => createHash('sha256').update(JSON.stringify(request)).digest('hex');

@Resolver()
export class TicketMutationResolver {
  @Mutation(() => Ticket, {
    description:
      'Opens a ticket (status NEW) with its due dates from the priority’s service level. MEMBER_AGENT (for its own member) or SII_STAFF. ' +
      'With an idempotencyKey, a retry returns the ticket already created instead of opening a second one.',
  })
  async openTicket(@Arg('input', () => OpenTicketInput) input: OpenTicketInput, @Ctx() context: OperationsContext): Promise<Ticket> {
    const { em, viewer } = context;
    const scope = ticketWriteScope(viewer);
    const subject = viewer.subject as string;
    const title = cleanText(input.title, 'title', MAX_TITLE_LENGTH, true) as string;
    const description = cleanText(input.description, 'description', MAX_TEXT_LENGTH, false);
    const idempotencyKey = cleanText(input.idempotencyKey, 'idempotencyKey', MAX_KEY_LENGTH, false);
    const applicationId = cleanText(input.applicationId, 'applicationId', 100, false);
    const givenMember = cleanText(input.memberCode, 'memberCode', 100, false)?.toUpperCase() ?? null;
    let memberCode: string;
    if (scope.memberCode !== null) {
      if (givenMember !== null && givenMember !== scope.memberCode) throw forbidden(`A MEMBER_AGENT of ${scope.memberCode} may only open tickets for it`);
      memberCode = scope.memberCode;
    } else {
      if (givenMember === null) throw badUserInput('memberCode is required', { field: 'memberCode' });
      memberCode = givenMember;
    }
    const request = { kind: input.kind, queue: input.queue, priority: input.priority, title, description, memberCode, applicationId };
    const fingerprint = fingerprintOf(request);

    const replay = async (): Promise<Ticket | null> => {
      if (idempotencyKey === null) return null;
      const existing = await em.fork().findOne(Ticket, { openedBy: subject, idempotencyKey });
      if (!existing) return null;
      if (existing.requestFingerprint !== fingerprint) {
        throw badUserInput('This idempotencyKey was already used for a different ticket; use a new key for a new ticket', {
          field: 'idempotencyKey',
          reference: existing.reference,
        });
      }
      return existing;
    };
    const earlier = await replay();
    if (earlier) return earlier;

    const references = await checkReferences(context.gatewayUrl, { applicationId, memberCodes: [memberCode] }, context.requestId);
    if (references.missingMemberCodes.length > 0) throw badUserInput(`No member has the code ${memberCode}`, { field: 'memberCode' });
    if (references.applicationExists === false) throw badUserInput(`No application has the id ${applicationId}`, { field: 'applicationId' });

    try {
      return await em.transactional(async (tx) => {
        const openedAt = operationsClock.now();
        const year = openedAt.getUTCFullYear();
        const [{ last_number: number }] = await tx.execute<{ last_number: number }[]>(
          `insert into "operations"."ticket_counter" (year, last_number) values (?, 1)
           on conflict (year) do update set last_number = "operations"."ticket_counter".last_number + 1 returning last_number`,
          [year],
        );
        const policy = await tx.findOneOrFail(SlaPolicy, { priority: input.priority });
        const ticket = tx.create(Ticket, {
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
        // History references the ticket by a plain column: the ticket row goes first.
        await tx.flush();
        tx.create(TicketStatusChange, { ticketId: ticket.id, from: null, to: TicketStatus.NEW, at: openedAt, by: subject, comment: null });
        return ticket;
      });
    } catch (error) {
      // A concurrent retry with the same key won the race: answer with its ticket.
      if (error instanceof UniqueConstraintViolationException) {
        const winner = await replay();
        if (winner) return winner;
      }
      throw error;
    }
  }

  @Mutation(() => Ticket, {
    description:
      'Moves a ticket along the state machine. expectedVersion must be the version read: a stale one is CONFLICT, an illegal transition BAD_USER_INPUT; ' +
      'both change nothing. MEMBER_AGENT (own member’s tickets) or SII_STAFF',
  })
  async changeTicketStatus(
    @Arg('input', () => ChangeTicketStatusInput) input: ChangeTicketStatusInput,
    @Ctx() { em, viewer }: OperationsContext,
  ): Promise<Ticket> {
    const scope = ticketWriteScope(viewer);
    const id = input.id?.trim() || null;
    const reference = input.reference?.trim().toUpperCase() || null;
    if ((id === null) === (reference === null)) throw badUserInput('Give exactly one of id and reference', { field: id ? 'reference' : 'id' });
    if (id !== null && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw notFound(`No ticket has the id ${id}`);
    if (!Number.isInteger(input.expectedVersion) || input.expectedVersion < 1) {
      throw badUserInput('expectedVersion must be a positive integer', { field: 'expectedVersion' });
    }
    const comment = cleanText(input.comment, 'comment', MAX_TEXT_LENGTH, false);
    const by = viewer.subject as string;

    return em.transactional(async (tx) => {
      const ticket = await tx.findOne(Ticket, id !== null ? { id } : { reference: reference as string });
      // Another member's ticket is not revealed, not even by the error.
      if (!ticket || !canSeeTicketOf(scope, ticket.memberCode)) throw notFound(`No ticket ${id ?? reference}`);
      if (ticket.version !== input.expectedVersion) {
        throw conflict(`Ticket ${ticket.reference} changed since version ${input.expectedVersion}; read it again (version ${ticket.version})`, {
          currentVersion: ticket.version,
        });
      }
      if (!isLegalTransition(ticket.status, input.status)) {
        throw badUserInput(`A ${ticket.status} ticket cannot become ${input.status}`, {
          field: 'status',
          from: ticket.status,
          allowed: TICKET_TRANSITIONS[ticket.status],
        });
      }
      const now = operationsClock.now();
      const changes: Partial<Ticket> = { status: input.status, version: ticket.version + 1 };
      if (input.status === TicketStatus.ASSIGNED && !ticket.ownedAt) changes.ownedAt = now;
      if (input.status === TicketStatus.PENDING) changes.pendingSince = now;
      if (ticket.status === TicketStatus.PENDING && ticket.pendingSince) {
        // Leaving PENDING: the waiting time is not the desk's, so the resolution due date moves by as much.
        const pendingMs = Math.max(0, now.getTime() - ticket.pendingSince.getTime());
        changes.pendingSince = null;
        changes.pendingSeconds = ticket.pendingSeconds + Math.round(pendingMs / 1000);
        changes.resolveDueAtBase = new Date(ticket.resolveDueAtBase.getTime() + pendingMs);
      }
      if (input.status === TicketStatus.RESOLVED) changes.resolvedAt = now;
      if (ticket.status === TicketStatus.RESOLVED && input.status === TicketStatus.IN_PROGRESS) changes.resolvedAt = null;
      if (input.status === TicketStatus.CLOSED) changes.closedAt = now;
      // The version guard makes the check above atomic: a concurrent change in between updates nothing here.
      const updated = await tx.nativeUpdate(Ticket, { id: ticket.id, version: input.expectedVersion }, changes);
      if (updated === 0) {
        throw conflict(`Ticket ${ticket.reference} was changed concurrently; read it again`, { currentVersion: null });
      }
      tx.create(TicketStatusChange, { ticketId: ticket.id, from: ticket.status, to: input.status, at: now, by, comment });
      return Object.assign(new Ticket(), ticket, changes);
    });
  }
}
