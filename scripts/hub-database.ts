import { loadConfig } from '../lib/config';
import { EMBEDDED_PASSWORD, EMBEDDED_USER, type EmbeddedPostgresHandle, ensureDatabase, HUB_DATABASE, startEmbeddedPostgres } from '../lib/embedded-postgres';

/**
 * The hub's database for a command: DATABASE_URL, else the embedded cluster (started here and
 * stopped by the caller through `embedded`, or already running under `npm start`).
 */
export async function hubDatabase(): Promise<{ url: string; embedded?: EmbeddedPostgresHandle }> {
  const config = loadConfig();
  if (config.databaseUrl) return { url: config.databaseUrl };
  try {
    const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort });
    await ensureDatabase(embedded.adminUrl, HUB_DATABASE);
    return { url: embedded.urlFor(HUB_DATABASE), embedded };
  } catch (error) {
    if (!/already running/.test((error as Error).message)) throw error;
    return { url: `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${config.embeddedPostgresPort}/${HUB_DATABASE}` };
  }
}
