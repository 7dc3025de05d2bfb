import { actorOf, changedFields, recordChange } from '../../../lib/audit';
import { requireStaff, type Viewer } from '../../../lib/auth';
import { badUserInput } from '../../../lib/errors';
import type { EntityManager } from '../../../lib/orm';
import { type AvailabilityRow, availabilityRows, lockAvailability, upsertAvailability } from '../data/availability';
import type { AvailabilityPlatform } from '../entities';
import { AVAILABILITY_PLATFORMS } from '../seed/report-2018';
import { AvailabilityPoint, AvailabilitySeries, type RecordAvailabilityInput } from '../types';
import { checkYear, yearRange } from './validation';

const MAX_SOURCE_LENGTH = 200;

const toPoint = (row: AvailabilityRow) =>
  Object.assign(new AvailabilityPoint(), {
    platform: row.platform,
    year: row.year,
    rate: row.rate,
    source: row.source,
    recordedAt: new Date(row.recorded_at).toISOString(),
  });

/** One series per platform (all six, or the one asked), each with its recorded years in [from, to]. */
export async function availabilitySeries(
  em: EntityManager,
  platform: AvailabilityPlatform | undefined,
  from: number | null | undefined,
  to: number | null | undefined,
): Promise<AvailabilitySeries[]> {
  const range = yearRange(from, to);
  const platforms = AVAILABILITY_PLATFORMS.filter((entry) => !platform || entry.platform === platform);
  const rows = await availabilityRows(em, range, platform);
  return platforms.map((entry) =>
    Object.assign(new AvailabilitySeries(), {
      platform: entry.platform,
      label: entry.label,
      points: rows.filter((row) => row.platform === entry.platform).map(toPoint),
    }),
  );
}

/** A past or current year, a percentage with at most 3 decimals; BAD_USER_INPUT otherwise. */
function checkFigure(input: RecordAvailabilityInput): void {
  checkYear(input.year);
  if (input.year > new Date().getUTCFullYear()) throw badUserInput('year must not be in the future', { field: 'year' });
  if (!Number.isFinite(input.rate) || input.rate < 0 || input.rate > 100) {
    throw badUserInput('rate is a percentage between 0 and 100', { field: 'rate' });
  }
  if (Math.round(input.rate * 1000) / 1000 !== input.rate) throw badUserInput('rate has at most 3 decimals', { field: 'rate' });
}

/** The source as given (or "Recorded by <subject>"), whitespace collapsed, 1 to 200 characters. */
function cleanSource(source: string | null | undefined, viewer: Viewer): string {
  const cleaned = (source ?? `Recorded by ${viewer.subject}`).trim().replace(/\s+/g, ' ');
  if (cleaned.length === 0) throw badUserInput('source must not be empty', { field: 'source' });
  if (cleaned.length > MAX_SOURCE_LENGTH) throw badUserInput(`source must be at most ${MAX_SOURCE_LENGTH} characters`, { field: 'source' });
  return cleaned;
}

/** Records (or corrects) a platform's rate for a year; SII_STAFF only. */
export async function recordAvailability(
  em: EntityManager,
  viewer: Viewer,
  input: RecordAvailabilityInput,
  requestId: string | null = null,
): Promise<AvailabilityPoint> {
  requireStaff(viewer);
  checkFigure(input);
  const source = cleanSource(input.source, viewer);
  return em.transactional(async (tx) => {
    const before = await lockAvailability(tx, input.platform, input.year);
    const row = await upsertAvailability(tx, { platform: input.platform, year: input.year, rate: input.rate, source, recordedBy: viewer.subject });
    const audited = (figure: AvailabilityRow) => ({ rate: figure.rate, source: figure.source });
    const difference = before ? changedFields(audited(before), audited(row)) : { before: null, after: { platform: row.platform, year: row.year, ...audited(row) } };
    if (difference) {
      await recordChange(tx, 'metrics', {
        entity: 'AvailabilityPoint',
        entityId: `${row.platform}:${row.year}`,
        action: before ? 'UPDATE' : 'CREATE',
        ...difference,
        actor: actorOf(viewer),
        requestId,
      });
    }
    return toPoint(row);
  });
}
