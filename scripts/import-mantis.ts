import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { parseCommandLine } from '../lib/cli';
import type { EntityManager } from '../lib/orm';
import { openOrmFor, prepareSubgraphDatabases } from '../lib/subgraph';
import { SUBGRAPHS, subgraphNamed } from '../subgraphs';
import { applicationNames } from '../subgraphs/catalogue/data/applications';
import { memberCodes } from '../subgraphs/governance/data/members';
import { importMantisExport, type ImportReport } from '../subgraphs/operations/services/mantis/import';
import { buildMapping, type HubReferences, MappingFileError, nameKey } from '../subgraphs/operations/services/mantis/mapping';
import { CSV_DATE_FORMATS, type CsvDateFormat, MantisFileError, readMantisExport } from '../subgraphs/operations/services/mantis/read';
import { hubDatabase } from './hub-database';

const USAGE = `Usage: npm run import:mantis -- <file> [options]

Imports a MantisBT export into the hub's tickets: the CSV export (csv_export.php, UTF-8, English or
French column titles) or the REST API's issue list (GET /api/rest/issues, JSON). A second import of
the same issues updates the tickets it made; it never duplicates them.

Options:
  --dry-run              do everything, then roll back: says what would be created, updated, refused
  --skip-bad-rows        import the rows that can be mapped even when others cannot (default: one bad
                         row refuses the whole file, and nothing is written)
  --mapping <file.json>  names of members, applications, categories, statuses and priorities of your
                         install, over the defaults (see docs/operators.md, "Importing MantisBT")
  --source <name>        the tracker's name in the hub (default "mantis"): ids are unique per source
  --date-format <f>      CSV dates: Y-m-d (MantisBT's default), d/m/Y or m/d/Y
  --time-zone <zone>     the MantisBT server's time zone for CSV dates (default Europe/Paris)
  --separator <c>        the CSV separator ($g_csv_separator, default ",")
  --json                 print the report as JSON
  -h, --help             this text

Exit status: 0 imported (or would be, with --dry-run) with no row refused; 2 some rows could not be
imported (listed with their line); 1 the file, the mapping or the options are unusable.`;

class UsageError extends Error {}

interface CommandOptions {
  file: string;
  dryRun: boolean;
  skipBadRows: boolean;
  mappingFile: string | null;
  source: string | null;
  dateFormat: CsvDateFormat;
  timeZone: string;
  separator: string;
  json: boolean;
}

/** Paths are the caller's: npm runs scripts from the package root and says where it was called from in INIT_CWD. */
const callerPath = (file: string) => path.resolve(process.env.INIT_CWD ?? process.cwd(), file);

/** --help answers and an unknown option is refused with the usage (lib/cli.ts), exit 1: 2 says some rows were refused. */
function parse(args: string[]) {
  return parseCommandLine(
    USAGE,
    {
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean', default: false },
        'skip-bad-rows': { type: 'boolean', default: false },
        mapping: { type: 'string' },
        source: { type: 'string' },
        'date-format': { type: 'string', default: 'Y-m-d' },
        'time-zone': { type: 'string', default: 'Europe/Paris' },
        separator: { type: 'string', default: ',' },
        json: { type: 'boolean', default: false },
      },
    },
    { args, usageExitCode: 1 },
  );
}

function commandOptions(args: string[]): CommandOptions {
  const { values, positionals } = parse(args);
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'Give the file to import' : 'Give one file at a time');
  const dateFormat = values['date-format'] as CsvDateFormat;
  if (!CSV_DATE_FORMATS.includes(dateFormat)) throw new UsageError(`--date-format must be one of ${CSV_DATE_FORMATS.join(', ')}`);
  try {
    new Intl.DateTimeFormat('en', { timeZone: values['time-zone'] });
  } catch {
    throw new UsageError(`--time-zone "${values['time-zone']}" is not a time zone (e.g. Europe/Paris)`);
  }
  return {
    file: positionals[0],
    dryRun: values['dry-run'] ?? false,
    skipBadRows: values['skip-bad-rows'] ?? false,
    mappingFile: values.mapping ?? null,
    source: values.source ?? null,
    dateFormat,
    timeZone: values['time-zone'] as string,
    separator: values.separator as string,
    json: values.json ?? false,
  };
}

function readMappingFile(file: string | null, source: string | null) {
  let content: Record<string, unknown> = {};
  if (file !== null) {
    try {
      content = JSON.parse(readFileSync(callerPath(file), 'utf8'));
    } catch (error) {
      throw new MappingFileError(`Mapping file ${file}: ${(error as Error).message}`);
    }
  }
  return buildMapping(source === null ? content : { ...content, source });
}

/**
 * What the import needs of the rest of the hub, read from the catalogue's and governance's own data
 * modules, read-only and in the import's database: the command must work with the hub stopped (a
 * take-over is a maintenance job), and needs no token or running gateway.
 */
async function hubReferences(em: EntityManager): Promise<HubReferences> {
  const applications = await applicationNames(em);
  const applicationsByName = new Map<string, string>();
  for (const { id, name, aliases } of applications) {
    for (const alias of [name, ...aliases]) if (!applicationsByName.has(nameKey(alias))) applicationsByName.set(nameKey(alias), id);
  }
  return { memberCodes: new Set(await memberCodes(em)), applicationsByName, applicationIds: new Set(applications.map((row) => row.id)) };
}

function printReport(report: ImportReport, options: CommandOptions): void {
  if (options.json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  const verb = report.dryRun ? 'would be' : 'were';
  console.log(`${options.file}: MantisBT ${report.format === 'csv' ? 'CSV export' : 'REST issue list'}, ${report.issues} issue(s), source "${report.source}", sha256 ${report.checksum}`);
  if (report.committed || report.dryRun) {
    console.log(`  ${report.created.length} ticket(s) ${verb} created, ${report.updated.length} updated, ${report.unchanged.length} unchanged`);
  }
  for (const problem of report.problems) {
    console.log(`  line ${problem.line}${problem.mantisId !== null ? ` (issue ${problem.mantisId})` : ''}: ${problem.reason}`);
  }
  if (report.problems.length > 0) {
    console.log(
      options.skipBadRows || report.dryRun
        ? `  ${report.problems.length} row(s) ${report.dryRun ? 'would not be' : 'were not'} imported`
        : `  Nothing was imported: ${report.problems.length} row(s) cannot be. Fix the mapping (--mapping) or import the others with --skip-bad-rows`,
    );
  }
  if (report.dryRun) console.log('  Dry run: nothing was written');
}

async function main(args: string[]): Promise<number> {
  const options = commandOptions(args);
  const mapping = readMappingFile(options.mappingFile, options.source);
  let bytes: Buffer;
  try {
    bytes = readFileSync(callerPath(options.file));
  } catch (error) {
    throw new UsageError(`Cannot read ${options.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const read = { dateFormat: options.dateFormat, timeZone: options.timeZone, separator: options.separator };
  // An unreadable file is refused before the database is even opened.
  readMantisExport(bytes.toString('utf8'), read);
  const { url, embedded } = await hubDatabase();
  let orm: MikroORM | undefined;
  try {
    // Same preparation as `npm start`: schemas migrated, the report's data seeded (both idempotent).
    await prepareSubgraphDatabases(SUBGRAPHS, url);
    orm = await openOrmFor(subgraphNamed('operations'), url, 2);
    const em = orm.em.fork();
    const report = await importMantisExport(em, {
      document: options.file,
      bytes,
      mapping,
      read,
      hub: await hubReferences(em),
      dryRun: options.dryRun,
      skipBadRows: options.skipBadRows,
    });
    printReport(report, options);
    return report.problems.length > 0 ? 2 : 0;
  } finally {
    await orm?.close(true);
    await embedded?.stop();
  }
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error) => {
    const known = error instanceof UsageError || error instanceof MappingFileError || error instanceof MantisFileError;
    console.error(known ? error.message : error instanceof Error ? error.message : error);
    if (error instanceof UsageError) console.error('npm run import:mantis -- --help for the options');
    process.exit(1);
  },
);
