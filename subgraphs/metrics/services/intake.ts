import type { Actor } from '../../../lib/audit';
import type { DiffItem, IntakePath, IntakeProblem, SectionDiff } from '../../../lib/intake';
import type { EntityManager } from '../../../lib/orm';
import { ProvenanceKind, type StoredProvenance } from '../../../lib/provenance';
import { type IndicatorValueRow, lockIndicatorValuesOfYears } from '../data/indicators';
import { IndicatorCode } from '../entities';
import { writeFigure } from './indicator-values';

/*
 * Metrics' part of the yearly intake: rows of the synthesis table. A figure already in the hub is
 * replaced only knowingly: one printed in a report (or loaded for an earlier year) changes only
 * with `replaces:` giving the value printed then. Replaced figures keep their history; every write
 * is audited. Run inside the intake's transaction; problems are collected, never thrown.
 */

export interface FigureRow {
  year: number;
  /** The row's columns: a value, or null for a blank cell; a column left out is not in the map. */
  values: Partial<Record<IndicatorCode, number | null>>;
  /** Figures printed before that this row corrects, with the value printed then. */
  replaces: Partial<Record<IndicatorCode, number | null>>;
  path: IntakePath;
}

export interface MetricsIntake {
  /** The file's year. */
  year: number;
  rows: FigureRow[];
  /** Provenance of the figures written (kind INTAKE: the file and its checksum). */
  provenance: StoredProvenance;
  source: string;
}

const shown = (value: number | null | undefined) => (value === null || value === undefined ? 'blank' : String(value));

/** Where a figure was printed, in words, for messages. */
function printedWhere(current: IndicatorValueRow): string {
  const provenance = current.provenance;
  if (provenance.kind === ProvenanceKind.REPORT) return `printed in “${provenance.document ?? 'a report'}”${provenance.section ? ` (${provenance.section})` : ''}`;
  if (provenance.kind === ProvenanceKind.INTAKE) return `loaded from ${provenance.document ?? 'an intake file'}`;
  return `recorded by ${provenance.recordedBy ?? 'a mutation'}`;
}

/** Applies the synthesis table's rows in `tx`. */
export async function applyMetricsIntake(tx: EntityManager, intake: MetricsIntake, actor: Actor, requestId: string): Promise<{ problems: IntakeProblem[]; diffs: SectionDiff[] }> {
  const problems: IntakeProblem[] = [];
  const diff: SectionDiff = { subgraph: 'metrics', section: 'indicators', items: [], unchanged: 0 };
  const seenYears = new Set<number>();
  const rows = intake.rows.filter((row) => {
    if (row.year > intake.year) {
      problems.push({ path: [...row.path, 'year'], message: `the row is for ${row.year}, after the file’s year ${intake.year}`, expected: `${intake.year} or an earlier year` });
      return false;
    }
    if (seenYears.has(row.year)) {
      problems.push({ path: [...row.path, 'year'], message: `the year ${row.year} has two rows`, expected: 'one row per year' });
      return false;
    }
    seenYears.add(row.year);
    return true;
  });
  const current = await lockIndicatorValuesOfYears(tx, [...seenYears]);
  for (const row of rows) {
    for (const code of Object.keys(row.replaces) as IndicatorCode[]) {
      if (!(code in row.values)) problems.push({ path: [...row.path, 'replaces', code], message: `replaces names ${code}, which the row does not give`, expected: `a “${code}:” line in the row` });
    }
    for (const code of Object.values(IndicatorCode)) {
      if (!(code in row.values)) continue;
      const value = row.values[code] ?? null;
      const path = [...row.path, code];
      const existing = current.find((figure) => figure.code === code && figure.year === row.year) ?? null;
      const label = `${code} ${row.year}`;
      if (existing && existing.value === value) {
        // Unchanged, whatever `replaces` says: running a file again changes nothing.
        diff.unchanged += 1;
        continue;
      }
      let item: DiffItem = { kind: 'added', label, before: null, after: shown(value) };
      if (existing) {
        const printed = existing.provenance.kind === ProvenanceKind.REPORT || row.year < intake.year;
        const replaces = row.replaces[code];
        if (printed && replaces === undefined) {
          problems.push({
            path,
            message: `${label} was ${shown(existing.value)} (${printedWhere(existing)}); the file says ${shown(value)}`,
            expected: `the same figure, or a correction stated with “replaces: { ${code}: ${shown(existing.value)} }” in the row`,
          });
          continue;
        }
        if (replaces !== undefined && replaces !== existing.value) {
          problems.push({
            path: [...row.path, 'replaces', code],
            message: `replaces says ${code} ${row.year} was ${shown(replaces)}, but the hub holds ${shown(existing.value)} (${printedWhere(existing)})`,
            expected: `replaces: { ${code}: ${shown(existing.value)} }`,
          });
          continue;
        }
        item = { kind: 'changed', label, before: shown(existing.value), after: shown(value), note: replaces !== undefined ? `replaces the figure ${printedWhere(existing)}` : undefined };
      }
      if (problems.length > 0) {
        // Something is already wrong: the run will be rolled back; keep checking, stop writing.
        diff.items.push(item);
        continue;
      }
      await writeFigure(
        tx,
        { code, year: row.year, value, source: intake.source, provenance: intake.provenance, expectedVersion: existing ? existing.version : null },
        actor,
        requestId,
      );
      diff.items.push(item);
    }
  }
  return { problems, diffs: [diff] };
}
