import { ConfigError, loadConfig } from '../lib/config';
import { superviseEmbeddedPostgres, type SupervisedPostgres } from '../lib/embedded-postgres';
import { createLogger } from '../lib/logger';

/**
 * The embedded PostgreSQL of `npm start`, in a process of its own that `bin/start.ts` spawns with
 * an IPC channel. It restarts the server whenever it exits by itself (killed, crashed), and stops
 * it when `start` goes away, however it goes (Ctrl+C, an error, SIGKILL): the channel closes and
 * this process stops the server, so no PostgreSQL outlives the hub. `start` runs it in a process
 * group of its own, so that Ctrl+C reaches `start` alone, which stops the services first and the
 * database last.
 *
 * Messages to the parent: `{ type: 'ready', adminUrl }` once the server first accepts connections.
 */
const logger = createLogger('postgres');

async function main(): Promise<void> {
  if (!process.send) throw new ConfigError('bin/embedded-postgres.js is started by bin/start.js (npm start), with an IPC channel');
  const config = loadConfig();
  let postgres: SupervisedPostgres | undefined;
  let starting: Promise<SupervisedPostgres> | undefined;
  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'stopping PostgreSQL');
    // Asked while it starts: let it finish starting, then stop it (else it would outlive us).
    const stopped = (starting ?? Promise.resolve(undefined)).then((started) => started?.stop());
    stopped.then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'PostgreSQL did not stop cleanly');
        process.exit(1);
      },
    );
  };
  // The parent's channel closes when `start` exits, even when it is killed.
  process.on('disconnect', () => stop('npm start has ended'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // `npm start` stopping at once (a second Ctrl+C): PostgreSQL's immediate shutdown, then exit.
  process.on('SIGQUIT', () => {
    postgres?.stopNow('SIGQUIT');
    process.exit(0);
  });
  // Last resort (e.g. an uncaught error): nothing asynchronous runs here, so only the signal is sent.
  process.on('exit', () => postgres?.stopNow());
  starting = superviseEmbeddedPostgres(
    { dataDir: config.dataDir, port: config.embeddedPostgresPort, log: (line) => logger.debug({ postgres: line }) },
    (event) => {
      if (event.kind === 'exited') {
        logger.error({ code: event.code, signal: event.signal }, `PostgreSQL exited by itself; restarting it in ${event.restartInMs} ms (services answer SERVICE_UNAVAILABLE meanwhile)`);
      } else if (event.kind === 'restart-failed') {
        logger.warn({ err: event.error.message }, `PostgreSQL did not start again yet; next try in ${event.restartInMs} ms`);
      } else {
        logger.info({ pid: event.pid, downForMs: event.downForMs }, 'PostgreSQL restarted');
      }
    },
  );
  postgres = await starting;
  if (!stopping) process.send({ type: 'ready', adminUrl: postgres.adminUrl });
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
