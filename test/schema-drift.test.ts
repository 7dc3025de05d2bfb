import type { MikroORM } from '@mikro-orm/postgresql';
import { migrateSubgraph } from '../lib/orm';
import { describeDrift, describeUnusedEntries, judgeDrift, proposedSchemaChanges, unmappedTablesOf } from '../lib/schema-drift';
import { openOrmFor } from '../lib/subgraph';
import { SUBGRAPHS } from '../subgraphs';
import { createTestDatabase, type TestDatabase } from './support/database';

/**
 * Entities and migrations agree: on a freshly migrated database, MikroORM's schema diff (what
 * `migration:create` would write) proposes nothing that lib/schema-drift-allowlist.ts does not
 * explain. Every subgraph's schema is migrated into the same database, so each diff also shows that
 * the other subgraphs' schemas stay out of it.
 */

let database: TestDatabase;
const orms = new Map<string, MikroORM>();
const ormOf = (name: string): MikroORM => {
  const orm = orms.get(name);
  if (!orm) throw new Error(`no ORM opened for ${name}`);
  return orm;
};

beforeAll(async () => {
  database = await createTestDatabase();
  // In registry order, as npm start does: metrics' views read operations' tables.
  for (const definition of SUBGRAPHS) {
    const orm = await openOrmFor(definition, database.url, 2);
    orms.set(definition.name, orm);
    await migrateSubgraph(orm);
  }
});

afterAll(async () => {
  for (const orm of orms.values()) await orm.close(true);
  await database?.drop();
});

describe.each(SUBGRAPHS.map((definition) => definition.name))('the %s subgraph', (name) => {
  test('MikroORM proposes no schema change the allow-list does not explain', async () => {
    const { unexplained, unusedEntries } = judgeDrift(name, await proposedSchemaChanges(ormOf(name)));
    if (unexplained.length > 0) throw new Error(describeDrift(name, unexplained));
    if (unusedEntries.length > 0) throw new Error(describeUnusedEntries(name, unusedEntries));
  });

  test('every table the allow-list leaves unmapped is created by the migrations and mapped by no entity', async () => {
    const orm = ormOf(name);
    const rows = await orm.em
      .getConnection()
      .execute<{ table_name: string }[]>(`select table_name from information_schema.tables where table_schema = ? and table_type = 'BASE TABLE'`, [name]);
    const tables = new Set(rows.map((row) => row.table_name));
    const mappedBy = new Map(Object.values(orm.getMetadata().getAll()).map((meta) => [meta.tableName, meta.className]));
    const problems: string[] = [];
    for (const { table } of unmappedTablesOf(name)) {
      if (!tables.has(table)) problems.push(`${name}.${table}: no migration creates it; remove "${name}" from the schemas of its UNMAPPED_TABLES entry`);
      const entity = mappedBy.get(table);
      if (entity) problems.push(`${name}.${table}: entity ${entity} maps it now; remove it from UNMAPPED_TABLES so that the diff checks the entity`);
    }
    if (problems.length > 0) throw new Error(`lib/schema-drift-allowlist.ts is out of date:\n${problems.join('\n')}`);
  });
});

describe('the guard', () => {
  test('names what a migration made that the entities do not declare, unless the allow-list explains it', async () => {
    const connection = ormOf('governance').em.getConnection();
    await connection.execute('alter table "governance"."delegate" drop constraint "delegate_seat_check"');
    await connection.execute('create index "org_unit_name_index" on "governance"."org_unit" ("name")');
    await connection.execute('alter table "governance"."member" add column "nickname" text null');
    try {
      const statements = await proposedSchemaChanges(ormOf('governance'));
      const { unexplained } = judgeDrift('governance', statements);
      expect(unexplained).toHaveLength(3);
      expect(unexplained).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^alter table "governance"\."delegate" add constraint "?delegate_seat_check"? check/),
          'drop index "governance"."org_unit_name_index"',
          'alter table "governance"."member" drop column "nickname"',
        ]),
      );
      const message = describeDrift('governance', unexplained);
      expect(message).toContain('drop index "governance"."org_unit_name_index";');
      expect(message).toContain('lib/schema-drift-allowlist.ts');

      const allowed = [{ schemas: ['governance'] as const, pattern: /^drop index "governance"\."org_unit_name_index"$/, reason: 'test' }];
      expect(judgeDrift('governance', statements, allowed).unexplained).toHaveLength(2);
      // The other subgraphs' diffs do not see governance's changes.
      expect(await proposedSchemaChanges(ormOf('catalogue'))).toEqual([]);
    } finally {
      await connection.execute('alter table "governance"."member" drop column "nickname"');
      await connection.execute('drop index "governance"."org_unit_name_index"');
      await connection.execute('alter table "governance"."delegate" add constraint "delegate_seat_check" check ("seat" between 1 and 2)');
    }
    expect(await proposedSchemaChanges(ormOf('governance'))).toEqual([]);
  });
});
