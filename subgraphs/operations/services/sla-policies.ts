import { actorOf, changedFields, recordChange } from '../../../lib/audit';
import { requireStaff } from '../../../lib/auth';
import { afterWrite, writtenBy } from '../../../lib/field-provenance';
import { badUserInput } from '../../../lib/errors';
import type { EntityManager } from '../../../lib/orm';
import { allSlaPolicies, slaPolicyOf } from '../data/sla-policies';
import type { SlaPolicy, TicketPriority } from '../entities';
import type { OperationsContext } from '../loaders';

const URGENCY_ORDER = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
const MAX_MINUTES = 365 * 24 * 60;

/** Every priority's service levels, from the most to the least urgent. */
export async function slaPoliciesByUrgency(em: EntityManager): Promise<SlaPolicy[]> {
  const policies = await allSlaPolicies(em);
  return policies.sort((a, b) => URGENCY_ORDER.indexOf(a.priority) - URGENCY_ORDER.indexOf(b.priority));
}

function validateMinutes(timeToOwnMinutes: number, timeToResolveMinutes: number): void {
  for (const [field, minutes] of [['timeToOwnMinutes', timeToOwnMinutes], ['timeToResolveMinutes', timeToResolveMinutes]] as const) {
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_MINUTES) throw badUserInput(`${field} must be between 1 and ${MAX_MINUTES}`, { field });
  }
  if (timeToOwnMinutes > timeToResolveMinutes) {
    throw badUserInput('timeToOwnMinutes cannot exceed timeToResolveMinutes', { field: 'timeToOwnMinutes' });
  }
}

/** Changes a priority's service levels for tickets opened from now on (open tickets keep their due dates): SII_STAFF only. */
export async function updateSlaPolicy(
  { em, viewer, requestId }: OperationsContext,
  priority: TicketPriority,
  timeToOwnMinutes: number,
  timeToResolveMinutes: number,
): Promise<SlaPolicy> {
  requireStaff(viewer);
  validateMinutes(timeToOwnMinutes, timeToResolveMinutes);
  return em.transactional(async (tx) => {
    const policy = await slaPolicyOf(tx, priority);
    const difference = changedFields(
      { timeToOwnMinutes: policy.timeToOwnMinutes, timeToResolveMinutes: policy.timeToResolveMinutes },
      { timeToOwnMinutes, timeToResolveMinutes },
    );
    if (!difference) return policy;
    await recordChange(tx, 'operations', { entity: 'SlaPolicy', entityId: priority, action: 'UPDATE', ...difference, actor: actorOf(viewer), requestId });
    // The changed levels are no longer the hub's defaults: their provenance becomes this mutation's.
    const storedProvenance = afterWrite(policy.storedProvenance, Object.keys(difference.after), writtenBy(actorOf(viewer)));
    return Object.assign(policy, { timeToOwnMinutes, timeToResolveMinutes, storedProvenance });
  });
}
