import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { type Actor, actorOf, recordChange } from '../../../lib/audit';
import { requireStaff, type Viewer } from '../../../lib/auth';
import { badUserInput, conflict, notFound } from '../../../lib/errors';
import { isUuid } from '../../../lib/ids';
import type { EntityManager } from '../../../lib/orm';
import { addDelegate, deleteDelegate, findDelegate, takenSeats } from '../data/delegates';
import { findMemberByCode, findMemberById, lockMember } from '../data/members';
import type { Delegate, DelegateRole, Member } from '../entities';
import type { AppointDelegateInput } from '../types';

/*
 * Writes to the council, under article 5.1 of the statutes: a member with only the mandatory
 * competences has one titular/substitute pair, a member with an optional competence has two.
 */

const MAX_NAME_LENGTH = 100;

function cleanName(value: string, field: string): string {
  const cleaned = value.trim().replace(/\s+/g, ' ');
  if (cleaned.length === 0) throw badUserInput(`${field} must not be empty`, { field });
  if (cleaned.length > MAX_NAME_LENGTH) throw badUserInput(`${field} must be at most ${MAX_NAME_LENGTH} characters`, { field });
  return cleaned;
}

const seatsWording = (member: Member) =>
  member.hasOptionalCompetences
    ? `${member.code} transferred optional competences and has 2 seats (two titular and two substitute delegates)`
    : `${member.code} transferred only the mandatory competences and has 1 seat (one titular and one substitute delegate)`;

/** The seat asked for, checked against the member's seats, or the first seat vacant in the role. */
function chooseSeat(member: Member, role: DelegateRole, taken: Set<number>, requested: number | null | undefined): number {
  if (requested === undefined || requested === null) {
    const vacant = Array.from({ length: member.seatCount }, (_, index) => index + 1).find((seat) => !taken.has(seat));
    if (vacant === undefined) throw badUserInput(`No vacant ${role.toLowerCase()} seat: ${seatsWording(member)}`, { field: 'role' });
    return vacant;
  }
  if (!Number.isInteger(requested) || requested < 1 || requested > member.seatCount) {
    throw badUserInput(`Seat ${requested} does not exist: ${seatsWording(member)}`, { field: 'seat' });
  }
  if (taken.has(requested)) {
    throw badUserInput(`Seat ${requested} of ${member.code} already has a ${role.toLowerCase()} delegate; remove them first`, { field: 'seat' });
  }
  return requested;
}

/** Appoints a delegate to a vacant seat (SII_STAFF only); CONFLICT when a concurrent appointment took it. */
/** What the audit trail records of a delegate (the member by code, as clients know it). */
export const auditedDelegate = (delegate: Delegate, memberCode: string) => ({
  member: memberCode,
  seat: delegate.seat,
  role: delegate.role,
  firstName: delegate.firstName,
  lastName: delegate.lastName,
  isPresident: delegate.isPresident,
});

/** Records a delegate's appointment or removal in `tx`, the transaction that writes it. */
export function recordDelegateChange(tx: EntityManager, action: 'CREATE' | 'DELETE', delegate: Delegate, memberCode: string, actor: Actor, requestId: string | null) {
  const fields = auditedDelegate(delegate, memberCode);
  return recordChange(tx, 'governance', {
    entity: 'Delegate',
    entityId: delegate.id,
    action,
    before: action === 'DELETE' ? fields : null,
    after: action === 'CREATE' ? fields : null,
    actor,
    requestId,
  });
}

export async function appointDelegate(em: EntityManager, viewer: Viewer, input: AppointDelegateInput, requestId: string | null = null): Promise<Delegate> {
  requireStaff(viewer);
  const firstName = cleanName(input.firstName, 'firstName');
  const lastName = cleanName(input.lastName, 'lastName');
  try {
    return await em.transactional(async (tx) => {
      const member = await findMemberByCode(tx, input.memberCode.trim().toUpperCase());
      if (!member) throw badUserInput(`No member has the code ${input.memberCode}`, { field: 'memberCode' });
      // Serialises appointments to one member, so that two requests cannot both take the last seat.
      await lockMember(tx, member.id);
      const seat = chooseSeat(member, input.role, await takenSeats(tx, member.id, input.role), input.seat);
      const delegate = addDelegate(tx, { memberId: member.id, seat, role: input.role, firstName, lastName });
      await recordDelegateChange(tx, 'CREATE', delegate, member.code, actorOf(viewer), requestId);
      return delegate;
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      throw conflict('That seat was taken by a concurrent appointment; read the council again and retry');
    }
    throw error;
  }
}

/** Removes a delegate, leaving their seat vacant (SII_STAFF only); the president cannot be removed. */
export async function removeDelegate(em: EntityManager, viewer: Viewer, id: string, requestId: string | null = null): Promise<Delegate> {
  requireStaff(viewer);
  if (!isUuid(id)) throw notFound(`No delegate has the id ${id}`);
  return em.transactional(async (tx) => {
    const delegate = await findDelegate(tx, id);
    if (!delegate) throw notFound(`No delegate has the id ${id}`);
    if (delegate.isPresident) {
      throw badUserInput('The president of the council cannot be removed while presiding', { field: 'id' });
    }
    const member = await findMemberById(tx, delegate.memberId);
    await recordDelegateChange(tx, 'DELETE', delegate, member?.code ?? delegate.memberId, actorOf(viewer), requestId);
    return deleteDelegate(tx, delegate);
  });
}
