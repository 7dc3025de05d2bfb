import type { RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager } from '../../../lib/orm';
import { TicketStatusChange } from '../entities';

/** Every step of the given tickets, oldest first. */
export const historyOfTickets = (em: EntityManager, ticketIds: readonly string[]) =>
  em.find(TicketStatusChange, { ticketId: { $in: [...ticketIds] } }, { orderBy: { seq: 'asc' } });

/** Adds a step to a ticket's history; written when the transaction commits. */
export const addStatusChange = (tx: EntityManager, change: RequiredEntityData<TicketStatusChange>) => tx.create(TicketStatusChange, change);
