import type { SectionDiff } from '../../lib/intake';
import { formatPath, type LocatedProblem } from './read';
import type { IntakeResult } from './run';

/** What `npm run intake` prints: problems for the person who wrote the file, or the diff. */

/** One problem on one line: file, line, where in the file, what is wrong, what was expected, a way out. */
export function formatProblem(file: string, problem: LocatedProblem): string {
  const where = [file, problem.line !== null ? `line ${problem.line}` : null, problem.path.length > 0 ? formatPath(problem.path) : null].filter(Boolean).join(', ');
  const expected = problem.expected && !problem.message.includes(problem.expected) ? ` Expected: ${problem.expected}.` : '';
  const hint = problem.hint ? ` (${problem.hint.replace(/^d/, 'D')})` : '';
  return `${where}: ${problem.message}.${expected}${hint}`;
}

export function formatProblems(result: Pick<IntakeResult, 'file' | 'problems'>): string {
  const count = result.problems.length;
  return [`${result.file}: ${count} problem${count === 1 ? '' : 's'}; nothing was written.`, ...result.problems.map((problem) => `  ${formatProblem(result.file, problem)}`)].join('\n');
}

const SIGN = { added: '+', changed: '~', removed: '-' } as const;

function formatSection(diff: SectionDiff): string[] {
  const lines = [`${diff.subgraph} · ${diff.section}: ${diff.items.filter((item) => item.kind === 'added').length} added, ${diff.items.filter((item) => item.kind === 'changed').length} changed, ${diff.items.filter((item) => item.kind === 'removed').length} removed, ${diff.unchanged} unchanged`];
  for (const item of diff.items) {
    const change = item.kind === 'changed' ? `${item.before} → ${item.after}` : item.kind === 'added' ? `${item.after}` : `${item.before}`;
    lines.push(`  ${SIGN[item.kind]} ${item.label}: ${change}${item.note ? ` (${item.note})` : ''}`);
  }
  return lines;
}

export function totals(diffs: readonly SectionDiff[]) {
  const items = diffs.flatMap((diff) => diff.items);
  return {
    added: items.filter((item) => item.kind === 'added').length,
    changed: items.filter((item) => item.kind === 'changed').length,
    removed: items.filter((item) => item.kind === 'removed').length,
    unchanged: diffs.reduce((sum, diff) => sum + diff.unchanged, 0),
  };
}

export function formatDiff(result: IntakeResult, dryRun: boolean): string {
  const sum = totals(result.diffs);
  const head = dryRun
    ? `Dry run of ${result.file} (year ${result.year}, SHA-256 ${result.checksum}): nothing was written. A real run would change:`
    : result.applied
      ? `Loaded ${result.file} (year ${result.year}, SHA-256 ${result.checksum}) in one go (${result.commitMode === 'two-phase' ? 'two-phase commit' : 'transactions committed together'}); run ${result.runId}:`
      : `${result.file} (year ${result.year}) matches the hub: nothing to change, nothing written.`;
  const sections = result.diffs.filter((diff) => diff.items.length > 0 || diff.unchanged > 0).flatMap(formatSection);
  const recovered = result.recovered.length > 0 ? ['', `Settled an interrupted earlier run: ${result.recovered.join('; ')}`] : [];
  return [head, ...sections, `Total: ${sum.added} added, ${sum.changed} changed, ${sum.removed} removed, ${sum.unchanged} unchanged.`, ...recovered].join('\n');
}
