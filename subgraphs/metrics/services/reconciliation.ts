import type { EntityManager } from '../../../lib/orm';
import { findIndicators, valuesOfYear } from '../data/indicators';
import { RECORDED_INDICATORS, recordedTotals } from '../data/operations-records';
import type { IndicatorRecord, IndicatorValueRecord } from '../entities';
import { Discrepancy } from '../types';
import { checkYear } from './validation';

/** The discrepancy of one indicator, or null when the figures agree or either side is missing. */
function discrepancyOf(indicator: IndicatorRecord, figure: IndicatorValueRecord | undefined, records: number, year: number): Discrepancy | null {
  if (!figure || figure.value === null || records === 0 || records === figure.value) return null;
  return Object.assign(new Discrepancy(), {
    indicator: indicator.code,
    label: indicator.label,
    year,
    reported: figure.value,
    recorded: records,
    difference: records - figure.value,
    relativeDifference: figure.value === 0 ? null : (records - figure.value) / figure.value,
    source: figure.source,
  });
}

/** Each figure the report gives for the year that disagrees with what operations' records add up to. */
export async function reconciliation(em: EntityManager, year: number, includeSynthetic: boolean): Promise<Discrepancy[]> {
  checkYear(year);
  const [recorded, reported, indicators] = await Promise.all([
    recordedTotals(em, year, includeSynthetic),
    valuesOfYear(em, year, RECORDED_INDICATORS),
    findIndicators(em, RECORDED_INDICATORS),
  ]);
  return indicators
    .map((indicator) => discrepancyOf(indicator, reported.find((point) => point.code === indicator.code), recorded.get(indicator.code) ?? 0, year))
    .filter((discrepancy): discrepancy is Discrepancy => discrepancy !== null);
}
