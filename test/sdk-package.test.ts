import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../lib/paths';
import { startTestHub, tokenFor, type TestHub } from './support/hub';

/**
 * The SDK as an intranet gets it: `npm run sdk:pack`, the tarball installed into three throwaway
 * projects (ESM with nodenext resolution, CommonJS, bundler resolution), each type-checked with
 * the repository's TypeScript and with the registry's newest, and sdk/README.md's quick start run
 * in each exactly as printed, against a test hub, printing exactly the output the README shows.
 */
const SDK_DIR = path.join(PROJECT_ROOT, 'sdk');
const README = fs.readFileSync(path.join(SDK_DIR, 'README.md'), 'utf8');
const sdkPackage = JSON.parse(fs.readFileSync(path.join(SDK_DIR, 'package.json'), 'utf8')) as { name: string; version: string };
const IN_CI = Boolean(process.env.CI) && process.env.CI !== 'false';
const run = promisify(execFile);

/** The fenced block that follows the first line containing `marker`. */
function fencedBlockAfter(markdown: string, marker: string): { language: string; code: string } {
  const start = markdown.indexOf(marker);
  if (start < 0) throw new Error(`sdk/README.md has no line containing "${marker}"`);
  const fence = /^```(\w*)\n([\s\S]*?)^```$/m.exec(markdown.slice(start));
  if (!fence) throw new Error(`sdk/README.md has no fenced block after "${marker}"`);
  return { language: fence[1], code: fence[2] };
}
const snippet = fencedBlockAfter(README, 'runs this snippet exactly as printed');
const expectedOutput = fencedBlockAfter(README, 'expects exactly this output').code;
const typingChecks = fs.readFileSync(path.join(SDK_DIR, 'examples', 'typing.ts'), 'utf8').replace("from '../index.js'", "from '@sii-hub/sdk'");

/** npm's environment for a script, minus what would make a child npm work on this repository instead of its cwd. */
function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_(package_|lifecycle_|command$|config_(local_prefix|prefix|global_prefix|call)$)/i.test(key) || key === 'INIT_CWD') continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

async function npm(args: string[], cwd: string, timeout = 120_000): Promise<string> {
  const { stdout } = await run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, env: childEnv(), timeout }).catch(
    (error: Error & { stdout?: string; stderr?: string }) => {
      throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${error.stdout ?? ''}${error.stderr ?? error.message}`);
    },
  );
  return stdout;
}

// The registry's newest TypeScript, asked once when the file loads (so that the test list can say
// what happens), installed once per version into .data/ and reused by later runs.
const TYPESCRIPT_CACHE = path.join(PROJECT_ROOT, '.data', 'sdk-test-typescript');
const latestTypeScript = ((): { version: string } | { error: string } => {
  try {
    const version = execFileSync('npm', ['view', 'typescript@latest', 'version', '--fetch-timeout=15000', '--fetch-retries=1'], {
      env: childEnv(),
      encoding: 'utf8',
      timeout: 45_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
    if (!/^\d+\.\d+\.\d+/.test(version)) return { error: `unexpected answer "${version}"` };
    return { version };
  } catch (error) {
    // npm's first lines say what failed (code, address); the rest is its stack.
    const stderr = (error as { stderr?: string }).stderr?.trim().split('\n').slice(0, 5).join('\n');
    return { error: stderr || (error as Error).message };
  }
})();
/** When the registry does not answer: the newest version installed by an earlier run, if any. */
const cachedTypeScript = (): string | undefined =>
  fs.existsSync(TYPESCRIPT_CACHE)
    ? fs
        .readdirSync(TYPESCRIPT_CACHE)
        .filter((version) => fs.existsSync(path.join(TYPESCRIPT_CACHE, version, 'node_modules', 'typescript', 'bin', 'tsc')))
        .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
        .pop()
    : undefined;

async function typeScriptCompiler(version: string): Promise<string> {
  const dir = path.join(TYPESCRIPT_CACHE, version);
  const tsc = path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
  if (fs.existsSync(tsc)) return tsc;
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-typescript-'));
  fs.writeFileSync(path.join(staging, 'package.json'), '{ "private": true }\n');
  await npm(['install', `typescript@${version}`, '--prefer-offline', '--no-save', '--no-package-lock'], staging);
  fs.mkdirSync(TYPESCRIPT_CACHE, { recursive: true });
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(staging, dir, { recursive: true, verbatimSymlinks: true });
  fs.rmSync(staging, { recursive: true, force: true });
  return tsc;
}

const PINNED_TSC = require.resolve('typescript/bin/tsc', { paths: [PROJECT_ROOT] });
const PINNED_VERSION = (JSON.parse(fs.readFileSync(path.join(path.dirname(PINNED_TSC), '..', 'package.json'), 'utf8')) as { version: string }).version;

interface ThrowawayProject {
  name: 'esm' | 'commonjs' | 'bundler';
  packageJson: Record<string, unknown>;
  compilerOptions: Record<string, unknown>;
}

const COMMON_OPTIONS = { target: 'es2022', strict: true, types: ['node'], rootDir: 'src', outDir: 'dist', skipLibCheck: false };
const PROJECTS: ThrowawayProject[] = [
  { name: 'esm', packageJson: { type: 'module' }, compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } },
  { name: 'commonjs', packageJson: { type: 'commonjs' }, compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } },
  { name: 'bundler', packageJson: { type: 'module' }, compilerOptions: { module: 'esnext', moduleResolution: 'bundler' } },
];

describe(`the SDK package (${sdkPackage.name} ${sdkPackage.version}) installed from its tarball`, () => {
  let hub: TestHub;
  let workDir: string;
  let tarball: string;
  const projectDir = (project: ThrowawayProject) => path.join(workDir, project.name);
  // Each project's compiler runs, started together once the projects are installed (they take most of the time).
  const pinnedChecks = new Map<string, Promise<string>>();
  const latestChecks = new Map<string, Promise<string>>();
  const latestCompiler = (): string | undefined =>
    'version' in latestTypeScript ? latestTypeScript.version : IN_CI ? undefined : cachedTypeScript();

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-sdk-package-'));
    const packed = (async () => {
      // The documented command: builds (prepack) and packs.
      await npm(['run', '--silent', 'sdk:pack', '--', '--pack-destination', workDir], PROJECT_ROOT);
      const tarballs = fs.readdirSync(workDir).filter((file) => file.endsWith('.tgz'));
      if (tarballs.length !== 1) throw new Error(`npm run sdk:pack wrote ${tarballs.length} tarballs into ${workDir}`);
      tarball = path.join(workDir, tarballs[0]);
      // Three projects, each with the README's snippet as its source, installed from the tarball.
      await Promise.all(
        PROJECTS.map(async (project) => {
          const dir = projectDir(project);
          fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
          fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `intranet-${project.name}`, private: true, ...project.packageJson }, null, 2));
          fs.writeFileSync(
            path.join(dir, 'tsconfig.json'),
            JSON.stringify({ compilerOptions: { ...COMMON_OPTIONS, ...project.compilerOptions }, include: ['src'] }, null, 2),
          );
          fs.writeFileSync(path.join(dir, 'src', 'hub.ts'), snippet.code);
          // The SDK's compile-time checks (each @ts-expect-error must meet an error): the types survive packing.
          fs.writeFileSync(path.join(dir, 'src', 'typing.ts'), typingChecks);
          await npm(['install', tarball, '--offline', '--ignore-scripts'], dir);
          // Node's types, as an intranet's own devDependency would provide them (linked after the install, which would prune them).
          fs.mkdirSync(path.join(dir, 'node_modules', '@types'), { recursive: true });
          fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules', '@types', 'node'), path.join(dir, 'node_modules', '@types', 'node'), 'dir');
          // The pinned compiler also emits dist/hub.js, which the run below executes.
          pinnedChecks.set(project.name, tsc(PINNED_TSC, dir, []));
        }),
      );
      const latest = latestCompiler();
      if (latest) {
        const compiler = typeScriptCompiler(latest);
        for (const project of PROJECTS) {
          latestChecks.set(project.name, compiler.then((file) => tsc(file, projectDir(project), ['--noEmit']), (error: Error) => error.message));
        }
      }
      await Promise.all([...pinnedChecks.values(), ...latestChecks.values()]);
    })();
    const started = startTestHub().then((started) => (hub = started));
    await Promise.all([packed, started]);
  }, 240_000);

  afterAll(async () => {
    await hub?.stop();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('the README quick start is a TypeScript block and says what it prints', () => {
    expect(snippet.language).toBe('ts');
    expect(snippet.code).toContain(`from '${sdkPackage.name}'`);
    expect(expectedOutput.trim().split('\n').length).toBeGreaterThan(1);
    expect(typingChecks).toContain("from '@sii-hub/sdk'");
  });

  it('packs the built ESM and CommonJS modules with their declarations, the README and the schema, and no sources', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball]);
    const files = stdout.trim().split('\n').map((file) => file.replace(/^package\//, '')).sort();
    for (const format of ['esm', 'cjs']) {
      for (const file of ['index.js', 'index.d.ts', 'client.js', 'client.d.ts', 'generated/operations.js', 'generated/graphql.d.ts', 'package.json']) {
        expect(files).toContain(`dist/${format}/${file}`);
      }
    }
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'api-schema.graphql']));
    expect(files.filter((file) => /\.ts$/.test(file) && !file.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((file) => file.includes('examples') || file.includes('operations/') || file.startsWith('scripts/'))).toEqual([]);
    const installed = JSON.parse(fs.readFileSync(path.join(workDir, 'esm', 'node_modules', '@sii-hub', 'sdk', 'package.json'), 'utf8'));
    expect(installed).toMatchObject({ name: sdkPackage.name, version: sdkPackage.version, sideEffects: false });
    expect(installed.dependencies).toBeUndefined();
  });

  it('loads with require() and import() alike, each from its own build', async () => {
    const script = "console.log(JSON.stringify([Object.keys(sdk).sort(), typeof sdk.createHubClient, Object.keys(sdk.operations).length]))";
    const [required, imported] = await Promise.all([
      run(process.execPath, ['-e', `const sdk = require('@sii-hub/sdk'); ${script}`], { cwd: path.join(workDir, 'commonjs') }),
      run(process.execPath, ['--input-type=module', '-e', `import * as sdk from '@sii-hub/sdk'; ${script}`], { cwd: path.join(workDir, 'esm') }),
    ]);
    expect(JSON.parse(required.stdout)).toEqual([['HubError', 'createHubClient', 'operations'], 'function', expect.any(Number)]);
    expect(JSON.parse(imported.stdout)).toEqual(JSON.parse(required.stdout));
    const resolved = await run(process.execPath, ['-p', "require.resolve('@sii-hub/sdk')"], { cwd: path.join(workDir, 'commonjs') });
    expect(resolved.stdout).toContain(path.join('dist', 'cjs', 'index.js'));
  });

  describe.each(PROJECTS.map((project) => [project.name, project] as const))('in a %s project', (_name, project) => {
    it(`type-checks and compiles the quick start and the SDK's typing checks with the repository's TypeScript (${PINNED_VERSION})`, async () => {
      expect(await pinnedChecks.get(project.name)).toBe('');
    });

    const latest = latestCompiler();
    if ('version' in latestTypeScript) {
      it(`type-checks the quick start and the SDK's typing checks with the registry's newest TypeScript (${latestTypeScript.version})`, async () => {
        expect(await latestChecks.get(project.name)).toBe('');
      });
    } else if (IN_CI) {
      it("type-checks the quick start with the registry's newest TypeScript: the npm registry did not answer", () => {
        throw new Error(`npm view typescript@latest failed, so the SDK cannot be checked against the newest TypeScript:\n${latestTypeScript.error}`);
      });
    } else if (latest) {
      it(`type-checks the quick start with TypeScript ${latest} (installed by an earlier run: the npm registry did not answer, a newer one may exist)`, async () => {
        expect(await latestChecks.get(project.name)).toBe('');
      });
    } else {
      it.skip(`type-checks the quick start with the registry's newest TypeScript: SKIPPED, the npm registry did not answer (${latestTypeScript.error.split('\n')[0]})`, () => undefined);
    }

    it('runs the quick start against the hub and prints what the README says', async () => {
      const { stdout, stderr } = await run(process.execPath, [path.join(projectDir(project), 'dist', 'hub.js')], {
        cwd: projectDir(project),
        env: { ...childEnv(), HUB_URL: hub.url, HUB_TOKEN: tokenFor('MEMBER_AGENT', 'BOBIGNY') },
      });
      expect(stderr).toBe('');
      expect(stdout).toBe(expectedOutput);
    });
  });

  it('runs as plain JavaScript too: as printed in a .mjs file, and in a .cjs file with the require line the README gives', async () => {
    const requireLine = /`(const \{[^`]*\} = require\('@sii-hub\/sdk'\);)`/.exec(README)?.[1];
    expect(requireLine).toBeDefined();
    const [firstLine, ...rest] = snippet.code.split('\n');
    expect(firstLine).toMatch(/^import .* from '@sii-hub\/sdk';$/);
    fs.writeFileSync(path.join(workDir, 'esm', 'hub.mjs'), snippet.code);
    fs.writeFileSync(path.join(workDir, 'commonjs', 'hub.cjs'), [requireLine, ...rest].join('\n'));
    const env = { ...childEnv(), HUB_URL: hub.url, HUB_TOKEN: tokenFor('MEMBER_AGENT', 'BOBIGNY') };
    for (const file of [path.join(workDir, 'esm', 'hub.mjs'), path.join(workDir, 'commonjs', 'hub.cjs')]) {
      const { stdout, stderr } = await run(process.execPath, [file], { env });
      expect({ file: path.basename(file), stdout, stderr }).toEqual({ file: path.basename(file), stdout: expectedOutput, stderr: '' });
    }
  });

  // The ESM project's dist/hub.js, compiled in beforeAll.
  it.each([
    ['without a token', 'UNAUTHENTICATED', undefined],
    ['with a READER token', 'FORBIDDEN', tokenFor('READER')],
  ])('the quick start %s fails with %s, as the README says', async (_label, code, token) => {
    const failed = await run(process.execPath, [path.join(workDir, 'esm', 'dist', 'hub.js')], {
      env: { ...childEnv(), HUB_URL: hub.url, HUB_TOKEN: token },
    }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 1, stdout: '', stderr: expect.stringMatching(new RegExp(`^${code}: `)) });
    expect(README).toMatch(new RegExp(`\\| \`${code}\` \\|`));
  });
});

/** Runs a TypeScript compiler on a project; resolves to its output (empty when there is no error). */
async function tsc(compiler: string, dir: string, args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run(process.execPath, [compiler, '-p', path.join(dir, 'tsconfig.json'), ...args], { cwd: dir, timeout: 90_000 });
    return `${stdout}${stderr}`;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return `${stdout}${stderr}` || (error as Error).message;
  }
}
