import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT, SUPERGRAPH_PATH } from '../lib/paths';
import { committedApiSchemaSdl } from '../scripts/api-schema';
import {
  bumpBetween,
  formatSdkSchemaRecord,
  nextSdkSchemaRecord,
  parseSdkSchemaRecord,
  readSdkPackageVersion,
  requiredBump,
  SDK_API_SCHEMA_PATH,
  SdkVersionError,
} from '../scripts/sdk-version';

const current = committedApiSchemaSdl();
const record = (version: string, sdl = current) => formatSdkSchemaRecord(version, sdl);
const edit = (sdl: string, from: string | RegExp, to: string) => {
  const edited = sdl.replace(from, to);
  if (edited === sdl) throw new Error(`fixture: ${String(from)} not found in the API schema`);
  return edited;
};

// Changes of each kind, made to the committed API schema.
const described = edit(current, '"""An application the SII provides to its members"""', '"""An application of the SII"""');
const added = edit(current, /^type Query \{\n/m, 'type Query {\n  """Whether the hub answers"""\n  ping: Boolean!\n\n');
const enumValueAdded = edit(current, /^enum TicketStatus \{\n/m, 'enum TicketStatus {\n  ARCHIVED\n');
const removed = edit(current, /^ {2}staff: StaffSummary!\n/m, '');

describe('the SDK version rule', () => {
  it('sdk/api-schema.graphql records the committed supergraph and the version of sdk/package.json', () => {
    const committed = fs.readFileSync(SDK_API_SCHEMA_PATH, 'utf8');
    const parsed = parseSdkSchemaRecord(committed);
    expect(parsed.sdl).toBe(current);
    expect(parsed.version).toBe(readSdkPackageVersion());
    expect(parsed.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(nextSdkSchemaRecord({ previous: committed, sdl: current, version: readSdkPackageVersion() })).toBe(committed);
  });

  it('sdk/README.md installs the tarball of the current version', () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'sdk', 'README.md'), 'utf8');
    const named = [...readme.matchAll(/sii-hub-sdk-(\d+\.\d+\.\d+)\.tgz/g)].map((match) => match[1]);
    expect(named.length).toBeGreaterThan(0);
    expect(new Set(named)).toEqual(new Set([readSdkPackageVersion()]));
  });

  it.each([
    ['nothing', current, 'none'],
    ['a description', described, 'minor'],
    ['an added field', added, 'minor'],
    ['an added enum value (dangerous)', enumValueAdded, 'minor'],
    ['a removed field (breaking)', removed, 'major'],
  ])('classifies %s as schema:check does: %s', (_label, candidate, bump) => {
    const { checkSchema } = require('../scripts/schema-check') as typeof import('../scripts/schema-check');
    expect(requiredBump(checkSchema(current, candidate))).toBe(bump);
  });

  it.each([
    ['a description', described, '1.0.1', 'minor', '1.1.0'],
    ['an added field', added, '1.0.0', 'minor', '1.1.0'],
    ['an added enum value', enumValueAdded, '1.0.9', 'minor', '1.1.0'],
    ['a removed field', removed, '1.0.0', 'major', '2.0.0'],
    ['a removed field', removed, '1.1.0', 'major', '2.0.0'],
  ])('refuses %s at version %s (needs a %s version: %s)', (_label, candidate, version, bump, target) => {
    const attempt = () => nextSdkSchemaRecord({ previous: record('1.0.0'), sdl: candidate, version });
    expect(attempt).toThrow(SdkVersionError);
    expect(attempt).toThrow(`set the version in sdk/package.json to ${target} (\`npm version ${bump} --prefix sdk --no-git-tag-version\`)`);
    expect(attempt).toThrow(`The API schema changed since @sii-hub/sdk 1.0.0 was generated (sdk/api-schema.graphql), but sdk/package.json says ${version}.`);
  });

  it('names the changes it found, in schema:check words', () => {
    const message = (sdl: string) => {
      try {
        nextSdkSchemaRecord({ previous: record('1.4.2'), sdl, version: '1.4.2' });
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('not refused');
    };
    expect(message(removed)).toContain('Breaking changes for clients (1):\n- Query.staff was removed. Operations selecting this field stop validating.');
    expect(message(removed)).toContain('to 2.0.0');
    expect(message(enumValueAdded)).toContain('Changes to tell clients about (1):\n- ARCHIVED was added to enum type TicketStatus.');
    expect(message(enumValueAdded)).toContain('to 1.5.0');
    expect(message(added)).toContain('Compatible changes only (additions, descriptions).');
  });

  it.each([
    ['a description', described, '1.1.0'],
    ['an added field', added, '1.1.0'],
    ['a removed field', removed, '2.0.0'],
    ['a removed field', removed, '3.0.0'],
    ['an added field', added, '2.0.0'],
  ])('records %s at version %s', (_label, candidate, version) => {
    const next = nextSdkSchemaRecord({ previous: record('1.0.0'), sdl: candidate, version });
    expect(parseSdkSchemaRecord(next)).toMatchObject({ version, sdl: candidate });
  });

  it('follows a version raised without a schema change (a new operation, a client fix)', () => {
    expect(parseSdkSchemaRecord(nextSdkSchemaRecord({ previous: record('1.0.0'), sdl: current, version: '1.0.1' })).version).toBe('1.0.1');
  });

  it('writes the first record at any version', () => {
    expect(parseSdkSchemaRecord(nextSdkSchemaRecord({ previous: undefined, sdl: current, version: '0.3.0' })).version).toBe('0.3.0');
  });

  it.each([
    ['a version that went down', record('1.2.0'), '1.1.9', /is lower than 1\.2\.0/],
    ['a version that is not one', record('1.0.0'), 'v1', /"v1" is not a version/],
    ['a record edited by hand', record('1.0.0').replace('type Query {', 'type Query {\n  extra: Int'), '1.0.0', /edited by hand/],
    ['a record without its header', current, '1.0.0', /has no "# The API schema of @sii-hub\/sdk/],
  ])('refuses %s', (_label, previous, version, message) => {
    expect(() => nextSdkSchemaRecord({ previous, sdl: current, version })).toThrow(message);
  });

  it.each([
    ['1.0.0', '1.0.0', 'none'],
    ['1.0.0', '1.0.1', 'patch'],
    ['1.0.9', '1.1.0', 'minor'],
    ['1.9.9', '2.0.0', 'major'],
    ['1.10.0', '1.9.0', 'lower'],
    ['1.0.0', '1.1.0-rc.1', 'minor'],
  ])('compares %s → %s as %s', (from, to, bump) => {
    expect(bumpBetween(from, to)).toBe(bump);
  });
});

describe('npm run codegen:check and npm run codegen, on a copy of the repository with a changed supergraph', () => {
  const run = promisify(execFile);
  const cli = path.join(PROJECT_ROOT, 'node_modules', '@graphql-codegen', 'cli', 'cjs', 'bin.js');
  let copy: string;

  beforeAll(() => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-sdk-version-'));
    for (const entry of ['package.json', 'codegen.ts', 'lib', 'scripts', 'sdk', 'schema', 'gateway']) {
      fs.cpSync(path.join(PROJECT_ROOT, entry), path.join(copy, entry), { recursive: true, filter: (source) => !source.includes(`${path.sep}dist`) });
    }
    fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
    // A breaking change: a value of TicketStatus removed (no SDK operation names it, so only the version stands in the way).
    const supergraph = path.join(copy, path.relative(PROJECT_ROOT, SUPERGRAPH_PATH));
    fs.writeFileSync(supergraph, edit(fs.readFileSync(supergraph, 'utf8'), /^ {2}PENDING @join__enumValue\(graph: OPERATIONS\)\n/m, ''));
  });
  afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

  const codegen = (...args: string[]) =>
    run(process.execPath, [cli, '--config', 'codegen.ts', ...args], { cwd: copy }).then(
      ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
    );
  const setVersion = (version: string) => {
    const file = path.join(copy, 'sdk', 'package.json');
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), version }, null, 2));
  };

  it('fails while the version is not a new major one, saying which to set, and then records the new schema', async () => {
    const base = readSdkPackageVersion();
    const [major, minor] = base.split('.').map(Number);
    setVersion(`${major}.${minor + 1}.0`);
    const check = await codegen('--check');
    expect(check.code).toBe(1);
    expect(check.output).toContain('PENDING was removed from enum type TicketStatus.');
    expect(check.output).toContain(`set the version in sdk/package.json to ${major + 1}.0.0`);

    setVersion(`${major + 1}.0.0`);
    expect(await codegen()).toMatchObject({ code: 0 });
    const recorded = parseSdkSchemaRecord(fs.readFileSync(path.join(copy, 'sdk', 'api-schema.graphql'), 'utf8'));
    expect(recorded.version).toBe(`${major + 1}.0.0`);
    expect(recorded.sdl).toMatch(/^enum TicketStatus \{\n  ASSIGNED\n  CLOSED\n  IN_PROGRESS\n  NEW\n  RESOLVED\n\}/m);
    expect(fs.readFileSync(path.join(copy, 'sdk', 'generated', 'graphql.ts'), 'utf8')).not.toContain("'PENDING'");
  }, 180_000);
});
