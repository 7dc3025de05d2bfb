import type { SlaPolicy, Ticket } from '../entities';

const MINUTE_MS = 60_000;

/** Due dates fixed at opening from the priority's policy (as GLPI does: later policy edits do not rewrite open tickets). */
export function initialDueDates(openedAt: Date, policy: Pick<SlaPolicy, 'timeToOwnMinutes' | 'timeToResolveMinutes'>) {
  return {
    ownDueAt: new Date(openedAt.getTime() + policy.timeToOwnMinutes * MINUTE_MS),
    resolveDueAtBase: new Date(openedAt.getTime() + policy.timeToResolveMinutes * MINUTE_MS),
  };
}

/** Time spent in the current pending period, which the resolution clock does not count. */
const currentPendingMs = (ticket: Ticket, now: Date) =>
  ticket.pendingSince ? Math.max(0, now.getTime() - ticket.pendingSince.getTime()) : 0;

/** The resolution due date as of `now`: while PENDING it moves forward with the clock (time stopped). */
export function resolveDueAt(ticket: Ticket, now: Date): Date {
  return new Date(ticket.resolveDueAtBase.getTime() + currentPendingMs(ticket, now));
}

/** Late to be owned, or late to be resolved; pending time never counts against the desk. */
export function slaBreached(ticket: Ticket, now: Date): boolean {
  const ownedOrNow = ticket.ownedAt ?? now;
  if (ownedOrNow.getTime() > ticket.ownDueAt.getTime()) return true;
  // The resolution clock stopped when the ticket was resolved, or while it waits for the member.
  const resolutionClock = ticket.resolvedAt ?? ticket.pendingSince ?? now;
  return resolutionClock.getTime() > ticket.resolveDueAtBase.getTime();
}
