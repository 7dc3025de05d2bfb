import { type Actor, actorOf, changedFields, recordChange } from '../../../lib/audit';
import { requireStaff, type Viewer } from '../../../lib/auth';
import { badUserInput, conflict } from '../../../lib/errors';
import type { EntityManager } from '../../../lib/orm';
import { ProvenanceKind, type StoredProvenance } from '../../../lib/provenance';
import {
  type IndicatorValueRow,
  insertIndicatorValue,
  lockIndicatorValue,
  type NewIndicatorValue,
  replaceIndicatorValue,
  seriesRows,
} from '../data/indicators';
import type { IndicatorCode } from '../entities';
import type { DataPoint, RecordIndicatorValueInput } from '../types';
import { seriesOf } from './indicators';

/*
 * Writing a figure of the synthesis table, by a mutation or by the yearly intake. A figure is never
 * deleted and never replaced silently: each replacement is guarded by the version the writer read,
 * its earlier state is kept (indicator_value_history, by the table's trigger), and it leaves an
 * audit entry in the same transaction.
 */

/** The SII's creation: no figure of the hub predates it. */
export const FIRST_FIGURE_YEAR = 1971;
const MAX_NOTE_LENGTH = 500;

/** The audit trail's name for a figure: "DEPLOYMENTS:2019". */
export const dataPointId = (code: IndicatorCode, year: number) => `${code}:${year}`;

/** A year with figures: 1971 up to the current year (no figure of the future). */
export function checkFigureYear(year: number, field = 'year', now = new Date()): void {
  const latest = now.getUTCFullYear();
  if (!Number.isInteger(year) || year < FIRST_FIGURE_YEAR || year > latest) {
    throw badUserInput(`${field} must be a year between ${FIRST_FIGURE_YEAR} and ${latest} (no figure of the future)`, { field });
  }
}

/** Every indicator counts something: a whole number of 0 or more, or null (blank cell). */
export function checkFigureValue(value: number | null, field = 'value'): void {
  if (value === null) return;
  if (!Number.isFinite(value) || !Number.isInteger(value) || value < 0 || value > Number.MAX_SAFE_INTEGER) {
    throw badUserInput(`${field} must be a whole number of 0 or more (or null for a blank cell)`, { field });
  }
}

/** What the audit trail records of a figure. */
const auditedFields = (row: IndicatorValueRow) => ({ value: row.value, source: row.source, version: row.version, provenance: row.provenance });

export interface FigureWrite {
  code: IndicatorCode;
  year: number;
  value: number | null;
  source: string;
  provenance: StoredProvenance;
  /** The version read; null when the writer expects no figure yet. */
  expectedVersion: number | null;
}

/**
 * Creates or replaces one figure in `tx` (a transaction), with its audit entry. CONFLICT when the
 * figure is not at the version the writer expects (none, or another one).
 */
export async function writeFigure(tx: EntityManager, write: FigureWrite, actor: Actor, requestId: string | null): Promise<IndicatorValueRow> {
  const current = await lockIndicatorValue(tx, write.code, write.year);
  const label = `${write.code} ${write.year}`;
  if (current === null && write.expectedVersion !== null) {
    throw conflict(`${label} has no figure yet (you expected version ${write.expectedVersion}); leave expectedVersion out to record one`, {
      currentVersion: null,
    });
  }
  if (current !== null && write.expectedVersion !== current.version) {
    throw conflict(
      write.expectedVersion === null
        ? `${label} already has a figure (${current.value ?? 'blank'}, version ${current.version}); read it and send expectedVersion: ${current.version} to replace it`
        : `${label} changed since version ${write.expectedVersion} (now version ${current.version}, ${current.value ?? 'blank'}); read it again`,
      { currentVersion: current.version },
    );
  }
  const figure: NewIndicatorValue = { code: write.code, year: write.year, value: write.value, source: write.source, provenance: write.provenance };
  if (current === null) {
    const created = await insertIndicatorValue(tx, figure);
    await recordChange(tx, 'metrics', {
      entity: 'DataPoint',
      entityId: dataPointId(write.code, write.year),
      action: 'CREATE',
      before: null,
      after: { indicator: write.code, year: write.year, ...auditedFields(created) },
      actor,
      requestId,
    });
    return created;
  }
  const replaced = await replaceIndicatorValue(tx, figure, current.version);
  // The row is locked: only a writer outside any transaction discipline could get here.
  if (!replaced) throw conflict(`${label} changed meanwhile; read it again`, { currentVersion: null });
  const difference = changedFields(auditedFields(current), auditedFields(replaced));
  if (difference) {
    await recordChange(tx, 'metrics', {
      entity: 'DataPoint',
      entityId: dataPointId(write.code, write.year),
      action: 'UPDATE',
      ...difference,
      actor,
      requestId,
    });
  }
  return replaced;
}

function cleanNote(note: string | null | undefined): string | null {
  const cleaned = note?.trim().replace(/\s+/g, ' ') ?? '';
  if (cleaned.length > MAX_NOTE_LENGTH) throw badUserInput(`note must be at most ${MAX_NOTE_LENGTH} characters`, { field: 'note' });
  return cleaned === '' ? null : cleaned;
}

/** recordIndicatorValue: SII_STAFF records or replaces one figure; the answer is the point as the series now has it. */
export async function recordIndicatorValue(
  em: EntityManager,
  viewer: Viewer,
  input: RecordIndicatorValueInput,
  requestId: string | null,
  now = new Date(),
): Promise<DataPoint> {
  requireStaff(viewer);
  checkFigureYear(input.year, 'year', now);
  checkFigureValue(input.value ?? null);
  const expectedVersion = input.expectedVersion ?? null;
  if (expectedVersion !== null && (!Number.isInteger(expectedVersion) || expectedVersion < 1)) {
    throw badUserInput('expectedVersion must be a positive integer (the DataPoint.version you read)', { field: 'expectedVersion' });
  }
  const note = cleanNote(input.note);
  const provenance: StoredProvenance = {
    kind: ProvenanceKind.MUTATION,
    recordedBy: viewer.subject,
    recordedAt: now.toISOString(),
    ...(note ? { note } : {}),
  };
  const source = `Recorded by ${viewer.subject}${note ? ` (${note})` : ''}`;
  return em.transactional(async (tx) => {
    await writeFigure(tx, { code: input.indicator, year: input.year, value: input.value ?? null, source, provenance, expectedVersion }, actorOf(viewer), requestId);
    const series = seriesOf(await seriesRows(tx, input.indicator));
    return series.find((point) => point.year === input.year) as DataPoint;
  });
}
