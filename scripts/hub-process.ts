import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../lib/paths';

export const START_SCRIPT = path.join(PROJECT_ROOT, 'dist', 'bin', 'start.js');

export interface HubProcess {
  child: ChildProcess;
  /** What the hub printed until its ready line (later output is not kept: a benchmark logs a lot). */
  startupOutput: string;
  /** The ready line's own measure: from start to a gateway serving the graph. */
  readyInMs: number;
  /** SIGTERM, then the exit code once the hub has drained and stopped. */
  stop(): Promise<number | null>;
}

/**
 * Runs the built `npm start` (dist/bin/start.js) with `env` and waits for its ready line.
 * `detached`: in a process group of its own, as in a terminal (so that a test can send the group
 * the SIGINT of a Ctrl+C).
 */
export async function startHubProcess(env: NodeJS.ProcessEnv, timeoutMs = 180_000, options: { detached?: boolean } = {}): Promise<HubProcess> {
  // A development hub also runs its OpenID provider: on any free port unless told, so that two hubs never collide.
  const child = spawn(process.execPath, [START_SCRIPT], {
    env: { HUB_DEV_OIDC_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  let output = '';
  const capture = (chunk: Buffer) => (output += chunk.toString());
  child.stdout?.on('data', capture);
  child.stderr?.on('data', capture);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = output.split('\n').find((candidate) => candidate.includes('SII data hub ready'));
    if (line) {
      child.stdout?.off('data', capture);
      child.stderr?.off('data', capture);
      child.stdout?.resume();
      child.stderr?.resume();
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      return {
        child,
        startupOutput: output,
        readyInMs: Number(JSON.parse(line).readyInMs),
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          return exited;
        },
      };
    }
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`npm start not ready after ${timeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
