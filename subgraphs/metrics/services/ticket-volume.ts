import type { Viewer } from '../../../lib/auth';
import type { EntityManager } from '../../../lib/orm';
import { ticketGroupCounts } from '../data/operations-records';
import { memberStub, TICKET_KINDS, TICKET_QUEUES, TicketGrouping, type TicketKind, type TicketQueue } from '../entities';
import type { MetricsContext } from '../loaders';
import { TicketVolumeRow } from '../types';
import { canSeeMember, visibleMemberCodes } from './access';
import { checkYear } from './validation';

/** Every group a grouping can have, in display order; MEMBER's groups are whatever members have tickets. */
export function knownGroups(groupBy: TicketGrouping): string[] | null {
  switch (groupBy) {
    case TicketGrouping.MONTH:
      return Array.from({ length: 12 }, (_, index) => String(index + 1));
    case TicketGrouping.QUEUE:
      return [...TICKET_QUEUES];
    case TicketGrouping.KIND:
      return [...TICKET_KINDS];
    default:
      return null;
  }
}

/** A row of ticketVolume: `key` null is the total row; otherwise the group's field is set from the key. */
function volumeRow(groupBy: TicketGrouping, year: number, key: string | null, count: number): TicketVolumeRow {
  const row: TicketVolumeRow = Object.assign(new TicketVolumeRow(), {
    groupBy,
    isTotal: key === null,
    key: key ?? 'TOTAL',
    member: null,
    month: null,
    periodStart: null,
    queue: null,
    kind: null,
    count,
  });
  if (key === null) return row;
  switch (groupBy) {
    case TicketGrouping.MEMBER:
      row.member = memberStub(key);
      break;
    case TicketGrouping.MONTH: {
      const month = Number(key);
      const iso = `${year}-${String(month).padStart(2, '0')}`;
      Object.assign(row, { month, key: iso, periodStart: `${iso}-01` });
      break;
    }
    case TicketGrouping.QUEUE:
      row.queue = key as TicketQueue;
      break;
    case TicketGrouping.KIND:
      row.kind = key as TicketKind;
      break;
  }
  return row;
}

/**
 * Tickets opened in the year per group, then the total row; empty when no ticket at all is recorded
 * for the year. Grouped by MEMBER, the viewer sees only the members it may (services/access.ts).
 */
export async function ticketVolume(
  em: EntityManager,
  viewer: Viewer,
  year: number,
  groupBy: TicketGrouping,
  includeSynthetic: boolean,
): Promise<TicketVolumeRow[]> {
  checkYear(year);
  const visibleMembers = groupBy === TicketGrouping.MEMBER ? visibleMemberCodes(viewer) : null;
  const groups = await ticketGroupCounts(em, year, groupBy, { includeSynthetic, visibleKeys: visibleMembers });
  const total = groups.find((group) => group.key === null)?.count ?? 0;
  if (total === 0) return [];
  const counts = new Map(groups.filter((group) => group.key !== null).map((group) => [group.key as string, group.count]));
  // Every group of a closed grouping (months, queues, kinds) and the viewer's own member appear, zeros included.
  const keys = knownGroups(groupBy) ?? [...new Set([...(visibleMembers ?? []), ...counts.keys()])].sort();
  return [...keys.map((key) => volumeRow(groupBy, year, key, counts.get(key) ?? 0)), volumeRow(groupBy, year, null, total)];
}

/** Member.ticketVolume: null when the viewer may not see the member or no ticket is recorded for the year. */
export async function memberTicketVolume({ viewer, loaders }: MetricsContext, memberCode: string, year: number, includeSynthetic: boolean): Promise<number | null> {
  checkYear(year);
  if (!canSeeMember(viewer, memberCode)) return null;
  return loaders.ticketVolumeByMemberYear.load({ year, key: memberCode, includeSynthetic });
}
