import net from 'node:net';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../lib/embedded-postgres';

/** Asks the kernel for a free loopback port, so that several checkouts can test at once. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

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
