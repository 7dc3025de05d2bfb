import 'reflect-metadata';
import { parseCommandLine, usageError } from '../lib/cli';
import { Pool } from 'pg';
import { ConfigError } from '../lib/config';
import { prepareSubgraphDatabases } from '../lib/subgraph';
import { hubDatabase } from './hub-database';
import { REPORTED_TICKETS } from './seed-synthetic/proportions';
import { seedSyntheticTickets } from './seed-synthetic/seed';
import { syntheticReferencePrefix } from './seed-synthetic/tickets';
import { SUBGRAPHS } from '../subgraphs';
import { endPool } from '../lib/pg-pool';

const USAGE = `Usage: npm run seed:synthetic -- --seed <n> --tickets <n> [--deployments <n>] [--batch <n>] [--reset]

Adds deterministic demo tickets (and dated deployments) marked synthetic, references SYN-<seed>-…,
to DATABASE_URL or the embedded PostgreSQL (HUB_DATA_DIR, HUB_EMBEDDED_PG_PORT; started for the
command, or the one npm start runs). Ticket i of a seed depends only on (seed, i): a re-run inserts
nothing, a larger --tickets extends the set. Figures leave demo records out unless asked
(includeSynthetic: true, ?includeSynthetic=true, npm run report -- --include-synthetic).

Options:
  --seed <n>          the seed (required), e.g. 42
  --tickets <n>       how many tickets the seed holds (required), e.g. 100000
  --deployments <n>   dated deployments to add too (default 0)
  --batch <n>         rows per INSERT batch (default 5000)
  --reset             delete every synthetic ticket and deployment first
  -h, --help          this text`;

interface CommandOptions {
  seed: number;
  tickets: number;
  batchSize: number;
  deployments: number;
  reset: boolean;
}

function commandOptions(): CommandOptions {
  const { values } = parseCommandLine(USAGE, {
    options: {
      seed: { type: 'string' },
      tickets: { type: 'string' },
      deployments: { type: 'string', default: '0' },
      batch: { type: 'string', default: '5000' },
      reset: { type: 'boolean', default: false },
    },
  });
  if (values.seed === undefined || values.tickets === undefined) usageError(USAGE, '--seed and --tickets are required');
  return { seed: Number(values.seed), tickets: Number(values.tickets), batchSize: Number(values.batch), deployments: Number(values.deployments), reset: values.reset };
}

function printProgress({ done, total, inserted, elapsedMs }: { done: number; total: number; inserted: number; elapsedMs: number }): void {
  const rate = Math.round((done / Math.max(elapsedMs, 1)) * 1000);
  console.log(`  ${((done / total) * 100).toFixed(1).padStart(5)}%  ${done.toLocaleString('en')}/${total.toLocaleString('en')}  inserted ${inserted.toLocaleString('en')}  (${rate.toLocaleString('en')} tickets/s)`);
}

async function seedAndReport(pool: Pool, options: CommandOptions): Promise<void> {
  const { seed, tickets, batchSize } = options;
  console.log(`Synthetic tickets: seed ${seed}, ${tickets.toLocaleString('en')} tickets (references ${syntheticReferencePrefix(seed)}…), batches of ${batchSize}`);
  const result = await seedSyntheticTickets(pool, { ...options, onProgress: printProgress });
  if (options.reset) console.log(`Deleted ${result.deleted.toLocaleString('en')} earlier synthetic tickets`);
  console.log(
    `Done in ${(result.elapsedMs / 1000).toFixed(1)} s: ${result.insertedTickets.toLocaleString('en')} tickets and ` +
      `${result.insertedHistory.toLocaleString('en')} history rows inserted, ${result.skippedExisting.toLocaleString('en')} already present; ` +
      `${result.insertedDeployments.toLocaleString('en')} dated deployments inserted`,
  );
}

/** The seed's tickets per year and queue beside the report's figures. */
async function printTotals(pool: Pool, seed: number): Promise<void> {
  const totals = await pool.query<{ year: number; queue: string; n: string }>(
    `select extract(year from opened_at)::int as year, queue, count(*) as n from "operations"."ticket"
         where synthetic and reference like $1 group by 1, 2 order by 1, 2`,
    [`${syntheticReferencePrefix(seed)}%`],
  );
  console.log('Seed totals by year and queue (report’s figures for comparison):');
  for (const row of totals.rows) {
    const reported = REPORTED_TICKETS.find((r) => r.year === row.year && r.queue === row.queue)?.count;
    console.log(`  ${row.year} ${row.queue.padEnd(9)} ${Number(row.n).toLocaleString('en').padStart(10)}   (report: ${reported ?? '—'})`);
  }
}

async function main(): Promise<void> {
  const options = commandOptions();
  const { url, embedded } = await hubDatabase();
  try {
    // Same preparation as `npm start`: schemas migrated, the report's data seeded (both idempotent).
    await prepareSubgraphDatabases(SUBGRAPHS, url);
    const pool = new Pool({ connectionString: url, max: 2 });
    try {
      await seedAndReport(pool, options);
      await printTotals(pool, options.seed);
    } finally {
      await endPool(pool);
    }
  } finally {
    await embedded?.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error instanceof Error ? error.message : error);
  process.exit(1);
});
