import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../lib/paths';
import { requireBuild } from './support/process';

/**
 * Every command of package.json answers `--help` with its usage (exit 0) and refuses an unknown
 * option with the usage, no stack trace, exit 2 (lib/cli.ts). The table names every script: a new
 * script fails this test until it says how it answers.
 */
type Entry =
  /** One of the hub's commands: the usage's first line, and its exit status for a command line it does not understand (2 unless said). */
  | { usage: RegExp; usageExitCode?: number }
  /** Not the hub's own command line: a third-party tool's, or a chain of other scripts. */
  | { tool: string };

const SCRIPTS: Record<string, Entry> = {
  start: { usage: /^Usage: npm start\n/ },
  compose: { usage: /^Usage: npm run compose\n/ },
  token: { usage: /^Usage: npm run token -- / },
  'seed:synthetic': { usage: /^Usage: npm run seed:synthetic -- --seed <n> --tickets <n> / },
  report: { usage: /^Usage: npm run report -- --year <yyyy> / },
  'schema:check': { usage: /^Usage: npm run schema:check -- / },
  bench: { usage: /^Usage: npm run bench -- / },
  intake: { usage: /^Usage: npm run intake -- <file> \[--dry-run\]\n/ },
  // Its status 2 says that some rows could not be imported.
  'import:mantis': { usage: /^Usage: npm run import:mantis -- <file> \[options\]\n/, usageExitCode: 1 },
  build: { tool: 'swc (swc --help)' },
  codegen: { tool: 'graphql-codegen (graphql-codegen --help)' },
  'codegen:check': { tool: 'graphql-codegen --check' },
  'sdk:build': { tool: "the SDK package's own build, sdk/scripts/build.mjs (its options: --out-dir)" },
  'sdk:pack': { tool: 'npm pack in sdk/ (npm help pack)' },
  typecheck: { tool: 'tsc (tsc --help)' },
  test: { tool: 'tsc, build, then jest (jest --help)' },
};

/** Commands that are not npm scripts: the services' entry point, which containers run directly. */
const ENTRY_POINTS: Record<string, { command: string; usage: RegExp }> = {
  serve: { command: 'node dist/bin/serve.js', usage: /^Usage: node dist\/bin\/serve\.js <gateway\|governance\|/ },
};

const scripts = (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** What npm runs after building: the script without its `npm run build --silent && ` prefix (npm appends the arguments). */
function commandOf(script: string): string {
  const match = /^npm run build --silent && (.+)$/.exec(scripts[script]);
  if (!match) throw new Error(`package.json's ${script} is no longer "npm run build --silent && <command>": say in this test how to run it`);
  return match[1];
}

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile('/bin/sh', ['-c', `${command} ${args}`], { cwd: PROJECT_ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const commands = [
  ...Object.entries(SCRIPTS).flatMap(([name, entry]) =>
    'usage' in entry ? [{ name: `npm run ${name}`, script: name, usage: entry.usage, usageExitCode: entry.usageExitCode ?? 2 }] : [],
  ),
  ...Object.entries(ENTRY_POINTS).map(([name, { command, usage }]) => ({ name, command, usage, usageExitCode: 2 })),
];

// Each command runs twice, three commands at a time (all at once would crowd a small machine).
const outcomes = new Map<string, Promise<{ help: Outcome; bogus: Outcome }>>();
beforeAll(() => {
  requireBuild();
  const queue = commands.map((entry) => ({ name: entry.name, command: 'command' in entry ? entry.command : commandOf(entry.script) }));
  const running: Promise<unknown>[] = [];
  for (const [index, { name, command }] of queue.entries()) {
    const before = running[index - 3] ?? Promise.resolve();
    const outcome = before.then(async () => ({ help: await run(command, '--help'), bogus: await run(command, '--bogus-option') }));
    running.push(outcome);
    outcomes.set(name, outcome);
  }
});

describe('the commands table', () => {
  it('covers every script of package.json, and only those', () => {
    const missing = Object.keys(scripts).filter((name) => !(name in SCRIPTS));
    const stale = Object.keys(SCRIPTS).filter((name) => !(name in scripts));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });
});

describe.each(commands)('$name', ({ name, usage, usageExitCode }) => {
  it('answers --help with its usage on stdout and exit 0', async () => {
    const { help } = await outcomes.get(name)!;
    expect({ code: help.code, stderr: help.stderr }).toEqual({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(usage);
    expect(help.stdout).toMatch(/-h, --help/);
  });

  it(`refuses an unknown option with the usage on stderr, no stack trace, exit ${usageExitCode}`, async () => {
    const { bogus } = await outcomes.get(name)!;
    expect(bogus.code).toBe(usageExitCode);
    expect(bogus.stdout).toBe('');
    const message = 'Unknown option --bogus-option.\n\n';
    expect(bogus.stderr.slice(0, message.length)).toBe(message);
    expect(bogus.stderr.slice(message.length)).toMatch(usage);
    expect(bogus.stderr).not.toMatch(/^\s+at /m);
  });
});
