import { readOnlyRowMapper } from '../lib/orm';
import { openOrmFor } from '../lib/subgraph';
import { subgraphNamed } from '../subgraphs';
import { Ticket } from '../subgraphs/operations/entities';
import { seedSyntheticTickets } from '../scripts/seed-synthetic/seed';
import { endPool } from '../lib/pg-pool';
import { openTestPool, type TestDatabase } from './support/database';
import { prepareTestDatabase } from './support/hub';

let database: TestDatabase;
beforeAll(async () => {
  database = await prepareTestDatabase(['governance', 'catalogue', 'operations'].map(subgraphNamed));
  const pool = openTestPool(database.url, 2);
  await seedSyntheticTickets(pool, { seed: 11, tickets: 400 }); // every status, with and without owned/resolved/pending dates
  await endPool(pool);
});
afterAll(() => database?.drop());

describe('readOnlyRowMapper', () => {
  it('gives every ticket property the value and type the ORM’s own mapping gives', async () => {
    const orm = await openOrmFor(subgraphNamed('operations'), database.url, 1);
    try {
      const em = orm.em.fork();
      const rows = await em.execute('select * from "operations"."ticket" order by reference');
      expect(rows.length).toBe(400);
      const toTicket = readOnlyRowMapper(em, Ticket);
      const properties = em.getMetadata().get(Ticket.name).props.map((prop) => prop.name as keyof Ticket);
      expect(properties).toEqual(expect.arrayContaining(['openedAt', 'pendingSince', 'memberCode', 'version', 'synthetic']));
      const seen = { dates: 0, nulls: 0 };
      for (const row of rows) {
        const plain = toTicket(row);
        const entity = em.map(Ticket, row);
        for (const property of properties) {
          expect({ property, value: plain[property] }).toEqual({ property, value: entity[property] });
          if (plain[property] instanceof Date) seen.dates += 1;
          if (plain[property] === null) seen.nulls += 1;
        }
        expect(plain).not.toBeInstanceOf(Ticket); // never to be persisted
      }
      expect(seen.dates).toBeGreaterThan(400 * 3);
      expect(seen.nulls).toBeGreaterThan(0);
    } finally {
      await orm.close(true);
    }
  });
});
