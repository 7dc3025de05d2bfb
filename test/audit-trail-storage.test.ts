import { changedFields, recordChange, seedActor } from '../lib/audit';
import { openOrmFor } from '../lib/subgraph';
import { SUBGRAPHS } from '../subgraphs';
import type { TestDatabase } from './support/database';
import { prepareTestDatabase } from './support/hub';

/** The audit trail's storage (lib/audit.ts): one change table per subgraph schema, written in the write's transaction. */
let database: TestDatabase;
beforeAll(async () => {
  database = await prepareTestDatabase();
});
afterAll(() => database?.drop());

describe('each subgraph’s change table', () => {
  it.each(SUBGRAPHS.map((definition) => [definition.name, definition] as const))('%s: a change commits and rolls back with its write', async (name, definition) => {
    const orm = await openOrmFor(definition, database.url, 1);
    try {
      const count = async () => Number((await orm.em.fork().execute<{ n: string }[]>(`select count(*) as n from "${name}"."change" where entity = 'Probe'`))[0].n);
      const before = await count();
      await expect(
        orm.em.fork().transactional(async (tx) => {
          await recordChange(tx, name, { entity: 'Probe', entityId: 'p1', action: 'CREATE', before: null, after: { a: 1 }, actor: seedActor('probe') });
          throw new Error('the write failed');
        }),
      ).rejects.toThrow('the write failed');
      expect(await count()).toBe(before);
      await orm.em.fork().transactional((tx) =>
        recordChange(tx, name, { entity: 'Probe', entityId: 'p1', action: 'UPDATE', before: { a: 1 }, after: { a: 2 }, actor: seedActor('probe') }),
      );
      expect(await count()).toBe(before + 1);
      const [row] = await orm.em.fork().execute(`select * from "${name}"."change" where entity = 'Probe' order by id desc limit 1`);
      expect(row).toMatchObject({ entity_id: 'p1', action: 'UPDATE', before: { a: 1 }, after: { a: 2 }, actor_kind: 'SEED', actor_subject: 'seed probe' });
      // The table refuses what no writer may record.
      await expect(orm.em.fork().execute(`insert into "${name}"."change" (entity, entity_id, action, actor_kind) values ('Probe', 'p1', 'ERASE', 'SEED')`)).rejects.toThrow();
    } finally {
      await orm.close(true);
    }
  });
});

describe('changedFields', () => {
  it('keeps only the fields that differ, dates and arrays compared by value', () => {
    const at = new Date('2019-01-01T00:00:00Z');
    expect(changedFields({ a: 1, b: [1, 2], c: at, d: 'x' }, { a: 1, b: [1, 2], c: new Date(at), d: 'y', e: null })).toEqual({ before: { d: 'x' }, after: { d: 'y' } });
    expect(changedFields({ a: 1 }, { a: 1 })).toBeNull();
    expect(changedFields({ a: 1 }, { b: 2 })).toEqual({ before: { a: 1, b: null }, after: { a: null, b: 2 } });
  });
});
