import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { BreakingChangeType, DangerousChangeType, findBreakingChanges, findDangerousChanges } from 'graphql';
import { parseCommandLine } from '../lib/cli';
import { SCHEMA_DIR, SUPERGRAPH_PATH } from '../lib/paths';
import { apiSchemaOf, printApiSchema } from './api-schema';

/**
 * `npm run schema:check`: composes the supergraph from the current code and compares its API schema
 * (what clients see, not the join__ directives) with the committed schema/supergraph.graphql.
 * Breaking changes for clients make it exit 1 unless schema/acknowledged-changes.json lists them.
 *
 *   npm run schema:check                         current code against the committed supergraph
 *   npm run schema:check -- --base old.graphql   … against another supergraph (e.g. main's)
 *   npm run schema:check -- --candidate x.graphql  check a given supergraph instead of composing
 */
export const ACKNOWLEDGED_CHANGES_PATH = path.join(SCHEMA_DIR, 'acknowledged-changes.json');

export interface SchemaChange {
  kind: 'breaking' | 'dangerous';
  type: string;
  /** graphql-js's own sentence, e.g. "Query.staff was removed."; the key to acknowledge it by. */
  description: string;
  /** What it means for a client, in plain words. */
  consequence: string;
}

export interface Acknowledgement {
  /** The change's description, exactly as schema:check prints it. */
  change: string;
  /** Why it is acceptable (who was told, which clients were updated). */
  reason: string;
}

export interface SchemaCheckResult {
  /** The API schemas differ at all (including additions). */
  changed: boolean;
  breaking: SchemaChange[];
  dangerous: SchemaChange[];
  /** Breaking (and RESULT_CHANGING) changes not listed in the acknowledgements: these fail the check. */
  unacknowledged: SchemaChange[];
  /** Acknowledgements that match no current change (safe to delete once the supergraph is committed). */
  unusedAcknowledgements: Acknowledgement[];
}

const CONSEQUENCES: Record<string, string> = {
  [BreakingChangeType.TYPE_REMOVED]: 'operations that name this type stop validating',
  [BreakingChangeType.TYPE_CHANGED_KIND]: 'operations that select from this type stop validating or change shape',
  [BreakingChangeType.TYPE_REMOVED_FROM_UNION]: 'fragments on this member of the union never match again',
  [BreakingChangeType.VALUE_REMOVED_FROM_ENUM]: 'clients sending this value get a validation error; clients switching on it never see it again',
  [BreakingChangeType.REQUIRED_INPUT_FIELD_ADDED]: 'existing inputs lack this field and are rejected',
  [BreakingChangeType.IMPLEMENTED_INTERFACE_REMOVED]: 'fragments on the interface no longer match this type',
  [BreakingChangeType.FIELD_REMOVED]: 'operations selecting this field stop validating',
  [BreakingChangeType.FIELD_CHANGED_KIND]: 'clients expecting the old type (or nullability) break',
  [BreakingChangeType.REQUIRED_ARG_ADDED]: 'existing calls omit this argument and are rejected',
  [BreakingChangeType.ARG_REMOVED]: 'calls passing this argument stop validating',
  [BreakingChangeType.ARG_CHANGED_KIND]: 'calls passing the old type are rejected',
  [BreakingChangeType.DIRECTIVE_REMOVED]: 'operations using this directive stop validating',
  [BreakingChangeType.DIRECTIVE_ARG_REMOVED]: 'operations passing this directive argument stop validating',
  [BreakingChangeType.REQUIRED_DIRECTIVE_ARG_ADDED]: 'existing uses of the directive lack this argument',
  [BreakingChangeType.DIRECTIVE_REPEATABLE_REMOVED]: 'operations repeating this directive stop validating',
  [BreakingChangeType.DIRECTIVE_LOCATION_REMOVED]: 'operations using the directive there stop validating',
  [DangerousChangeType.VALUE_ADDED_TO_ENUM]: 'clients with an exhaustive switch on this enum meet a value they do not handle',
  [DangerousChangeType.TYPE_ADDED_TO_UNION]: 'clients meet a union member they have no fragment for',
  [DangerousChangeType.OPTIONAL_INPUT_FIELD_ADDED]: 'harmless unless a client relies on the field being absent',
  [DangerousChangeType.OPTIONAL_ARG_ADDED]: 'harmless unless a client relies on the argument being absent',
  [DangerousChangeType.IMPLEMENTED_INTERFACE_ADDED]: 'fragments on the interface now also match this type',
  [DangerousChangeType.ARG_DEFAULT_VALUE_CHANGE]: 'calls that omit the argument now get a different result',
};

/**
 * Changes graphql-js calls dangerous that nonetheless change what existing calls get, with no error
 * to tell them (a new default value: a call that omits the argument now counts something else).
 * They fail the check like breaking changes until acknowledged; for the SDK's version they stay
 * compatible (types unchanged).
 */
export const RESULT_CHANGING: ReadonlySet<string> = new Set([DangerousChangeType.ARG_DEFAULT_VALUE_CHANGE]);

export function readAcknowledgements(file = ACKNOWLEDGED_CHANGES_PATH): Acknowledgement[] {
  if (!fs.existsSync(file)) return [];
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { acknowledged?: Acknowledgement[] };
  const list = parsed.acknowledged ?? [];
  for (const entry of list) {
    if (typeof entry.change !== 'string' || typeof entry.reason !== 'string' || entry.reason.trim() === '') {
      throw new Error(`${path.relative(process.cwd(), file)}: every entry needs "change" (as printed by schema:check) and a non-empty "reason"`);
    }
  }
  return list;
}

/** Compares the API schemas of two supergraphs (SDL text); pure, so that tests can feed it anything. */
export function checkSchema(baseSupergraph: string, candidateSupergraph: string, acknowledged: Acknowledgement[] = []): SchemaCheckResult {
  const base = apiSchemaOf(baseSupergraph);
  const candidate = apiSchemaOf(candidateSupergraph);
  const describe = (kind: SchemaChange['kind']) => (change: { type: string; description: string }): SchemaChange => ({
    kind,
    type: change.type,
    description: change.description,
    consequence: CONSEQUENCES[change.type] ?? 'may break clients',
  });
  const breaking = findBreakingChanges(base, candidate).map(describe('breaking'));
  const dangerous = findDangerousChanges(base, candidate).map(describe('dangerous'));
  const acknowledgedChanges = new Set(acknowledged.map((entry) => entry.change.trim()));
  const all = new Set([...breaking, ...dangerous].map((change) => change.description));
  return {
    changed: printApiSchema(baseSupergraph) !== printApiSchema(candidateSupergraph),
    breaking,
    dangerous,
    unacknowledged: [...breaking, ...dangerous.filter((change) => RESULT_CHANGING.has(change.type))].filter(
      (change) => !acknowledgedChanges.has(change.description),
    ),
    unusedAcknowledgements: acknowledged.filter((entry) => !all.has(entry.change.trim())),
  };
}

/** The report in plain words, and the exit code: 1 when a breaking change is not acknowledged. */
export function formatReport(result: SchemaCheckResult, acknowledgementsFile = ACKNOWLEDGED_CHANGES_PATH): { text: string; exitCode: number } {
  const lines: string[] = [];
  const ackFile = path.relative(process.cwd(), acknowledgementsFile) || acknowledgementsFile;
  if (!result.changed) {
    lines.push('Schema check: the API schema is unchanged.');
  } else if (result.breaking.length === 0 && result.dangerous.length === 0) {
    lines.push('Schema check: the API schema changed compatibly (additions only). Commit the new supergraph with `npm run compose`.');
  }
  if (result.breaking.length > 0) {
    lines.push(`Breaking changes for clients (${result.breaking.length}):`);
    for (const change of result.breaking) {
      const acknowledged = !result.unacknowledged.includes(change);
      lines.push(`- ${change.description} ${capitalize(change.consequence)}.${acknowledged ? ` [acknowledged in ${ackFile}]` : ''}`);
    }
  }
  const resultChanging = result.dangerous.filter((change) => RESULT_CHANGING.has(change.type));
  const toTell = result.dangerous.filter((change) => !RESULT_CHANGING.has(change.type));
  if (resultChanging.length > 0) {
    lines.push(`Changes in what existing calls get, without an error (${resultChanging.length}):`);
    for (const change of resultChanging) {
      const acknowledged = !result.unacknowledged.includes(change);
      lines.push(`- ${change.description} ${capitalize(change.consequence)}.${acknowledged ? ` [acknowledged in ${ackFile}]` : ''}`);
    }
  }
  if (toTell.length > 0) {
    lines.push(`Changes to tell clients about (not failing) (${toTell.length}):`);
    for (const change of toTell) lines.push(`- ${change.description} ${capitalize(change.consequence)}.`);
  }
  for (const entry of result.unusedAcknowledgements) {
    lines.push(`Note: the acknowledgement "${entry.change}" in ${ackFile} matches no current change; delete it once the new supergraph is committed.`);
  }
  if (result.unacknowledged.length > 0) {
    const allBreaking = result.unacknowledged.every((change) => change.kind === 'breaking');
    lines.push(
      '',
      `Schema check FAILED: ${result.unacknowledged.length} ${allBreaking ? 'breaking change(s)' : 'breaking or result-changing change(s)'} not acknowledged.`,
      `Keep the old field/argument/value (deprecate it with @deprecated instead), or, once the clients are ready, acknowledge each change in ${ackFile}:`,
      JSON.stringify(
        { acknowledged: result.unacknowledged.map((change) => ({ change: change.description, reason: 'why clients are not broken, or who agreed' })) },
        null,
        2,
      ),
    );
    return { text: lines.join('\n'), exitCode: 1 };
  }
  if (resultChanging.length > 0) lines.push('Schema check passed: every breaking or result-changing change is acknowledged.');
  else if (result.breaking.length > 0) lines.push('Schema check passed: every breaking change is acknowledged.');
  return { text: lines.join('\n'), exitCode: 0 };
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function argument(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index < 0) return undefined;
  const value = args[index + 1];
  if (!value || value.startsWith('--')) throw new Error(`${name} needs a file`);
  return value;
}

export async function runSchemaCheck(args: string[]): Promise<{ text: string; exitCode: number }> {
  const basePath = argument(args, '--base') ?? SUPERGRAPH_PATH;
  const candidatePath = argument(args, '--candidate');
  const acknowledgementsPath = argument(args, '--acknowledged') ?? ACKNOWLEDGED_CHANGES_PATH;
  const base = fs.readFileSync(basePath, 'utf8');
  // Loaded only here: composing imports every subgraph, which checkSchema's other callers (the SDK's codegen) do not need.
  const { composeSupergraph } = require('./compose') as typeof import('./compose');
  const candidate = candidatePath ? fs.readFileSync(candidatePath, 'utf8') : (await composeSupergraph()).files['supergraph.graphql'];
  const result = checkSchema(base, candidate, readAcknowledgements(acknowledgementsPath));
  return formatReport(result, acknowledgementsPath);
}

const USAGE = `Usage: npm run schema:check -- [--base <supergraph>] [--candidate <supergraph>] [--acknowledged <file>]

Composes the supergraph from the current code and compares the API schema clients see with the
committed one. Names every change in plain words; exits 1 on a breaking change (or a changed default
value) that schema/acknowledged-changes.json does not acknowledge, 2 when it cannot run, else 0.

Options:
  --base <file>           compare against this supergraph (default schema/supergraph.graphql), e.g. main's
  --candidate <file>      check this supergraph instead of composing one from the code
  --acknowledged <file>   the acknowledgements (default schema/acknowledged-changes.json)
  -h, --help              this text`;

if (require.main === module) {
  parseCommandLine(USAGE, { options: { base: { type: 'string' }, candidate: { type: 'string' }, acknowledged: { type: 'string' } } });
  runSchemaCheck(process.argv.slice(2))
    .then(({ text, exitCode }) => {
      console.log(text);
      process.exitCode = exitCode;
    })
    .catch((error: unknown) => {
      console.error(`Schema check could not run: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 2;
    });
}
