import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { type IntakeProblem, intakeActor, intakeNote, type IntakeRun, type SectionDiff } from '../../lib/intake';
import type { EntityManager } from '../../lib/orm';
import { ProvenanceKind, type StoredProvenance } from '../../lib/provenance';
import { openOrmFor } from '../../lib/subgraph';
import { SUBGRAPHS } from '../../subgraphs';
import { applyCatalogueIntake } from '../../subgraphs/catalogue/services/intake';
import { applyGovernanceIntake, memberCodesByName } from '../../subgraphs/governance/services/intake';
import type { IndicatorCode } from '../../subgraphs/metrics/entities';
import { applyMetricsIntake } from '../../subgraphs/metrics/services/intake';
import { applyOperationsIntake } from '../../subgraphs/operations/services/intake';
import { findByName } from '../../lib/intake';
import { allOrNothing, recoverInDoubtIntakes, twoPhaseCommitAvailable } from './commit';
import { INDICATOR_CODES, type IntakeFile } from './format';
import { type LocatedProblem, readIntakeFile, sortByLine } from './read';

/**
 * One run of the yearly intake: read and check the file, then apply it through each subgraph's
 * services/intake.ts, in one transaction per subgraph, all or nothing (commit.ts). A dry run, or a
 * file with any problem, goes through the very same steps and is rolled back: what a dry run shows
 * is what a real run does. Never through the public gateway: subgraphs' services are called directly.
 */

export interface IntakeOptions {
  file: string;
  /** The file's bytes (default: read from `file`). */
  bytes?: Buffer;
  dryRun: boolean;
  databaseUrl: string;
  now?: Date;
  /** Force (true) or refuse (false) two-phase commit; by default used when the server allows it. */
  twoPhase?: boolean;
  /** Tests: a failure injected in a subgraph's transaction, after its part was applied or just before it commits. */
  hooks?: {
    afterApply?(subgraph: string, tx: EntityManager): Promise<void>;
    beforeCommit?(subgraph: string, tx: EntityManager): Promise<void>;
  };
}

export interface IntakeResult {
  file: string;
  checksum: string;
  year: number | null;
  problems: LocatedProblem[];
  diffs: SectionDiff[];
  /** True when the changes were committed (a real run without problems, with something to change). */
  applied: boolean;
  commitMode: 'two-phase' | 'held-open' | null;
  /** Prepared transactions of an interrupted earlier run that this run settled. */
  recovered: string[];
  runId: string | null;
}

/** Checks that need no database: the file's year, rows' years, delegate rows' names. */
function fileProblems(data: IntakeFile, now: Date): IntakeProblem[] {
  const problems: IntakeProblem[] = [];
  const thisYear = now.getUTCFullYear();
  if (data.year > thisYear) problems.push({ path: ['year'], message: `${data.year} is in the future`, expected: `${thisYear} or an earlier year` });
  (data.projects ?? []).forEach((project, index) => {
    if (project.year !== undefined && project.year !== data.year) {
      problems.push({ path: ['projects', index, 'year'], message: `the project is dated ${project.year}, the file ${data.year}`, expected: `${data.year} (or no year: the file’s)` });
    }
  });
  (data.delegates ?? []).forEach((row, index) => {
    const named = row.firstName !== undefined;
    if (named && row.vacant) problems.push({ path: ['delegates', index, 'vacant'], message: 'the row gives a delegate and says the seat is vacant', expected: 'firstName and lastName, or vacant: true' });
    if (!named && !row.vacant) problems.push({ path: ['delegates', index], message: 'the row names no delegate', expected: 'firstName and lastName, or vacant: true' });
  });
  return problems;
}

const runIdOf = (now: Date) => `intake-${now.toISOString().replace(/[-:.]/g, '').slice(0, 15)}Z-${randomBytes(3).toString('hex')}`;

export async function runIntake(options: IntakeOptions): Promise<IntakeResult> {
  const now = options.now ?? new Date();
  const read = readIntakeFile(options.file, options.bytes);
  const base: IntakeResult = { file: options.file, checksum: read.checksum, year: read.data?.year ?? null, problems: read.problems, diffs: [], applied: false, commitMode: null, recovered: [], runId: null };
  if (!read.data) return base;
  const data = read.data;
  const locate = (problems: IntakeProblem[]): LocatedProblem[] => problems.map((problem) => ({ ...problem, line: read.lineOf(problem.path) }));
  const early = fileProblems(data, now);
  if (early.some((problem) => problem.path[0] === 'year')) return { ...base, problems: sortByLine(locate(early)) };

  const runId = runIdOf(now);
  const run: IntakeRun = {
    file: options.file,
    checksum: read.checksum,
    year: data.year,
    document: data.document ?? null,
    sample: data.sample === true,
    actor: intakeActor(options.file, read.checksum),
    requestId: runId,
    at: now,
  };
  const provenance: StoredProvenance = {
    kind: ProvenanceKind.INTAKE,
    document: options.file,
    section: 'III.A Tableau de synthèse des données techniques',
    note: intakeNote(run),
    recordedBy: 'npm run intake',
    recordedAt: now.toISOString(),
    checksum: read.checksum,
  };

  const orms = await Promise.all(SUBGRAPHS.map(async (definition) => ({ name: definition.name, orm: await openOrmFor(definition, options.databaseUrl, 2) })));
  try {
    const available = await twoPhaseCommitAvailable(orms[0].orm);
    // Forced two-phase on a server that refuses PREPARE TRANSACTION: say so before anything is written.
    if (options.twoPhase && !available) throw new Error('Two-phase commit needs max_prepared_transactions > 0 on the PostgreSQL server (it is 0)');
    const twoPhase = options.twoPhase ?? available;
    const recovered = twoPhase ? await recoverInDoubtIntakes(orms[0].orm.em.fork(), SUBGRAPHS.map((definition) => definition.name)) : [];
    const { committed, result } = await allOrNothing(
      orms,
      async (tx) => {
        const problems: IntakeProblem[] = [...early];
        const diffs: SectionDiff[] = [];
        const after = async (name: string) => options.hooks?.afterApply?.(name, tx[name]);

        const projects = data.projects ?? [];
        const governance = await applyGovernanceIntake(
          tx.governance,
          {
            members: projects.flatMap((project, index) => (project.members ?? []).map((code, member) => ({ code, path: ['projects', index, 'members', member] }))),
            seats: (data.delegates ?? []).flatMap((row, index) =>
              row.firstName !== undefined && row.vacant ? [] : [{ member: row.member, seat: row.seat, role: row.role, person: row.vacant ? null : { firstName: row.firstName?.trim() ?? '', lastName: row.lastName?.trim() ?? '' }, path: ['delegates', index] }],
            ),
            staff: (data.staff ?? []).map((row, index) => ({ ...row, path: ['staff', index] })),
          },
          run.actor,
          runId,
        );
        problems.push(...governance.problems);
        diffs.push(...governance.diffs);
        await after('governance');

        const deployments = data.deployments ?? [];
        const catalogue = await applyCatalogueIntake(
          tx.catalogue,
          {
            year: data.year,
            additions: (data.catalogue?.add ?? []).map((row, index) => ({ ...row, domainCode: row.domain, path: ['catalogue', 'add', index] })),
            retirements: (data.catalogue?.retire ?? []).map((row, index) => ({ ...row, path: ['catalogue', 'retire', index] })),
            references: deployments.map((row, index) => ({ name: row.application, path: ['deployments', index, 'application'] })),
          },
          run.actor,
          runId,
        );
        problems.push(...catalogue.problems);
        diffs.push(...catalogue.diffs);
        await after('catalogue');

        const members = await memberCodesByName(tx.governance);
        const operations = await applyOperationsIntake(
          tx.operations,
          {
            year: data.year,
            recordedBy: `npm run intake ${path.basename(options.file)}`,
            deployments: deployments.flatMap((row, index) =>
              catalogue.resolved[index] === null ? [] : [{ applicationId: catalogue.resolved[index] as string, printedName: row.application, count: row.count, path: ['deployments', index] }],
            ),
            projects: projects.map((row, index) => ({
              ...row,
              teamCode: row.team,
              memberCodes: (row.members ?? []).map((code) => findByName(code, members) ?? code),
              path: ['projects', index],
            })),
          },
          run.actor,
          runId,
        );
        problems.push(...operations.problems);
        diffs.push(...operations.diffs);
        await after('operations');

        const metrics = await applyMetricsIntake(
          tx.metrics,
          {
            year: data.year,
            rows: (data.indicators ?? []).map((row, index) => ({
              year: row.year,
              values: Object.fromEntries(INDICATOR_CODES.filter((code) => code in row).map((code) => [code, row[code] ?? null])) as Partial<Record<IndicatorCode, number | null>>,
              replaces: (row.replaces ?? {}) as Partial<Record<IndicatorCode, number | null>>,
              path: ['indicators', index],
            })),
            provenance,
            source: `${intakeNote(run)}, ${path.basename(options.file)}`,
          },
          run.actor,
          runId,
        );
        problems.push(...metrics.problems);
        diffs.push(...metrics.diffs);
        await after('metrics');

        return { decision: problems.length > 0 || options.dryRun ? 'rollback' : 'commit', result: { problems, diffs } };
      },
      {
        twoPhase,
        runId,
        wrote: async (name, tx) => {
          const [row] = await tx.execute<{ found: boolean }[]>(`select exists (select 1 from "${name}"."change" where request_id = ?) as found`, [runId]);
          return row.found;
        },
        beforeCommit: options.hooks?.beforeCommit,
      },
    );
    return {
      ...base,
      problems: sortByLine(locate(result.problems)),
      diffs: result.diffs,
      applied: committed,
      commitMode: committed ? (twoPhase ? 'two-phase' : 'held-open') : null,
      recovered,
      runId,
    };
  } finally {
    await Promise.all(orms.map(({ orm }) => orm.close(true)));
  }
}
