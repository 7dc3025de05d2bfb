import type { MikroORM } from '@mikro-orm/postgresql';
import type { EntityManager } from '../../lib/orm';

/**
 * All or nothing across the subgraphs' schemas: one transaction per subgraph (each through its own
 * ORM, as each subgraph owns its schema), all committed or none.
 *
 * With two-phase commit (PostgreSQL's PREPARE TRANSACTION, allowed when max_prepared_transactions
 * > 0; the embedded cluster allows it), every transaction that wrote is first prepared: once all are
 * prepared, none can fail any more and each is committed (COMMIT PREPARED); if one fails to
 * prepare, the prepared ones are rolled back. A crash in between leaves prepared transactions that
 * recoverInDoubtIntakes() settles on the next run (see there).
 *
 * Without it (an external server with max_prepared_transactions = 0), every transaction is held
 * open until all the work succeeded and was flushed, then each is committed in turn. The window
 * left: a COMMIT that fails after another one succeeded (the connection lost at that very moment),
 * which would leave the first subgraphs changed and the later ones not. Nothing else can fail then:
 * every statement has run and every constraint has been checked before the first COMMIT.
 */

export type Decision = 'commit' | 'rollback';

export interface SubgraphTransaction {
  name: string;
  orm: MikroORM;
}

/** Prepared-transaction names: "hub-intake:<run id>:<subgraph>:<number of writers>". */
export const GID_PREFIX = 'hub-intake';
const gidOf = (runId: string, name: string, writers: number) => `${GID_PREFIX}:${runId}:${name}:${writers}`;

class Rollback extends Error {}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

export async function twoPhaseCommitAvailable(orm: MikroORM): Promise<boolean> {
  const [row] = await orm.em.fork().execute<{ max_prepared_transactions: string }[]>('show max_prepared_transactions');
  return Number(row.max_prepared_transactions) > 0;
}

export interface AllOrNothingOptions {
  twoPhase: boolean;
  runId: string;
  /** Whether a transaction wrote anything (only writers are prepared and committed). */
  wrote(name: string, tx: EntityManager): Promise<boolean>;
  /** Tests: called in each writer's transaction just before it is prepared (or committed). */
  beforeCommit?(name: string, tx: EntityManager): Promise<void>;
}

/**
 * Opens one transaction per subgraph, runs `work` with all of them, then commits all when it
 * answers "commit", or rolls all back when it answers "rollback" or throws.
 */
export async function allOrNothing<T>(
  subgraphs: readonly SubgraphTransaction[],
  work: (transactions: Record<string, EntityManager>) => Promise<{ decision: Decision; result: T }>,
  options: AllOrNothingOptions,
): Promise<{ committed: boolean; result: T }> {
  const opened = new Map<string, EntityManager>();
  const allOpen = deferred<void>();
  const decided = deferred<{ decision: Decision; writers: string[] }>();
  const prepared = new Set<string>();

  const transactions = subgraphs.map(({ name, orm }) =>
    orm.em.fork().transactional(async (tx) => {
      opened.set(name, tx);
      if (opened.size === subgraphs.length) allOpen.resolve();
      const { decision, writers } = await decided.promise;
      if (decision === 'rollback' || !writers.includes(name)) throw new Rollback();
      await options.beforeCommit?.(name, tx);
      if (options.twoPhase) {
        await tx.execute(`prepare transaction '${gidOf(options.runId, name, writers.length)}'`);
        prepared.add(name);
      }
      // Returning commits (after PREPARE, PostgreSQL answers the ORM's COMMIT with a mere warning).
    }),
  );
  const settled = Promise.allSettled(transactions);
  // Before the decision, a transaction that ends could not be opened (the others wait for the decision).
  const openingFailed = new Promise<unknown>((resolve) => transactions.forEach((transaction) => transaction.catch(resolve)));
  const failure = await Promise.race([allOpen.promise.then(() => null), openingFailed]);
  if (failure !== null) {
    decided.resolve({ decision: 'rollback', writers: [] });
    await settled;
    throw failure;
  }

  let outcome: { decision: Decision; result: T };
  let writers: string[] = [];
  try {
    const named = Object.fromEntries(opened);
    outcome = await work(named);
    if (outcome.decision === 'commit') {
      // Every statement runs now, before anything commits: a constraint that fails fails here.
      for (const tx of opened.values()) await tx.flush();
      for (const [name, tx] of opened) if (await options.wrote(name, tx)) writers.push(name);
    }
  } catch (error) {
    decided.resolve({ decision: 'rollback', writers: [] });
    await settled;
    throw error;
  }
  if (outcome.decision === 'rollback' || writers.length === 0) writers = [];
  decided.resolve({ decision: writers.length === 0 ? 'rollback' : 'commit', writers });
  const results = await settled;
  const failures = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected' && !(result.reason instanceof Rollback));

  if (options.twoPhase && writers.length > 0) {
    const admin = subgraphs[0].orm.em.fork();
    const verb = failures.length === 0 && prepared.size === writers.length ? 'commit' : 'rollback';
    for (const name of prepared) await admin.execute(`${verb} prepared '${gidOf(options.runId, name, writers.length)}'`);
    if (verb === 'rollback') throw failures[0]?.reason ?? new Error('a transaction could not be prepared');
    return { committed: true, result: outcome.result };
  }
  if (failures.length > 0) throw failures[0].reason;
  return { committed: writers.length > 0, result: outcome.result };
}

/**
 * Settles prepared transactions an interrupted run left behind. A run prepares only after its work
 * succeeded, and each writer leaves audit rows with the run id as request id, so: all of a run's
 * writers prepared, or one of them already committed (its audit rows are there) → commit the rest;
 * otherwise one writer failed to prepare → roll the rest back. Returns what it did, for the log.
 */
export async function recoverInDoubtIntakes(admin: EntityManager, schemas: readonly string[]): Promise<string[]> {
  const rows = await admin.execute<{ gid: string }[]>(`select gid from pg_prepared_xacts where gid like ? and database = current_database()`, [`${GID_PREFIX}:%`]);
  const runs = new Map<string, { name: string; gid: string; writers: number }[]>();
  for (const { gid } of rows) {
    const [, runId, name, writers] = gid.split(':');
    runs.set(runId, [...(runs.get(runId) ?? []), { name, gid, writers: Number(writers) }]);
  }
  const done: string[] = [];
  for (const [runId, preparedOnes] of runs) {
    let commit = preparedOnes.length === preparedOnes[0].writers;
    for (const schema of schemas) {
      if (commit || preparedOnes.some((entry) => entry.name === schema)) continue;
      const [found] = await admin.execute<{ found: boolean }[]>(`select exists (select 1 from "${schema}"."change" where request_id = ?) as found`, [runId]);
      if (found.found) commit = true;
    }
    for (const entry of preparedOnes) {
      await admin.execute(`${commit ? 'commit' : 'rollback'} prepared '${entry.gid}'`);
      done.push(`${commit ? 'committed' : 'rolled back'} ${entry.gid}`);
    }
  }
  return done;
}
