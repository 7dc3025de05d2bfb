import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { openOrmFor, prepareSubgraphDatabases } from '../lib/subgraph';
import { SUBGRAPHS } from '../subgraphs';
import { createTestDatabase, type TestDatabase } from './support/database';

/**
 * A database seeded before issue 14 (the rows the first seeds wrote, dumped into
 * test/fixtures/seed-report-2018-v1.json) must end up with the same facts as a fresh one once the
 * current code starts on it, without losing what users changed in between.
 */

interface SeedDump {
  migrations: Record<string, string[]>;
  tables: Record<string, Record<string, unknown>[]>;
}

const dump: SeedDump = JSON.parse(readFileSync(path.join(__dirname, 'fixtures/seed-report-2018-v1.json'), 'utf8'));

/** Tables whose rows are history or bookkeeping, not seeded facts. */
const NOT_COMPARED = new Set(['change', 'change_counter', 'hub_seed', 'mikro_orm_migrations', 'ticket_counter', 'ticket_monthly_volume']);
/** Columns that differ between two seedings of the same facts. */
const IGNORED_COLUMNS: Record<string, string[]> = { 'governance.delegate': ['id'] };

async function withClient<T>(url: string, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Every seeded table's rows, as comparable JSON sorted within each table. */
async function snapshot(url: string): Promise<Record<string, string[]>> {
  return withClient(url, async (client) => {
    const tables = await client.query<{ schema: string; table: string }>(
      `select table_schema as schema, table_name as table from information_schema.tables
       where table_schema in ('governance', 'catalogue', 'operations', 'metrics') and table_type = 'BASE TABLE' order by 1, 2`,
    );
    const result: Record<string, string[]> = {};
    for (const { schema, table } of tables.rows) {
      if (NOT_COMPARED.has(table)) continue;
      const key = `${schema}.${table}`;
      const { rows } = await client.query(`select * from "${schema}"."${table}"`);
      result[key] = rows
        .map((row) => {
          for (const column of IGNORED_COLUMNS[key] ?? []) delete row[column];
          return JSON.stringify(row, Object.keys(row).sort());
        })
        .sort();
    }
    return result;
  });
}

/** Migrates each schema as the first version did, then writes the rows its seeds wrote. */
async function seedAsFirstVersion(url: string, beforeUpgrade?: (client: Client) => Promise<void>): Promise<void> {
  for (const definition of SUBGRAPHS) {
    const orm = await openOrmFor(definition, url, 2);
    try {
      const applied = dump.migrations[definition.name];
      await orm.getMigrator().up({ to: applied[applied.length - 1] });
    } finally {
      await orm.close(true);
    }
  }
  await withClient(url, async (client) => {
    // Referenced rows first: members before delegates, domains before applications, indicators before values.
    const parentsFirst = ['governance.member', 'catalogue.domain', 'metrics.indicator'];
    const tables = Object.entries(dump.tables).sort(([a], [b]) => Number(parentsFirst.includes(b)) - Number(parentsFirst.includes(a)));
    for (const [key, rows] of tables) {
      const [schema, table] = key.split('.');
      for (const row of rows) {
        const columns = Object.keys(row);
        const values = columns.map((column) => {
          const value = row[column];
          return value !== null && typeof value === 'object' && !Array.isArray(value) ? JSON.stringify(value) : value;
        });
        await client.query(
          `insert into "${schema}"."${table}" (${columns.map((column) => `"${column}"`).join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
          values,
        );
      }
    }
    await client.query(`select setval(pg_get_serial_sequence('"operations"."deployment"', 'seq'), (select max(seq) from "operations"."deployment"))`);
    await beforeUpgrade?.(client);
  });
}

const changesOf = (url: string, schema: string) =>
  withClient(url, async (client) => (await client.query(`select entity, entity_id, action, before, after, actor_kind, actor_subject from "${schema}"."change" order by id`)).rows);

describe('databases seeded before issue 14', () => {
  let fresh: TestDatabase;
  let upgraded: TestDatabase;
  let edited: TestDatabase;

  beforeAll(async () => {
    [fresh, upgraded, edited] = await Promise.all([createTestDatabase(), createTestDatabase(), createTestDatabase()]);
    await prepareSubgraphDatabases(SUBGRAPHS, fresh.url);
    await seedAsFirstVersion(upgraded.url);
    await prepareSubgraphDatabases(SUBGRAPHS, upgraded.url);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([fresh, upgraded, edited].filter(Boolean).map((database) => database.drop()));
  });

  it('start with what the first seeds wrote (the fixture is that version’s output)', () => {
    expect(dump.tables['catalogue.application'].find((row) => row.id === 'geo-prev')?.name).toBe('Géo prév');
    expect(dump.tables['catalogue.application'].find((row) => row.id === 'cartads')?.aliases).toContain("Cart'ADS");
    expect(dump.tables['governance.org_unit']?.[0]).not.toHaveProperty('provenance');
  });

  it('end up with exactly the facts of a freshly seeded database', async () => {
    const [expected, actual] = await Promise.all([snapshot(fresh.url), snapshot(upgraded.url)]);
    expect(Object.keys(actual)).toEqual(Object.keys(expected));
    for (const table of Object.keys(expected)) expect({ table, rows: actual[table] }).toEqual({ table, rows: expected[table] });
  });

  it('record each correction in the audit trail as the seed’s', async () => {
    const catalogueChanges = await changesOf(upgraded.url, 'catalogue');
    const geoPrev = catalogueChanges.find((change) => change.entity === 'Application' && change.entity_id === 'geo-prev');
    expect(geoPrev).toMatchObject({ action: 'UPDATE', actor_kind: 'SEED', actor_subject: 'seed report-2018' });
    expect(geoPrev.before).toMatchObject({ name: 'Géo prév', provenance: null });
    expect(geoPrev.after).toMatchObject({ name: 'Geo prév', provenance: { kind: 'REPORT', section: 'II.A.4 Liste des applications fournies par le SII' } });
    const cartads = catalogueChanges.find((change) => change.entity === 'Application' && change.entity_id === 'cartads');
    expect(cartads.after).toMatchObject({ description: null, aliases: ['CARTADS'] });
    expect(catalogueChanges.filter((change) => change.entity === 'PortfolioRow' && change.action === 'CREATE')).toHaveLength(51);
    const projectChanges = await changesOf(upgraded.url, 'operations');
    expect(projectChanges.find((change) => change.entity_id === 'pca-interconnexion')).toMatchObject({
      before: { title: 'PCA : interconnexion à haut débit entre les deux salles' },
      after: { title: 'PCA' },
    });
    // The rows seeded before were not re-created.
    expect(projectChanges.filter((change) => change.action === 'CREATE')).toEqual([]);
  });

  it('keep what users changed before the upgrade, and give such rows no report provenance', async () => {
    await seedAsFirstVersion(edited.url, async (client) => {
      await client.query(`update "catalogue"."application" set name = 'Géo-prév' where id = 'geo-prev'`);
      await client.query(`update "operations"."sla_policy" set time_to_own_minutes = 45 where priority = 'CRITICAL'`);
      await client.query(`delete from "governance"."delegate" where last_name = 'Bergh'`);
    });
    await prepareSubgraphDatabases(SUBGRAPHS, edited.url);
    await withClient(edited.url, async (client) => {
      const geoPrev = (await client.query(`select name, provenance from "catalogue"."application" where id = 'geo-prev'`)).rows[0];
      expect(geoPrev).toEqual({ name: 'Géo-prév', provenance: null });
      const critical = (await client.query(`select time_to_own_minutes, provenance from "operations"."sla_policy" where priority = 'CRITICAL'`)).rows[0];
      expect(critical).toEqual({ time_to_own_minutes: 45, provenance: null });
      const high = (await client.query(`select provenance from "operations"."sla_policy" where priority = 'HIGH'`)).rows[0];
      expect(high.provenance).toMatchObject({ kind: 'HUB_CHOICE' });
      expect((await client.query(`select count(*)::int as n from "governance"."delegate" where last_name = 'Bergh'`)).rows[0].n).toBe(0);
      expect((await client.query(`select count(*)::int as n from "governance"."delegate"`)).rows[0].n).toBe(19);
    });
  });

  it('change nothing more at the next start', async () => {
    const before = await Promise.all(['governance', 'catalogue', 'operations', 'metrics'].map((schema) => changesOf(upgraded.url, schema)));
    const facts = await snapshot(upgraded.url);
    await prepareSubgraphDatabases(SUBGRAPHS, upgraded.url);
    const after = await Promise.all(['governance', 'catalogue', 'operations', 'metrics'].map((schema) => changesOf(upgraded.url, schema)));
    expect(after.map((rows) => rows.length)).toEqual(before.map((rows) => rows.length));
    expect(await snapshot(upgraded.url)).toEqual(facts);
  });
});

describe('a fresh database', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await prepareSubgraphDatabases(SUBGRAPHS, database.url);
  }, 60_000);
  afterAll(() => database?.drop());

  it('has one CREATE audit entry per seeded row, by the seed, and no UPDATE from the upgrade step', async () => {
    await withClient(database.url, async (client) => {
      for (const [schema, table, entity] of [
        ['governance', 'member', 'Member'],
        ['governance', 'delegate', 'Delegate'],
        ['governance', 'org_unit', 'OrgUnit'],
        ['governance', 'quality_process', 'QualityProcess'],
        ['catalogue', 'application', 'Application'],
        ['catalogue', 'portfolio_row', 'PortfolioRow'],
        ['operations', 'project', 'Project'],
        ['operations', 'deployment', 'Deployment'],
        ['operations', 'sla_policy', 'SlaPolicy'],
        ['metrics', 'indicator', 'Indicator'],
        ['metrics', 'indicator_value', 'DataPoint'],
      ]) {
        const rows = (await client.query(`select count(*)::int as n from "${schema}"."${table}"`)).rows[0].n;
        const created = (
          await client.query(`select count(distinct entity_id)::int as n from "${schema}"."change" where entity = $1 and action = 'CREATE' and actor_kind = 'SEED'`, [entity])
        ).rows[0].n;
        expect({ table, created }).toEqual({ table, created: rows });
      }
      for (const schema of ['governance', 'catalogue', 'operations', 'metrics']) {
        const updates = (await client.query(`select count(*)::int as n from "${schema}"."change" where action = 'UPDATE'`)).rows[0].n;
        expect({ schema, updates }).toEqual({ schema, updates: 0 });
      }
    });
  });
});
