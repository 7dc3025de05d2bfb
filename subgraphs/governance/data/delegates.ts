import { LockMode } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '../../../lib/orm';
import { Delegate, type DelegateRole } from '../entities';
import { memberPositions } from './members';

/** Orders delegates as the report prints them: by seat, titular before substitute. */
export const DELEGATE_ORDER = { seat: 'asc', role: 'desc', lastName: 'asc' } as const;

export function delegatesByMemberIds(em: EntityManager, memberIds: readonly string[]): Promise<Delegate[]> {
  return em.find(Delegate, { memberId: { $in: [...memberIds] } }, { orderBy: DELEGATE_ORDER });
}

export function findPresident(em: EntityManager): Promise<Delegate> {
  return em.findOneOrFail(Delegate, { isPresident: true });
}

/** All delegates (optionally of one role), by member in the report's order, then seat, titular first. */
export async function delegatesInCouncilOrder(em: EntityManager, role: DelegateRole | undefined): Promise<Delegate[]> {
  const [position, delegates] = await Promise.all([
    memberPositions(em),
    em.find(Delegate, role ? { role } : {}, { orderBy: DELEGATE_ORDER }),
  ]);
  return delegates.sort((a, b) => (position.get(a.memberId) ?? 0) - (position.get(b.memberId) ?? 0));
}

/** The seats of a member already held in a role. */
export async function takenSeats(em: EntityManager, memberId: string, role: DelegateRole): Promise<Set<number>> {
  const taken = await em.find(Delegate, { memberId, role });
  return new Set(taken.map((delegate) => delegate.seat));
}

export function findDelegate(em: EntityManager, id: string): Promise<Delegate | null> {
  return em.findOne(Delegate, { id });
}

export type NewDelegate = Pick<Delegate, 'memberId' | 'seat' | 'role' | 'firstName' | 'lastName'>;

/** Adds a delegate to the unit of work (written on flush, at the end of the transaction). */
export function addDelegate(em: EntityManager, delegate: NewDelegate): Delegate {
  const { memberId, seat, role, firstName, lastName } = delegate;
  return em.create(Delegate, { id: randomUUID(), memberId, seat, role, firstName, lastName, isPresident: false });
}

/** Removes a delegate on flush; returns a detached copy, readable after the row is gone. */
export function deleteDelegate(em: EntityManager, delegate: Delegate): Delegate {
  const removed = Object.assign(new Delegate(), delegate);
  em.remove(delegate);
  return removed;
}

/** Every delegate of some members, locked until the transaction ends (the intake rewrites seats). */
export function lockDelegatesOfMembers(em: EntityManager, memberIds: readonly string[]): Promise<Delegate[]> {
  return em.find(Delegate, { memberId: { $in: [...memberIds] } }, { orderBy: DELEGATE_ORDER, lockMode: LockMode.PESSIMISTIC_WRITE });
}
