import type { EntityManager } from '../../../lib/orm';
import { findIndicator, findIndicators } from '../data/indicators';
import type { IndicatorCode, IndicatorRecord, IndicatorValueRecord } from '../entities';
import type { MetricsLoaders } from '../loaders';
import { DataPoint, Indicator } from '../types';
import { checkYear, yearRange } from './validation';

const toIndicator = (record: IndicatorRecord) =>
  Object.assign(new Indicator(), {
    code: record.code,
    label: record.label,
    unit: record.unit,
    description: record.description,
    position: record.position,
    storedProvenance: record.storedProvenance,
  });

/** (value − previous) / previous; null when either is missing or the previous is 0 (no finite relative change). */
export function relativeChange(previous: number | null | undefined, value: number | null): number | null {
  if (previous === null || previous === undefined || value === null || previous === 0) return null;
  return (value - previous) / previous;
}

/** The series with each point's change from the previous reported point (computed over the whole series). */
export function seriesOf(points: readonly IndicatorValueRecord[]): DataPoint[] {
  return points.map((point, index) =>
    Object.assign(new DataPoint(), {
      year: point.year,
      value: point.value,
      change: index === 0 ? null : relativeChange(points[index - 1].value, point.value),
      source: point.source,
    }),
  );
}

export async function listIndicators(em: EntityManager): Promise<Indicator[]> {
  const records = await findIndicators(em);
  return records.map(toIndicator);
}

export async function indicatorByCode(em: EntityManager, code: IndicatorCode): Promise<Indicator | null> {
  const record = await findIndicator(em, code);
  return record ? toIndicator(record) : null;
}

/** Reported points between from and to (both optional); `change` looks at the whole series, before `from` too. */
export async function indicatorSeries(
  loaders: MetricsLoaders,
  code: IndicatorCode,
  from: number | null | undefined,
  to: number | null | undefined,
): Promise<DataPoint[]> {
  const range = yearRange(from, to);
  const points = seriesOf(await loaders.pointsByCode.load(code));
  return points.filter((point) => point.year >= range.from && point.year <= range.to);
}

/** The figure reported for the year; null when not reported. */
export async function indicatorValue(loaders: MetricsLoaders, code: IndicatorCode, year: number): Promise<number | null> {
  checkYear(year);
  const points = await loaders.pointsByCode.load(code);
  return points.find((point) => point.year === year)?.value ?? null;
}
