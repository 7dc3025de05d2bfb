import type { EntityManager } from '../../../lib/orm';
import { SlaPolicy, type TicketPriority } from '../entities';

export const allSlaPolicies = (em: EntityManager) => em.find(SlaPolicy, {});

/** The policy of a priority; every priority has one (seeded, never deleted). */
export const slaPolicyOf = (em: EntityManager, priority: TicketPriority) => em.findOneOrFail(SlaPolicy, { priority });
