import type { EntityManager } from '../../../lib/orm';
import { IndicatorCode, TicketGrouping } from '../entities';

/**
 * Every aggregate over operations' records, as SQL: PostgreSQL groups and counts, JavaScript only
 * receives one row per group. Metrics reads operations through its read-only views
 * (metrics.deployment_record, metrics.ticket_record, metrics.ticket_volume_record, see the migrations).
 *
 * A ticket belongs to the year (and month) of its opening in Europe/Paris, the SII's time zone.
 * Ticket volumes sum operations' monthly counts (ticket_volume_record: one row per month of opening,
 * member, queue, kind and synthetic flag, kept exact by operations' triggers), not the tickets.
 */
const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(', ');

/** Months of opening within [from, to] calendar years, as a range on the rollup's key. */
function monthsInYears(from: number, to: number) {
  return { sql: 'month >= make_date(?, 1, 1) and month < make_date(?, 1, 1)', params: [from, to + 1] };
}

const syntheticFilter = (includeSynthetic: boolean) => (includeSynthetic ? '' : ' and not synthetic');

export interface ApplicationCountRow {
  applicationId: string;
  count: number;
}

/** Deployments of the year per application, most deployed first, then by id. */
export async function deploymentsByApplication(em: EntityManager, year: number, includeSynthetic: boolean): Promise<ApplicationCountRow[]> {
  const rows = await em.execute<{ application_id: string; count: number }[]>(
    `select application_id, count(*)::int as count from "metrics"."deployment_record"
     where year = ?${syntheticFilter(includeSynthetic)}
     group by application_id order by count desc, application_id`,
    [year],
  );
  return rows.map((row) => ({ applicationId: row.application_id, count: row.count }));
}

/** Deployment counts for (application, year) pairs in one statement; absent pairs count 0. */
export async function deploymentCounts(em: EntityManager, applicationIds: readonly string[], years: readonly number[], includeSynthetic: boolean) {
  const rows = await em.execute<{ application_id: string; year: number; count: number }[]>(
    `select application_id, year, count(*)::int as count from "metrics"."deployment_record"
     where application_id in (${placeholders(applicationIds)}) and year in (${placeholders(years)})${syntheticFilter(includeSynthetic)}
     group by application_id, year`,
    [...applicationIds, ...years],
  );
  return new Map(rows.map((row) => [`${row.year}|${row.application_id}`, row.count]));
}

export interface TicketGroupCount {
  /** null on the total row (GROUPING SETS' empty set). */
  key: string | null;
  count: number;
}

const GROUP_EXPRESSION: Record<TicketGrouping, string> = {
  [TicketGrouping.MEMBER]: 'member_code',
  [TicketGrouping.MONTH]: 'extract(month from month)::int::text',
  [TicketGrouping.QUEUE]: 'queue',
  [TicketGrouping.KIND]: 'kind',
};

/**
 * Tickets opened in `year`, grouped, plus the total of all groups (GROUPING SETS), in one statement.
 * `visibleKeys` restricts which group rows come back (null: all, []: only the total): the total
 * always counts every ticket.
 */
export async function ticketGroupCounts(
  em: EntityManager,
  year: number,
  groupBy: TicketGrouping,
  options: { includeSynthetic: boolean; visibleKeys: readonly string[] | null },
): Promise<TicketGroupCount[]> {
  const range = monthsInYears(year, year);
  const visible =
    options.visibleKeys === null
      ? ''
      : options.visibleKeys.length === 0
        ? 'having grouping(key) = 1'
        : `having grouping(key) = 1 or key in (${placeholders(options.visibleKeys)})`;
  const rows = await em.execute<{ key: string | null; is_total: number; count: number }[]>(
    `select key, grouping(key) as is_total, sum(count)::float8 as count
     from (select ${GROUP_EXPRESSION[groupBy]} as key, count from "metrics"."ticket_volume_record"
           where ${range.sql}${syntheticFilter(options.includeSynthetic)}) grouped
     group by grouping sets ((key), ())
     ${visible}
     order by grouping(key), key`,
    [...range.params, ...(options.visibleKeys ?? [])],
  );
  return rows.map((row) => ({ key: Number(row.is_total) === 1 ? null : row.key, count: row.count }));
}

/** Tickets per (member, year) for some members and years, with each year's total over all members. */
export async function ticketCountsByMember(em: EntityManager, memberCodes: readonly string[], years: readonly number[], includeSynthetic: boolean) {
  const from = Math.min(...years);
  const to = Math.max(...years);
  const range = monthsInYears(from, to);
  const rows = await em.execute<{ year: number; member_code: string | null; count: number }[]>(
    `select year, member_code, sum(count)::float8 as count
     from (select extract(year from month)::int as year, member_code, count
           from "metrics"."ticket_volume_record" where ${range.sql}${syntheticFilter(includeSynthetic)}) dated
     group by grouping sets ((year, member_code), (year))
     having grouping(member_code) = 1 or member_code in (${placeholders(memberCodes)})`,
    [...range.params, ...memberCodes],
  );
  const counts = new Map<string, number>();
  const yearTotals = new Map<number, number>();
  for (const row of rows) {
    if (row.member_code === null) yearTotals.set(row.year, row.count);
    else counts.set(`${row.year}|${row.member_code}`, row.count);
  }
  return { counts, yearTotals };
}

/** The indicators whose yearly figure operations' records can be summed to, and how. */
export const RECORDED_INDICATORS = [IndicatorCode.DEPLOYMENTS, IndicatorCode.SUPPORT_TICKETS, IndicatorCode.TECHNICAL_TICKETS] as const;

/** What the records of `year` add up to, per covered indicator, in one statement. */
export async function recordedTotals(em: EntityManager, year: number, includeSynthetic: boolean): Promise<Map<IndicatorCode, number>> {
  const range = monthsInYears(year, year);
  const synthetic = syntheticFilter(includeSynthetic);
  const [row] = await em.execute<{ deployments: number; support: number; technical: number }[]>(
    `select
       (select count(*) from "metrics"."deployment_record" where year = ?${synthetic})::float8 as deployments,
       coalesce(sum(count) filter (where queue = 'SUPPORT'), 0)::float8 as support,
       coalesce(sum(count) filter (where queue = 'TECHNICAL'), 0)::float8 as technical
     from "metrics"."ticket_volume_record" where ${range.sql}${synthetic}`,
    [year, ...range.params],
  );
  return new Map([
    [IndicatorCode.DEPLOYMENTS, row.deployments],
    [IndicatorCode.SUPPORT_TICKETS, row.support],
    [IndicatorCode.TECHNICAL_TICKETS, row.technical],
  ]);
}
