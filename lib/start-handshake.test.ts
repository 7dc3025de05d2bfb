import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from './paths';
import { AWAIT_GO_VARIABLE, goMessage } from './start-handshake';

/**
 * A service spawned early by `npm start` (lib/start-handshake.ts), run for real: a child process
 * with an IPC channel, on the built module, as bin/serve.js uses it.
 */
const BUILT = path.join(PROJECT_ROOT, 'dist', 'lib', 'start-handshake.js');
let workDir: string;
let script: string;

beforeAll(() => {
  if (!fs.existsSync(BUILT)) throw new Error('dist/ is missing: run `npm run build` (npm test does it)');
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-handshake-'));
  script = path.join(workDir, 'service.js');
  // Says it is waiting, then (once served) which of the variables it sees.
  fs.writeFileSync(
    script,
    `const { awaitStartEnvironment } = require(${JSON.stringify(BUILT)});
     if (process.send) process.send({ type: 'loaded' });
     awaitStartEnvironment().then(() => {
       console.log(JSON.stringify({ given: process.env.GIVEN ?? null, removed: process.env.REMOVED ?? null, kept: process.env.KEPT ?? null }));
       process.exit(0);
     });`,
  );
});

afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

/** Runs the service; `withChild` acts on it once it has loaded. Resolves with its output and exit code. */
function runService(env: NodeJS.ProcessEnv, withChild: (child: ChildProcess, outputSoFar: () => string) => void): Promise<{ output: string; code: number | null }> {
  const child = fork(script, [], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.on('message', (message: { type?: string }) => message?.type === 'loaded' && withChild(child, () => output));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ output: output.trim(), code })));
}

it('waits for go, then serves with the environment it carries: what start removed is gone', async () => {
  let beforeGo: string | undefined;
  const result = await runService({ [AWAIT_GO_VARIABLE]: '1', REMOVED: 'start removed this', KEPT: 'kept' }, (child, outputSoFar) => {
    setTimeout(() => {
      beforeGo = outputSoFar();
      child.send(goMessage({ PATH: process.env.PATH, GIVEN: 'from start', KEPT: 'kept' }));
    }, 300);
  });
  // Nothing served while no go was sent.
  expect(beforeGo).toBe('');
  expect(result.code).toBe(0);
  expect(JSON.parse(result.output)).toEqual({ given: 'from start', removed: null, kept: 'kept' });
});

it('ignores messages that are not go', async () => {
  const result = await runService({ [AWAIT_GO_VARIABLE]: '1' }, (child) => {
    child.send({ type: 'something else', env: { GIVEN: 'wrong' } });
    child.send({ type: 'go' }); // no environment: not a go
    setTimeout(() => child.send(goMessage({ GIVEN: 'right' })), 200);
  });
  expect(JSON.parse(result.output)).toEqual({ given: 'right', removed: null, kept: null });
});

it('exits quietly, serving nothing, when start ends before go', async () => {
  const result = await runService({ [AWAIT_GO_VARIABLE]: '1', KEPT: 'kept' }, (child) => child.disconnect());
  expect(result).toEqual({ output: '', code: 0 });
});

it('waits for nothing when it was not spawned early (a restart, a container)', async () => {
  const result = await runService({ KEPT: 'kept', REMOVED: 'still here' }, () => undefined);
  expect(JSON.parse(result.output)).toEqual({ given: null, removed: 'still here', kept: 'kept' });
});
