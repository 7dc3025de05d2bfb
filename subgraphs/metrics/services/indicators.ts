import type { EntityManager } from '../../../lib/orm';
import { provenanceOfStored } from '../../../lib/provenance';
import { findIndicator, findIndicators } from '../data/indicators';
import type { IndicatorCode, IndicatorRecord, IndicatorValueRecord } from '../entities';
import type { MetricsLoaders } from '../loaders';
import { DataPoint, DataPointVersion, Indicator } from '../types';
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

type StoredPoint = Pick<IndicatorValueRecord, 'code' | 'year' | 'value' | 'source' | 'version' | 'provenance'>;

/** The series with each point's change from the previous reported point (computed over the whole series). */
export function seriesOf(points: readonly StoredPoint[]): DataPoint[] {
  return points.map((point, index) =>
    Object.assign(new DataPoint(), {
      code: point.code,
      year: point.year,
      value: point.value,
      change: index === 0 ? null : relativeChange(points[index - 1].value, point.value),
      source: point.source,
      version: point.version,
      provenance: provenanceOfStored(point.provenance),
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

/** Earlier states of a figure, newest first (empty when it was never replaced). */
export async function dataPointHistory(loaders: MetricsLoaders, point: DataPoint): Promise<DataPointVersion[]> {
  const rows = await loaders.historyByPoint.load(`${point.code}:${point.year}`);
  return rows.map((row) =>
    Object.assign(new DataPointVersion(), {
      year: row.year,
      version: row.version,
      value: row.value,
      source: row.source,
      provenance: provenanceOfStored(row.provenance),
      supersededAt: new Date(row.superseded_at),
    }),
  );
}
