import type { EntityManager } from '../../../lib/orm';
import { type IndicatorCode, IndicatorRecord, IndicatorValueRecord } from '../entities';

/** Indicators in the column order of the report's table, all of them or those of some codes. */
export function findIndicators(em: EntityManager, codes?: readonly IndicatorCode[]): Promise<IndicatorRecord[]> {
  return em.find(IndicatorRecord, codes ? { code: { $in: [...codes] } } : {}, { orderBy: { position: 'asc' } });
}

export function findIndicator(em: EntityManager, code: IndicatorCode): Promise<IndicatorRecord | null> {
  return em.findOne(IndicatorRecord, { code });
}

/** Reported points of some indicators, oldest first. */
export function valuesOfIndicators(em: EntityManager, codes: readonly IndicatorCode[]): Promise<IndicatorValueRecord[]> {
  return em.find(IndicatorValueRecord, { code: { $in: [...codes] } }, { orderBy: { year: 'asc' } });
}

/** The figures reported for one year, of some indicators. */
export function valuesOfYear(em: EntityManager, year: number, codes: readonly IndicatorCode[]): Promise<IndicatorValueRecord[]> {
  return em.find(IndicatorValueRecord, { year, code: { $in: [...codes] } });
}
