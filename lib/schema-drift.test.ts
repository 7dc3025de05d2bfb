import { SUBGRAPH_NAMES } from './config';
import { describeDrift, describeUnusedEntries, judgeDrift, normaliseStatement, schemaGeneratorOptions, splitStatements } from './schema-drift';
import { ALLOWED_STATEMENTS, type AllowedStatement, UNMAPPED_TABLES } from './schema-drift-allowlist';

describe('splitStatements', () => {
  test('gives one normalised statement per `;` at a line end, skipping blank lines', () => {
    const sql = [
      'drop index "operations"."ticket_opened_index";',
      '',
      'alter table "operations"."ticket"\n    drop constraint "ticket_title_check";',
      '',
      '',
    ].join('\n');
    expect(splitStatements(sql)).toEqual(['drop index "operations"."ticket_opened_index"', 'alter table "operations"."ticket" drop constraint "ticket_title_check"']);
  });

  test('keeps a `;` and line end inside a string literal in its statement', () => {
    const sql = `alter table "catalogue"."domain" add constraint "c" check (code <> ';\n');\ndrop index "catalogue"."x";\n`;
    expect(splitStatements(sql)).toEqual([`alter table "catalogue"."domain" add constraint "c" check (code <> '; ')`, 'drop index "catalogue"."x"']);
  });

  test('gives nothing for an empty diff', () => {
    expect(splitStatements('')).toEqual([]);
    expect(splitStatements('\n\n')).toEqual([]);
  });
});

test('normaliseStatement collapses whitespace and drops the final semicolon', () => {
  expect(normaliseStatement('  alter table "a"."b"\n\t add column "c" int ;\n')).toBe('alter table "a"."b" add column "c" int');
});

describe('judgeDrift', () => {
  const entry: AllowedStatement = { schemas: ['operations'], pattern: /^drop index "operations"\."ticket_x_index"$/, reason: 'test' };
  const statements = ['drop index "operations"."ticket_x_index"', 'alter table "operations"."ticket" drop column "y"'];

  test('leaves unexplained what no entry of the schema matches', () => {
    expect(judgeDrift('operations', statements, [entry])).toEqual({ unexplained: [statements[1]], unusedEntries: [] });
  });

  test("ignores another schema's entries", () => {
    expect(judgeDrift('metrics', ['drop index "operations"."ticket_x_index"'], [entry]).unexplained).toHaveLength(1);
  });

  test('reports an entry that matched nothing as unused', () => {
    expect(judgeDrift('operations', [statements[1]], [entry])).toEqual({ unexplained: [statements[1]], unusedEntries: [entry] });
  });

  test('matches with a global pattern on every statement (no lastIndex carried over)', () => {
    const global = { ...entry, pattern: /drop index/g };
    const twice = ['drop index "operations"."a"', 'drop index "operations"."b"'];
    expect(judgeDrift('operations', twice, [global]).unexplained).toEqual([]);
  });

  test('explains every statement with no entry and an empty diff', () => {
    expect(judgeDrift('governance', [])).toEqual({ unexplained: [], unusedEntries: [] });
  });
});

describe('schemaGeneratorOptions', () => {
  test("compares a subgraph's own schema only, without the tables it leaves unmapped", () => {
    const options = schemaGeneratorOptions('operations');
    expect(options.ignoreSchema.sort()).toEqual(['catalogue', 'governance', 'metrics', 'public']);
    expect(options.skipTables.sort()).toEqual(['change', 'change_counter', 'hub_seed', 'ticket_counter', 'ticket_monthly_volume']);
    expect(schemaGeneratorOptions('governance').skipTables.sort()).toEqual(['change', 'change_counter', 'hub_seed']);
  });
});

describe('the allow-list', () => {
  test('gives every entry a reason and known schemas, each table once per schema', () => {
    const seen = new Set<string>();
    for (const entry of [...UNMAPPED_TABLES, ...ALLOWED_STATEMENTS]) {
      expect(entry.reason.trim().length).toBeGreaterThan(20);
      expect(entry.schemas.length).toBeGreaterThan(0);
      for (const schema of entry.schemas) expect(SUBGRAPH_NAMES).toContain(schema);
    }
    for (const { schemas, table } of UNMAPPED_TABLES) {
      for (const schema of schemas) {
        expect(seen.has(`${schema}.${table}`)).toBe(false);
        seen.add(`${schema}.${table}`);
      }
    }
  });
});

describe('the failure messages', () => {
  test('print each statement and say where to declare it', () => {
    const message = describeDrift('metrics', ['alter table "metrics"."indicator" drop constraint indicator_x_check']);
    expect(message).toContain('  alter table "metrics"."indicator" drop constraint indicator_x_check;');
    expect(message).toContain('subgraphs/metrics/entities/');
    expect(message).toContain('@Check(');
    expect(message).toContain('lib/schema-drift-allowlist.ts');
  });

  test('name the stale entries to remove', () => {
    const stale: AllowedStatement = { schemas: ['catalogue'], pattern: /^drop index "catalogue"\."x"$/, reason: 'an index MikroORM cannot see' };
    expect(describeUnusedEntries('catalogue', [stale])).toContain('/^drop index "catalogue"\\."x"$/ (an index MikroORM cannot see)');
  });
});
