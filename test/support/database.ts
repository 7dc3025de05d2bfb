import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase } from '../../lib/embedded-postgres';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.HUB_TEST_ADMIN_URL;
  if (!url) throw new Error('HUB_TEST_ADMIN_URL is unset: run tests through jest (its global setup starts PostgreSQL)');
  return url;
}

/** A fresh, empty database on the test server, so that test files never see each other's rows. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `hub_test_${randomBytes(6).toString('hex')}`;
  const admin = adminUrl();
  await ensureDatabase(admin, name);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, drop: () => dropDatabase(admin, name) };
}
