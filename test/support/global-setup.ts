import path from 'node:path';
import { startEmbeddedPostgres } from '../../lib/embedded-postgres';
import { freePort } from '../../lib/ports';

/**
 * One PostgreSQL for the whole run: the embedded one (its cluster kept in .data/test) unless
 * DATABASE_URL points at an external server. Each test file then creates its own database on it.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.HUB_TEST_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: path.resolve(__dirname, '..', '..', '.data', 'test'),
    port: Number(process.env.HUB_TEST_PG_PORT ?? (await freePort())),
  });
  process.env.HUB_TEST_ADMIN_URL = embedded.adminUrl;
  (globalThis as { __HUB_TEST_PG__?: { stop(): Promise<void> } }).__HUB_TEST_PG__ = embedded;
}
