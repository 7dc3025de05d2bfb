import type { MikroORM } from '@mikro-orm/postgresql';
import { SUBGRAPH_NAMES } from './config';
import { ALLOWED_STATEMENTS, type AllowedStatement, UNMAPPED_TABLES, type UnmappedTable } from './schema-drift-allowlist';

/**
 * The guard MikroORM does not give: its schema diff (`migration:create`, `schema:update`) must
 * propose nothing once the committed migrations have run, or a maintainer following its
 * documentation would generate a migration that undoes ours. test/schema-drift.test.ts runs it.
 */

/**
 * What a subgraph's ORM compares (the `schemaGenerator` options of lib/orm.ts): its own schema
 * only, not the other subgraphs' nor `public`, and not the tables it leaves unmapped on purpose.
 */
export function schemaGeneratorOptions(schema: string): { ignoreSchema: string[]; skipTables: string[] } {
  return {
    ignoreSchema: ['public', ...SUBGRAPH_NAMES.filter((name) => name !== schema)],
    skipTables: unmappedTablesOf(schema, UNMAPPED_TABLES).map((entry) => entry.table),
  };
}

export function unmappedTablesOf(schema: string, unmapped: readonly UnmappedTable[] = UNMAPPED_TABLES): UnmappedTable[] {
  return unmapped.filter((entry) => (entry.schemas as readonly string[]).includes(schema));
}

/** Splits the generator's SQL at statement ends (`;` then a new line) outside string literals. */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let pending = '';
  for (const chunk of sql.split(/;\n/)) {
    pending = pending ? `${pending};\n${chunk}` : chunk;
    // An odd number of quotes so far: the `;\n` was inside a literal (e.g. a CHECK's regular expression).
    if (pending.split("'").length % 2 === 0) continue;
    const statement = normaliseStatement(pending);
    if (statement) statements.push(statement);
    pending = '';
  }
  const rest = normaliseStatement(pending);
  if (rest) statements.push(rest);
  return statements;
}

/** Whitespace collapsed to single spaces, no final semicolon: the form allow-list patterns are tested on. */
export function normaliseStatement(statement: string): string {
  return statement.replace(/\s+/g, ' ').trim().replace(/;$/, '').trim();
}

/** The statements MikroORM's diff proposes for this ORM's entities against its database, normalised. */
export async function proposedSchemaChanges(orm: MikroORM): Promise<string[]> {
  return splitStatements(await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false }));
}

export interface DriftVerdict {
  /** Proposed statements no allow-list entry explains: the entity or the migrations must change. */
  unexplained: string[];
  /** Entries of this schema that explained no statement: stale, to be removed. */
  unusedEntries: AllowedStatement[];
}

export function judgeDrift(schema: string, statements: readonly string[], allowed: readonly AllowedStatement[] = ALLOWED_STATEMENTS): DriftVerdict {
  const entries = allowed.filter((entry) => (entry.schemas as readonly string[]).includes(schema));
  const used = new Set<AllowedStatement>();
  const unexplained = statements.filter((statement) => {
    const entry = entries.find((candidate) => new RegExp(candidate.pattern.source, candidate.pattern.flags.replace('g', '')).test(statement));
    if (entry) used.add(entry);
    return !entry;
  });
  return { unexplained, unusedEntries: entries.filter((entry) => !used.has(entry)) };
}

const ALLOWLIST_FILE = 'lib/schema-drift-allowlist.ts';

/** The failure message: the statements, then what to do about them. */
export function describeDrift(schema: string, unexplained: readonly string[]): string {
  return [
    `The entities of the ${schema} subgraph disagree with its migrations: after migrating, MikroORM's schema diff`,
    `(what \`migration:create\` would write) proposes ${unexplained.length} statement(s):`,
    '',
    ...unexplained.map((statement) => `  ${statement};`),
    '',
    `For each statement, make the entity say what the migration created (subgraphs/${schema}/entities/):`,
    '  - create table / add column / alter column: the entity declares a table, property, type, nullability or default',
    '    the migrations do not: write a NEW migration (migrations/, appended to migrations/index.ts), or fix the entity;',
    '  - drop column / alter column: the migration made what the entity lacks or says otherwise: add or fix the property',
    "    (same column type, `nullable`, `defaultRaw: 'now()'`, `autoincrement: true, generated: 'by default as identity'`",
    "    for an identity column, `@Enum({ items, type: 'text' })` for a text column with an IN (...) check);",
    '  - drop table: map it with an entity (and add it to the subgraph\'s entities), unless no entity should ever map it;',
    "  - drop index / drop constraint …_unique: add @Index({ name }) / @Unique({ name, properties }); a partial,",
    "    descending, INCLUDE or GIN index: @Index({ name, expression: '<the migration's create index SQL>' });",
    "  - drop constraint …_check: add @Check({ name: '<PostgreSQL's name>', expression }); a check dropped then added",
    '    again: write its expression as PostgreSQL prints it back (pg_get_constraintdef), e.g. `length(trim(both from x)) > 0`;',
    '  - drop constraint …_fkey: map the column as @ManyToOne(() => Target, { fieldName, mapToPk: true,',
    "    foreignKeyName: '<PostgreSQL's name>', updateRule: 'no action', deleteRule: 'no action' }) (still reads and writes the id).",
    `Only what MikroORM 6 cannot express goes to ${ALLOWLIST_FILE}, with its reason: a table no entity maps on`,
    'purpose in UNMAPPED_TABLES, anything else in ALLOWED_STATEMENTS (a pattern on the names involved).',
  ].join('\n');
}

export function describeUnusedEntries(schema: string, unused: readonly AllowedStatement[]): string {
  return [
    `${ALLOWLIST_FILE}: ${unused.length} ALLOWED_STATEMENTS entr${unused.length === 1 ? 'y' : 'ies'} of ${schema} explain no statement any more; remove ${unused.length === 1 ? 'it' : 'them'}:`,
    ...unused.map((entry) => `  ${entry.pattern} (${entry.reason})`),
  ].join('\n');
}
