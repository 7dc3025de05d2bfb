import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SUPERGRAPH_PATH } from '../lib/paths';
import { checkSchema, formatReport, runSchemaCheck } from './schema-check';

const committed = fs.readFileSync(SUPERGRAPH_PATH, 'utf8');

/** Edits the committed supergraph's text, failing loudly when the text to replace is gone. */
function edit(sdl: string, from: string, to: string): string {
  if (!sdl.includes(from)) throw new Error(`The committed supergraph no longer contains ${JSON.stringify(from)}: update this test`);
  return sdl.replace(from, to);
}

const broken = [
  (sdl: string) => edit(sdl, '  staff: StaffSummary! @join__field(graph: GOVERNANCE)\n', ''),
  (sdl: string) => edit(sdl, 'members(kind: MemberKind): [Member!]!', 'members(kind: MemberKind, year: Int!): [Member!]!'),
  (sdl: string) =>
    // Application.description, the only String field of the catalogue with that exact line.
    edit(sdl, '  description: String @join__field(graph: CATALOGUE)\n', '  description: Int @join__field(graph: CATALOGUE)\n'),
  (sdl: string) => edit(sdl, '  PUBLIC_BODY @join__enumValue(graph: GOVERNANCE)\n', '  PUBLIC_BODY @join__enumValue(graph: GOVERNANCE)\n  ASSOCIATION @join__enumValue(graph: GOVERNANCE)\n'),
].reduce((sdl, change) => change(sdl), committed);

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-check-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('schema:check', () => {
  it('passes for the current code against the committed supergraph', async () => {
    const { text, exitCode } = await runSchemaCheck([]);
    expect(text).toMatch(/unchanged|compatibly/);
    expect(exitCode).toBe(0);
  }, 60_000);

  it('reports removed fields, changed types and new required arguments in plain words, and fails', () => {
    const result = checkSchema(committed, broken);
    expect(result.breaking.map((change) => change.description).sort()).toEqual([
      'A required arg year on Query.members was added.',
      'Application.description changed type from String to Int.',
      'Query.staff was removed.',
    ]);
    expect(result.dangerous.map((change) => change.description)).toEqual(['ASSOCIATION was added to enum type MemberKind.']);
    const { text, exitCode } = formatReport(result);
    expect(exitCode).toBe(1);
    expect(text).toContain('- Query.staff was removed. Operations selecting this field stop validating.');
    expect(text).toContain('- A required arg year on Query.members was added. Existing calls omit this argument and are rejected.');
    expect(text).toContain('Schema check FAILED: 3 breaking change(s) not acknowledged.');
    expect(text).toContain('"change": "Query.staff was removed."');
  });

  it('ignores federation-only differences (join directives, subgraph URLs)', () => {
    const moved = edit(committed, 'url: "http://localhost:4001/graphql"', 'url: "http://governance.internal:8080/graphql"');
    expect(checkSchema(committed, moved)).toMatchObject({ changed: false, breaking: [], dangerous: [] });
  });

  it('passes additions, telling to commit the new supergraph', () => {
    const added = edit(committed, '  staff: StaffSummary! @join__field(graph: GOVERNANCE)\n', '  staff: StaffSummary! @join__field(graph: GOVERNANCE)\n  motto: String @join__field(graph: GOVERNANCE)\n');
    const { text, exitCode } = formatReport(checkSchema(committed, added));
    expect(exitCode).toBe(0);
    expect(text).toContain('changed compatibly');
  });

  it('fails on a changed default value (existing calls get other results) until it is acknowledged', () => {
    const pattern = /(\n  reconciliation\(\n(?: {4}"""\n[^\n]*\n {4}"""\n)? {4}includeSynthetic: Boolean = )(true|false)\n/;
    const current = pattern.exec(committed);
    if (!current) throw new Error('The committed supergraph no longer has reconciliation(includeSynthetic: Boolean = …): update this test');
    const flipped = committed.replace(pattern, `$1${current[2] === 'true' ? 'false' : 'true'}\n`);
    const change = `Query.reconciliation arg includeSynthetic has changed defaultValue from ${current[2]} to ${current[2] === 'true' ? 'false' : 'true'}.`;
    const result = checkSchema(committed, flipped);
    expect(result.breaking).toEqual([]);
    expect(result.dangerous.map((entry) => entry.description)).toEqual([change]);
    const failed = formatReport(result);
    expect(failed.exitCode).toBe(1);
    expect(failed.text).toContain(`- ${change} Calls that omit the argument now get a different result.`);
    expect(failed.text).toContain('Schema check FAILED: 1 breaking or result-changing change(s) not acknowledged.');
    expect(failed.text).toContain(`"change": "${change}"`);
    const acknowledged = formatReport(checkSchema(committed, flipped, [{ change, reason: 'demo data is opt-in' }]));
    expect(acknowledged.exitCode).toBe(0);
    expect(acknowledged.text).toContain('[acknowledged in ');
    expect(acknowledged.text).toContain('Schema check passed: every breaking or result-changing change is acknowledged.');
  });

  it('lets acknowledged breaking changes through (files given on the command line)', async () => {
    const candidate = path.join(dir, 'candidate.graphql');
    const acknowledged = path.join(dir, 'acknowledged.json');
    fs.writeFileSync(candidate, broken);
    fs.writeFileSync(
      acknowledged,
      JSON.stringify({
        acknowledged: [
          { change: 'Query.staff was removed.', reason: 'no client used it (persisted operations checked)' },
          { change: 'A required arg year on Query.members was added.', reason: 'intranets updated' },
        ],
      }),
    );
    const partly = await runSchemaCheck(['--candidate', candidate, '--acknowledged', acknowledged]);
    expect(partly.exitCode).toBe(1);
    expect(partly.text).toContain('Schema check FAILED: 1 breaking change(s) not acknowledged.');
    expect(partly.text).toMatch(/Query\.staff was removed\. .*\[acknowledged in /);

    fs.writeFileSync(
      acknowledged,
      JSON.stringify({
        acknowledged: [
          { change: 'Query.staff was removed.', reason: 'no client used it' },
          { change: 'A required arg year on Query.members was added.', reason: 'intranets updated' },
          { change: 'Application.description changed type from String to Int.', reason: 'test' },
          { change: 'Domain.code was removed.', reason: 'an old one' },
        ],
      }),
    );
    const all = await runSchemaCheck(['--candidate', candidate, '--acknowledged', acknowledged]);
    expect(all.exitCode).toBe(0);
    expect(all.text).toContain('Schema check passed: every breaking change is acknowledged.');
    expect(all.text).toContain('the acknowledgement "Domain.code was removed." in');

    fs.writeFileSync(acknowledged, JSON.stringify({ acknowledged: [{ change: 'Query.staff was removed.', reason: ' ' }] }));
    await expect(runSchemaCheck(['--candidate', candidate, '--acknowledged', acknowledged])).rejects.toThrow(/non-empty "reason"/);
  });
});
