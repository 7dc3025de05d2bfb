import { type ChangeConnection, type ChangeFilter, selectChanges } from '../../../lib/audit';
import type { EntityManager } from '../../../lib/orm';

/** A page of the whole hub's audit trail, through metrics.change_record (the read-only view over the four change tables). */
export function changesOfHub(em: EntityManager, filter: ChangeFilter, page: { first: number; after: string | null }): Promise<ChangeConnection> {
  return selectChanges(em, { view: 'metrics.change_record' }, filter, page);
}
