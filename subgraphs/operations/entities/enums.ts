import { registerEnumType } from 'type-graphql';
import { TicketKind, TicketQueue } from '../../../lib/federated-types';

export { TicketKind, TicketQueue };

export enum TicketStatus {
  NEW = 'NEW',
  ASSIGNED = 'ASSIGNED',
  IN_PROGRESS = 'IN_PROGRESS',
  PENDING = 'PENDING',
  RESOLVED = 'RESOLVED',
  CLOSED = 'CLOSED',
}

export enum TicketPriority {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  CRITICAL = 'CRITICAL',
}

registerEnumType(TicketStatus, {
  name: 'TicketStatus',
  description: 'NEW → ASSIGNED → IN_PROGRESS ⇄ PENDING → RESOLVED → CLOSED; RESOLVED → IN_PROGRESS reopens',
});
registerEnumType(TicketPriority, { name: 'TicketPriority' });

/** The legal transitions of the ticket state machine; anything else is refused. */
export const TICKET_TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  [TicketStatus.NEW]: [TicketStatus.ASSIGNED],
  [TicketStatus.ASSIGNED]: [TicketStatus.IN_PROGRESS],
  [TicketStatus.IN_PROGRESS]: [TicketStatus.PENDING, TicketStatus.RESOLVED],
  [TicketStatus.PENDING]: [TicketStatus.IN_PROGRESS],
  [TicketStatus.RESOLVED]: [TicketStatus.CLOSED, TicketStatus.IN_PROGRESS],
  [TicketStatus.CLOSED]: [],
};

export const isLegalTransition = (from: TicketStatus, to: TicketStatus) => TICKET_TRANSITIONS[from].includes(to);
