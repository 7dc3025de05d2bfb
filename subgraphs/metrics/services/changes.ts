import type { ChangeConnection } from '../../../lib/audit';
import { requireStaff, type Viewer } from '../../../lib/auth';
import { pageSize } from '../../../lib/connection';
import { badUserInput } from '../../../lib/errors';
import type { EntityManager } from '../../../lib/orm';
import { changesOfHub } from '../data/changes';

export interface ChangesArguments {
  entity?: string | null;
  id?: string | null;
  since?: Date | null;
  first?: number | null;
  after?: string | null;
}

const MAX_NAME_LENGTH = 200;

function cleanName(value: string | null | undefined, field: string): string | null {
  if (value === undefined || value === null) return null;
  const cleaned = value.trim();
  if (cleaned === '') throw badUserInput(`${field} must not be empty (leave it out to see every ${field === 'id' ? 'id' : 'entity'})`, { field });
  if (cleaned.length > MAX_NAME_LENGTH) throw badUserInput(`${field} must be at most ${MAX_NAME_LENGTH} characters`, { field });
  return cleaned;
}

/** The root `changes` query: every write of the hub, newest first, for SII_STAFF only. */
export async function hubChanges(em: EntityManager, viewer: Viewer, args: ChangesArguments): Promise<ChangeConnection> {
  requireStaff(viewer);
  const entity = cleanName(args.entity, 'entity');
  const entityId = cleanName(args.id, 'id');
  if (args.since && Number.isNaN(args.since.getTime())) throw badUserInput('since must be a date-time', { field: 'since' });
  return changesOfHub(em, { entity, entityId, since: args.since ?? null }, { first: pageSize(args.first), after: args.after ?? null });
}
