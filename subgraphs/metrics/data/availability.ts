import type { EntityManager } from '../../../lib/orm';
import type { AvailabilityPlatform } from '../entities';

export interface AvailabilityRow {
  platform: AvailabilityPlatform;
  year: number;
  rate: number;
  source: string;
  recorded_at: Date;
}

/** Recorded rates of the years in [from, to], of every platform or one, by platform then year. */
export function availabilityRows(
  em: EntityManager,
  range: { from: number; to: number },
  platform: AvailabilityPlatform | undefined,
): Promise<AvailabilityRow[]> {
  return em.execute<AvailabilityRow[]>(
    `select platform, year, rate, source, recorded_at from "metrics"."availability"
       where year between ? and ? ${platform ? 'and platform = ?' : ''} order by platform, year`,
    platform ? [range.from, range.to, platform] : [range.from, range.to],
  );
}

export interface AvailabilityFigure {
  platform: AvailabilityPlatform;
  year: number;
  rate: number;
  source: string;
  /** The token subject of the SII staff member who records it. */
  recordedBy: string | null;
}

/** Stores (or replaces) a platform's rate for a year, in one statement: stored whole or not at all. */
export async function upsertAvailability(em: EntityManager, figure: AvailabilityFigure): Promise<AvailabilityRow> {
  const [row] = await em.execute<AvailabilityRow[]>(
    `insert into "metrics"."availability" (platform, year, rate, source, recorded_by, recorded_at)
       values (?, ?, ?, ?, ?, now())
       on conflict (platform, year) do update
         set rate = excluded.rate, source = excluded.source, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at
       returning platform, year, rate, source, recorded_at`,
    [figure.platform, figure.year, figure.rate, figure.source, figure.recordedBy],
  );
  return row;
}

/** The recorded rate of (platform, year), locked until the transaction ends; null when none is recorded. */
export async function lockAvailability(em: EntityManager, platform: AvailabilityPlatform, year: number): Promise<AvailabilityRow | null> {
  const [row] = await em.execute<AvailabilityRow[]>(
    `select platform, year, rate, source, recorded_at from "metrics"."availability" where platform = ? and year = ? for update`,
    [platform, year],
  );
  return row ?? null;
}
