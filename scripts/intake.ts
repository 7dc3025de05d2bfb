import 'reflect-metadata';
import { parseCommandLine, usageError } from '../lib/cli';
import { ConfigError } from '../lib/config';
import { prepareSubgraphDatabases } from '../lib/subgraph';
import { SUBGRAPHS } from '../subgraphs';
import { hubDatabase } from './hub-database';
import { formatDiff, formatProblems } from './intake/report';
import { runIntake } from './intake/run';

const HELP = `Usage: npm run intake -- <file> [--dry-run]

Loads a year's figures into the hub from one file (YAML, or JSON when it ends in .json), checked
against schema/intake.schema.json: the synthesis table's indicators, the year's deployments per
application, projects, delegate changes, headcount per service, applications added and retired.
See docs/intake.md; an example: intake/samples/2019.sample.yaml (invented figures).

  --dry-run   check the file and print what would change (added, changed old → new, unchanged),
              writing nothing
  -h, --help  this text

Everything is applied at once or not at all; running the same file again changes nothing. Every
problem of the file is listed (file, line, field, what was expected) and nothing is written.
The database is DATABASE_URL, else the embedded one of \`npm start\` (HUB_DATA_DIR).
Exit status: 0 done (or nothing to do), 1 the file has problems, 2 the command could not run
(or its command line was not understood).`;

async function main(): Promise<number> {
  const { values, positionals } = parseCommandLine(HELP, { allowPositionals: true, options: { 'dry-run': { type: 'boolean', default: false } } });
  if (positionals.length !== 1) usageError(HELP, positionals.length === 0 ? 'Give one file.' : `Give one file, not ${positionals.length}.`);
  const [file] = positionals;
  const { url, embedded } = await hubDatabase();
  try {
    // As `npm start` does: schemas migrated, the report's data seeded (both idempotent).
    await prepareSubgraphDatabases(SUBGRAPHS, url);
    const result = await runIntake({ file, dryRun: values['dry-run'], databaseUrl: url });
    if (result.problems.length > 0) {
      console.error(formatProblems(result));
      return 1;
    }
    console.log(formatDiff(result, values['dry-run']));
    // No cache to tell: the gateway and subgraphs read the database on every request.
    return 0;
  } finally {
    await embedded?.stop();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((error) => {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `Cannot read ${(error as NodeJS.ErrnoException).path}: no such file` : null;
    console.error(missing ?? (error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error)));
    process.exit(2);
  });
