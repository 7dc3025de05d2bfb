import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import {
  ApplicationCount,
  applicationStub,
  Discrepancy,
  IndicatorRecord,
  IndicatorValueRecord,
  memberStub,
  TicketGrouping,
  type TicketKind,
  type TicketQueue,
  TicketVolumeRow,
} from '../entities';
import { visibleMemberCodes } from '../access';
import type { MetricsContext } from '../loaders';
import { deploymentsByApplication, knownGroups, RECORDED_INDICATORS, recordedTotals, ticketVolume } from '../queries';
import { checkYear } from '../validation';

const INCLUDE_SYNTHETIC = {
  nullable: true,
  defaultValue: true,
  description: 'Count operations’ synthetic demo records (marked synthetic there) too; false: real records only',
};

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

@Resolver()
export class AggregateResolver {
  @Query(() => [ApplicationCount], {
    description: 'Deployments to production recorded by operations for the year, per application: most deployed first, then by id',
  })
  async deploymentsByApplication(
    @Arg('year', () => Int) year: number,
    @Arg('includeSynthetic', () => Boolean, INCLUDE_SYNTHETIC) includeSynthetic: boolean,
    @Ctx() { em }: MetricsContext,
  ): Promise<ApplicationCount[]> {
    const rows = await deploymentsByApplication(em, checkYear(year), includeSynthetic ?? true);
    return rows.map((row) => Object.assign(new ApplicationCount(), { application: applicationStub(row.applicationId), count: row.count }));
  }

  @Query(() => [TicketVolumeRow], {
    description:
      'Tickets opened in the year (Europe/Paris) per member, month, queue or kind, counted by PostgreSQL from operations’ records; the last row is the total (isTotal). ' +
      'MONTH, QUEUE and KIND list every group, zeros included. MEMBER lists members with tickets: all of them for SII_STAFF, only its own member (0 if none) for a MEMBER_AGENT, ' +
      'none for READER and anonymous callers, who get the total row only. Empty when no ticket at all is recorded for the year (not covered, not zero).',
  })
  async ticketVolume(
    @Arg('year', () => Int) year: number,
    @Arg('groupBy', () => TicketGrouping) groupBy: TicketGrouping,
    @Arg('includeSynthetic', () => Boolean, INCLUDE_SYNTHETIC) includeSynthetic: boolean,
    @Ctx() { em, viewer }: MetricsContext,
  ): Promise<TicketVolumeRow[]> {
    checkYear(year);
    const visibleMembers = groupBy === TicketGrouping.MEMBER ? visibleMemberCodes(viewer) : null;
    const groups = await ticketVolume(em, year, groupBy, { includeSynthetic: includeSynthetic ?? true, visibleKeys: visibleMembers });
    const total = groups.find((group) => group.key === null)?.count ?? 0;
    if (total === 0) return [];
    const counts = new Map(groups.filter((group) => group.key !== null).map((group) => [group.key as string, group.count]));
    // Every group of a closed grouping (months, queues, kinds) and the viewer's own member appear, zeros included.
    const keys = knownGroups(groupBy) ?? [...new Set([...(visibleMembers ?? []), ...counts.keys()])].sort();
    return [...keys.map((key) => volumeRow(groupBy, year, key, counts.get(key) ?? 0)), volumeRow(groupBy, year, null, total)];
  }

  @Query(() => [Discrepancy], {
    description:
      'Each figure the report gives for the year that disagrees with what operations’ records add up to (DEPLOYMENTS: deployments of the year; ' +
      'SUPPORT_TICKETS and TECHNICAL_TICKETS: tickets opened in the year in that queue). An indicator with no record for the year is not covered, ' +
      'neither is a figure the report does not give; the other indicators have no operational records. difference = recorded − reported.',
  })
  async reconciliation(
    @Arg('year', () => Int) year: number,
    @Arg('includeSynthetic', () => Boolean, INCLUDE_SYNTHETIC) includeSynthetic: boolean,
    @Ctx() { em }: MetricsContext,
  ): Promise<Discrepancy[]> {
    checkYear(year);
    const [recorded, reported, indicators] = await Promise.all([
      recordedTotals(em, year, includeSynthetic ?? true),
      em.find(IndicatorValueRecord, { year, code: { $in: [...RECORDED_INDICATORS] } }),
      em.find(IndicatorRecord, { code: { $in: [...RECORDED_INDICATORS] } }, { orderBy: { position: 'asc' } }),
    ]);
    const discrepancies: Discrepancy[] = [];
    for (const indicator of indicators) {
      const figure = reported.find((point) => point.code === indicator.code);
      const records = recorded.get(indicator.code) ?? 0;
      if (!figure || figure.value === null || records === 0 || records === figure.value) continue;
      discrepancies.push(
        Object.assign(new Discrepancy(), {
          indicator: indicator.code,
          label: indicator.label,
          year,
          reported: figure.value,
          recorded: records,
          difference: records - figure.value,
          relativeDifference: figure.value === 0 ? null : (records - figure.value) / figure.value,
          source: figure.source,
        }),
      );
    }
    return discrepancies;
  }
}
