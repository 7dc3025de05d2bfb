import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
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

/**
 * A pg pool on a test database. Its idle connections can be cut by the database's drop (`with
 * (force)`): that error is expected then, and a pool without an error listener would turn it into
 * an unhandled error that fails the whole test file. End it with lib/pg-pool.ts's endPool, which
 * waits until its connections are closed, before the database is dropped.
 */
export function openTestPool(url: string, max = 2): Pool {
  const pool = new Pool({ connectionString: url, max });
  pool.on('error', (error: Error & { code?: string }) => {
    if (error.code !== '57P01') console.error('test pool error', error);
  });
  return pool;
}

