import { type Actor } from './audit';
import { searchKey } from './seed';

/**
 * What the yearly intake (`npm run intake`, scripts/intake.ts) and the subgraphs' intake services
 * share: where a problem sits in the file, the diff each subgraph plans, and the run's identity.
 * Subgraphs never import the script; the script maps the file's sections onto each subgraph's
 * services/intake.ts and these types carry the answers back.
 */

/** A place in the intake file: keys and list indexes from its root, e.g. ["deployments", 3, "application"]. */
export type IntakePath = readonly (string | number)[];

/** Something wrong in the file, said for the person who wrote it. */
export interface IntakeProblem {
  path: IntakePath;
  /** What is wrong, e.g. `unknown application "Melodi"`. */
  message: string;
  /** What would be right, e.g. `an application of the catalogue (name or alias)`. */
  expected?: string;
  /** A way out, e.g. `did you mean "Mélodie" (melodie)?`. */
  hint?: string;
}

export type DiffKind = 'added' | 'changed' | 'removed';

export interface DiffItem {
  kind: DiffKind;
  /** What it is about, e.g. "DEPLOYMENTS 2019" or "Application melodie". */
  label: string;
  before?: string | null;
  after?: string | null;
  note?: string;
}

/** What one section of the file would change in one subgraph. */
export interface SectionDiff {
  subgraph: string;
  /** The file's section, e.g. "indicators". */
  section: string;
  items: DiffItem[];
  /** Rows of the file that match what the hub already holds. */
  unchanged: number;
}

/** One run of the intake: who writes (for the audit trail), and the provenance its figures carry. */
export interface IntakeRun {
  /** The file as given on the command line. */
  file: string;
  /** SHA-256 of its bytes, hex. */
  checksum: string;
  /** The year the file is about. */
  year: number;
  /** The report the figures are meant for, as the file names it. */
  document: string | null;
  /** True for invented figures (the sample file): they must never pass for report figures. */
  sample: boolean;
  actor: Actor;
  /** Written as the changes' request id: every change of one run carries it. */
  requestId: string;
  at: Date;
}

/** The audit actor of an intake run. */
export const intakeActor = (file: string, checksum: string): Actor => ({ kind: 'INTAKE', subject: 'npm run intake', role: null, document: file, checksum });

/** The note that figures from the file carry in their provenance and source. */
export function intakeNote(run: Pick<IntakeRun, 'year' | 'document' | 'sample'>): string {
  const about = run.document ? `figures for “${run.document}”` : `figures of ${run.year}`;
  return run.sample ? `SAMPLE DATA, not report figures (${about})` : `Yearly intake: ${about}`;
}

/** Damerau–Levenshtein distance (optimal string alignment): one swap of neighbours costs 1. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: columns }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < columns; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

export interface Candidate<T> {
  /** Every name the thing answers to (name, aliases, code…). */
  names: readonly string[];
  value: T;
}

/** Compared without accents, case, spaces, dashes or underscores: "Tremblay-en-France" = "TREMBLAY_EN_FRANCE". */
export const matchKey = (text: string) => searchKey(text).replace(/[\s_\-./']+/g, '');

/** The candidate one of whose names equals `text` (see matchKey), or undefined. */
export function findByName<T>(text: string, candidates: readonly Candidate<T>[]): T | undefined {
  const key = matchKey(text);
  return candidates.find((candidate) => candidate.names.some((name) => matchKey(name) === key))?.value;
}

/**
 * The candidates closest to a name that matched none, best first: the edit distance of the nearest
 * of their names, kept when it is at most a third of the name's length (at least 2), or when one
 * name contains the other.
 */
export function closestNames<T>(text: string, candidates: readonly Candidate<T>[], limit = 2): { name: string; value: T }[] {
  const key = matchKey(text);
  if (key === '') return [];
  const threshold = Math.max(2, Math.floor(key.length / 3));
  const scored = candidates
    .map((candidate) => {
      let best = { name: candidate.names[0], distance: Number.POSITIVE_INFINITY };
      for (const name of candidate.names) {
        const other = matchKey(name);
        if (other === '') continue;
        const distance = other.includes(key) || key.includes(other) ? Math.min(1, editDistance(key, other)) : editDistance(key, other);
        if (distance < best.distance) best = { name, distance };
      }
      return { name: best.name, value: candidate.value, distance: best.distance };
    })
    .filter((entry) => entry.distance <= threshold)
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name));
  return scored.slice(0, limit).map(({ name, value }) => ({ name, value }));
}

/** "did you mean “Mélodie”?" from closestNames' answer, or undefined when nothing is close. */
export function didYouMean(names: readonly string[]): string | undefined {
  if (names.length === 0) return undefined;
  return `did you mean ${names.map((name) => `“${name}”`).join(' or ')}?`;
}
