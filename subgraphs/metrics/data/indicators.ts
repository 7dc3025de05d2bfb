import type { EntityManager } from '../../../lib/orm';
import type { StoredProvenance } from '../../../lib/provenance';
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

/** A figure as stored, with its version and provenance (JSON). */
export interface IndicatorValueRow {
  code: IndicatorCode;
  year: number;
  value: number | null;
  source: string;
  version: number;
  provenance: StoredProvenance;
}

/** An earlier state of a figure, kept by the table's trigger when it was replaced. */
export interface IndicatorValueHistoryRow extends IndicatorValueRow {
  superseded_at: Date;
}

const VALUE_COLUMNS = 'code, year, value, source, version, provenance';

/** The figure of (code, year), locked until the transaction ends (a write decides on what it read). */
export async function lockIndicatorValue(em: EntityManager, code: IndicatorCode, year: number): Promise<IndicatorValueRow | null> {
  const [row] = await em.execute<IndicatorValueRow[]>(
    `select ${VALUE_COLUMNS} from "metrics"."indicator_value" where code = ? and year = ? for update`,
    [code, year],
  );
  return row ?? null;
}

/** Every figure of some years (all indicators), locked until the transaction ends: what the intake compares with. */
export function lockIndicatorValuesOfYears(em: EntityManager, years: readonly number[]): Promise<IndicatorValueRow[]> {
  if (years.length === 0) return Promise.resolve([]);
  return em.execute<IndicatorValueRow[]>(
    `select ${VALUE_COLUMNS} from "metrics"."indicator_value" where year in (${years.map(() => '?').join(', ')}) order by year, code for update`,
    [...years],
  );
}

export interface NewIndicatorValue {
  code: IndicatorCode;
  year: number;
  value: number | null;
  source: string;
  provenance: StoredProvenance;
}

export async function insertIndicatorValue(em: EntityManager, figure: NewIndicatorValue): Promise<IndicatorValueRow> {
  const [row] = await em.execute<IndicatorValueRow[]>(
    `insert into "metrics"."indicator_value" (code, year, value, source, version, provenance) values (?, ?, ?, ?, 1, ?::jsonb)
     returning ${VALUE_COLUMNS}`,
    [figure.code, figure.year, figure.value, figure.source, JSON.stringify(figure.provenance)],
  );
  return row;
}

/**
 * Replaces the figure if it is still at `expectedVersion`; null when it is not (changed meanwhile).
 * The table's trigger keeps the replaced state in indicator_value_history and raises the version.
 */
export async function replaceIndicatorValue(em: EntityManager, figure: NewIndicatorValue, expectedVersion: number): Promise<IndicatorValueRow | null> {
  const [row] = await em.execute<IndicatorValueRow[]>(
    `update "metrics"."indicator_value" set value = ?, source = ?, provenance = ?::jsonb
     where code = ? and year = ? and version = ? returning ${VALUE_COLUMNS}`,
    [figure.value, figure.source, JSON.stringify(figure.provenance), figure.code, figure.year, expectedVersion],
  );
  return row ?? null;
}

/** Earlier states of some figures (keys "<code>:<year>"), newest first. */
export function historyOfValues(em: EntityManager, keys: readonly string[]): Promise<IndicatorValueHistoryRow[]> {
  return em.execute<IndicatorValueHistoryRow[]>(
    `select ${VALUE_COLUMNS}, superseded_at from "metrics"."indicator_value_history"
     where code || ':' || year in (${keys.map(() => '?').join(', ')}) order by code, year, version desc`,
    [...keys],
  );
}

/** Every figure of one indicator, oldest first, as stored (no ORM identity map: what a write just changed is seen). */
export function seriesRows(em: EntityManager, code: IndicatorCode): Promise<IndicatorValueRow[]> {
  return em.execute<IndicatorValueRow[]>(`select ${VALUE_COLUMNS} from "metrics"."indicator_value" where code = ? order by year`, [code]);
}
