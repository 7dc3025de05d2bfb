/**
 * How `npm start` (bin/start.ts) starts its services early: each `serve.js` process is spawned as
 * soon as `start` runs, loads its code (a second or more of module loading) while PostgreSQL starts
 * and the migrations run, then waits for `start`'s "go" message, which carries the environment to
 * serve with (DATABASE_URL, the run's internal secret, the development identity provider). A
 * service restarted later is spawned with that environment directly and waits for nothing.
 */

/** Set by `start` on a service spawned before its environment is known. */
export const AWAIT_GO_VARIABLE = 'HUB_AWAIT_START_GO';

export interface GoMessage {
  type: 'go';
  env: NodeJS.ProcessEnv;
}

export const goMessage = (env: NodeJS.ProcessEnv): GoMessage => ({ type: 'go', env });

const isGoMessage = (message: unknown): message is GoMessage =>
  typeof message === 'object' && message !== null && (message as GoMessage).type === 'go' && typeof (message as GoMessage).env === 'object';

/**
 * In a service: when `start` spawned it early, waits for "go" and serves with the environment it
 * carries (the whole of it: what `start` removed is removed here too). Exits quietly if `start`
 * ends first (a failed start: the database did not come up). Resolves at once otherwise.
 */
export async function awaitStartEnvironment(): Promise<void> {
  if (process.env[AWAIT_GO_VARIABLE] !== '1' || !process.send) return;
  const env = await new Promise<NodeJS.ProcessEnv>((resolve) => {
    const onDisconnect = () => process.exit(0);
    const onMessage = (message: unknown) => {
      if (!isGoMessage(message)) return;
      process.off('message', onMessage);
      process.off('disconnect', onDisconnect);
      resolve(message.env);
    };
    process.on('message', onMessage);
    process.on('disconnect', onDisconnect);
  });
  for (const name of Object.keys(process.env)) if (!(name in env)) delete process.env[name];
  Object.assign(process.env, env);
}
