import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { parse as parseYaml } from 'yaml';
import { PROJECT_ROOT } from '../lib/paths';
import { recoverInDoubtIntakes } from '../scripts/intake/commit';
import { intakeSchema } from '../scripts/intake/read';
import { formatProblems } from '../scripts/intake/report';
import { type IntakeResult, runIntake } from '../scripts/intake/run';
import { openOrmFor } from '../lib/subgraph';
import { SUBGRAPHS } from '../subgraphs';
import type { TestDatabase } from './support/database';
import { prepareTestDatabase } from './support/hub';

/** `npm run intake` (issue 13): the sample, dry runs, idempotence, all or nothing, and bad files. */

const SAMPLE = path.join(PROJECT_ROOT, 'intake', 'samples', '2019.sample.yaml');
const sampleText = () => fs.readFileSync(SAMPLE, 'utf8');
const HEADER = 'format: sii-hub-intake/1\nyear: 2019\n';
const thisYear = new Date().getUTCFullYear();

let database: TestDatabase;
let db: Client;
let workDir: string;
/**
 * Whether the server allows PREPARE TRANSACTION (max_prepared_transactions > 0, a restart-only setting):
 * the embedded server does; an external one may not, and the intake then holds its transactions open.
 */
let twoPhaseAvailable: boolean;
beforeAll(async () => {
  database = await prepareTestDatabase();
  db = new Client({ connectionString: database.url });
  await db.connect();
  twoPhaseAvailable = Number((await db.query('show max_prepared_transactions')).rows[0].max_prepared_transactions) > 0;
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-intake-'));
});
afterAll(async () => {
  await db?.end();
  await database?.drop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

/** Writes `content` to a file of that name and runs the intake on it. */
async function intake(name: string, content: string | Buffer, options: { dryRun?: boolean; twoPhase?: boolean; hooks?: Parameters<typeof runIntake>[0]['hooks'] } = {}): Promise<IntakeResult> {
  const file = path.join(workDir, name);
  fs.writeFileSync(file, content);
  return runIntake({ file, dryRun: options.dryRun ?? false, databaseUrl: database.url, twoPhase: options.twoPhase, hooks: options.hooks });
}

/** Everything the intake may write: every change table's rows, and the rows it writes to. */
async function snapshot() {
  const counts = await db.query(`select
    (select count(*) from governance.change) + (select count(*) from catalogue.change) + (select count(*) from operations.change) + (select count(*) from metrics.change) as changes,
    (select count(*) from operations.deployment) as deployments, (select count(*) from operations.project) as projects,
    (select count(*) from catalogue.application) as applications, (select count(*) from metrics.indicator_value) as figures,
    (select string_agg(first_name || last_name, ',' order by id) from governance.delegate) as delegates,
    (select string_agg(women || '/' || men, ',' order by id) from governance.org_unit) as staff,
    (select count(*) from catalogue.application where retired_on is not null) as retired,
    (select count(*) from pg_prepared_xacts) as prepared`);
  return counts.rows[0];
}

describe('the 2019 sample', () => {
  it('is valid against the committed JSON Schema, and says it is sample data', () => {
    const data = parseYaml(sampleText());
    expect(intakeSchema()(data)).toBe(true);
    expect(data.sample).toBe(true);
    expect(sampleText().split('\n').slice(0, 4).join('\n')).toMatch(/SAMPLE DATA.*NOT THOSE OF ANY SII ACTIVITY REPORT/s);
  });

  it('dry run: prints the diff, writes nothing', async () => {
    const before = await snapshot();
    const result = await runIntake({ file: SAMPLE, dryRun: true, databaseUrl: database.url });
    expect(result.problems).toEqual([]);
    expect(result.applied).toBe(false);
    const indicators = result.diffs.find((diff) => diff.section === 'indicators');
    expect(indicators?.unchanged).toBe(8);
    expect(indicators?.items).toContainEqual({ kind: 'added', label: 'DEPLOYMENTS 2019', before: null, after: '81' });
    expect(result.diffs.find((diff) => diff.section === 'delegates')?.items).toEqual([
      { kind: 'changed', label: 'LE_BLANC_MESNIL seat 1 substitute', before: 'Karim Boumedjane', after: 'Camille Exemple' },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('real run: applies everything with provenance INTAKE and audit entries; a second run changes nothing', async () => {
    const result = await runIntake({ file: SAMPLE, dryRun: false, databaseUrl: database.url });
    expect(result.problems).toEqual([]);
    expect(result.applied).toBe(true);
    expect(result.commitMode).toBe(twoPhaseAvailable ? 'two-phase' : 'held-open');
    const figure = (await db.query(`select value, version, provenance from metrics.indicator_value where code = 'DEPLOYMENTS' and year = 2019`)).rows[0];
    expect(figure).toMatchObject({ value: 81, version: 1, provenance: { kind: 'INTAKE', document: SAMPLE, checksum: result.checksum, recordedBy: 'npm run intake' } });
    expect(figure.provenance.note).toMatch(/^SAMPLE DATA, not report figures/);
    const changes = await db.query(`select actor_kind, actor_document, actor_checksum, request_id from operations.change where request_id = $1`, [result.runId]);
    expect(changes.rows.length).toBe(71 + 3);
    expect(changes.rows[0]).toMatchObject({ actor_kind: 'INTAKE', actor_document: SAMPLE, actor_checksum: result.checksum });
    expect((await db.query(`select count(*)::int as n from operations.deployment where year = 2019`)).rows[0].n).toBe(71);
    expect((await db.query(`select retired_on::text from catalogue.application where id = 'olfeo'`)).rows[0].retired_on).toBe('2019-12-31');

    const before = await snapshot();
    const again = await runIntake({ file: SAMPLE, dryRun: false, databaseUrl: database.url });
    expect(again.problems).toEqual([]);
    expect(again.applied).toBe(false);
    expect(again.diffs.flatMap((diff) => diff.items)).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('a corrected file replaces what it changes, keeping the replaced figure in the history', async () => {
    const corrected = sampleText().replace('DEPLOYMENTS: 81', 'DEPLOYMENTS: 82').replace('{ application: CMS, count: 8 }', '{ application: CMS, count: 7 }');
    const result = await intake('2019-corrected.yaml', corrected);
    expect(result.problems).toEqual([]);
    expect(result.diffs.flatMap((diff) => diff.items)).toEqual([
      { kind: 'changed', label: 'cms 2019', before: '8', after: '7' },
      { kind: 'changed', label: 'DEPLOYMENTS 2019', before: '81', after: '82', note: undefined },
    ]);
    const history = (await db.query(`select value, version from metrics.indicator_value_history where code = 'DEPLOYMENTS' and year = 2019`)).rows;
    expect(history).toEqual([{ value: 81, version: 1 }]);
  });

  it('a printed figure changes only with replaces: giving the value printed', async () => {
    // 2017: a year the sample does not reprint (the tests below load the sample again).
    const row = (replaces: string) => `${HEADER}indicators:\n  - year: 2017\n    MAILBOXES: 3510\n${replaces}`;
    const silent = await intake('silent.yaml', row(''));
    expect(silent.problems).toEqual([expect.objectContaining({ line: 5, path: ['indicators', 0, 'MAILBOXES'], message: expect.stringContaining('was 3509 (printed in “Rapport d’activité SII 2018”') })]);
    const wrong = await intake('wrong-replaces.yaml', row('    replaces: { MAILBOXES: 3508 }\n'));
    expect(wrong.problems).toEqual([expect.objectContaining({ line: 6, path: ['indicators', 0, 'replaces', 'MAILBOXES'], message: expect.stringContaining('the hub holds 3509') })]);
    const stated = await intake('stated.yaml', row('    replaces: { MAILBOXES: 3509 }\n'));
    expect(stated.problems).toEqual([]);
    expect(stated.diffs.find((diff) => diff.section === 'indicators')?.items).toEqual([
      { kind: 'changed', label: 'MAILBOXES 2017', before: '3509', after: '3510', note: 'replaces the figure printed in “Rapport d’activité SII 2018” (III.A Tableau de synthèse des données techniques)' },
    ]);
    // Run again: the figure is already 3980, and the stale `replaces` is no error.
    expect((await intake('stated.yaml', row('    replaces: { MAILBOXES: 3509 }\n'))).problems).toEqual([]);
  });
});

describe('all or nothing', () => {
  const file2019 = () => sampleText().replace('DEPLOYMENTS: 82', 'DEPLOYMENTS: 90').replace('DEPLOYMENTS: 81', 'DEPLOYMENTS: 90').replace('{ unit: PRODUCTION, women: 1, men: 7 }', '{ unit: PRODUCTION, women: 2, men: 7 }');
  const fail = async (subgraph: string) => {
    if (subgraph === 'metrics') throw new Error('injected failure in metrics');
  };

  it.each([
    ['two-phase commit, a failure while applying', { twoPhase: true, hooks: { afterApply: fail } }],
    ['two-phase commit, a failure when preparing the last subgraph', { twoPhase: true, hooks: { beforeCommit: fail } }],
    ['transactions held open, a failure while applying', { twoPhase: false, hooks: { afterApply: fail } }],
  ])('%s leaves every subgraph unchanged', async (_case, options) => {
    const before = await snapshot();
    // A server without prepared transactions (an external one may have none): forcing two-phase is refused up front.
    const expected = options.twoPhase && !twoPhaseAvailable ? 'needs max_prepared_transactions > 0' : 'injected failure in metrics';
    await expect(intake('failing.yaml', file2019(), options)).rejects.toThrow(expected);
    expect(await snapshot()).toEqual(before);
  });

  it('transactions held open commit everything when nothing fails', async () => {
    const result = await intake('held-open.yaml', file2019(), { twoPhase: false });
    expect(result.problems).toEqual([]);
    expect(result.commitMode).toBe('held-open');
    expect((await db.query(`select women from governance.org_unit where code = 'PRODUCTION'`)).rows[0].women).toBe(2);
    expect((await db.query(`select value from metrics.indicator_value where code = 'DEPLOYMENTS' and year = 2019`)).rows[0].value).toBe(90);
  });

  // PREPARE TRANSACTION needs a server that allows it; the embedded pass (max_prepared_transactions = 64) always runs this.
  (process.env.DATABASE_URL ? it.skip : it)('prepared transactions of an interrupted run are settled by the next one', async () => {
    const prepare = async (schema: string, runId: string, writers: number) => {
      const client = new Client({ connectionString: database.url });
      await client.connect();
      await client.query('begin');
      await client.query(`insert into ${schema}.change (entity, entity_id, action, actor_kind, request_id, after) values ('Probe', $1, 'CREATE', 'INTAKE', $1, '{}')`, [runId]);
      await client.query(`prepare transaction 'hub-intake:${runId}:${schema}:${writers}'`);
      await client.end();
    };
    await prepare('governance', 'run-complete', 2);
    await prepare('metrics', 'run-complete', 2);
    await prepare('catalogue', 'run-broken', 2);
    const orm = await openOrmFor(SUBGRAPHS[0], database.url, 1);
    try {
      const done = await recoverInDoubtIntakes(orm.em.fork(), SUBGRAPHS.map((definition) => definition.name));
      expect(done.sort()).toEqual(['committed hub-intake:run-complete:governance:2', 'committed hub-intake:run-complete:metrics:2', 'rolled back hub-intake:run-broken:catalogue:2']);
    } finally {
      await orm.close(true);
    }
    expect((await db.query(`select count(*)::int as n from governance.change where request_id = 'run-complete'`)).rows[0].n).toBe(1);
    expect((await db.query(`select count(*)::int as n from catalogue.change where request_id = 'run-broken'`)).rows[0].n).toBe(0);
    expect((await db.query(`select count(*)::int as n from pg_prepared_xacts`)).rows[0].n).toBe(0);
  });
});

/** Bad files: every problem at once, each naming the file, the line (or JSON path) and the field; nothing written. */
interface BadFile {
  name: string;
  content: string | Buffer;
  problems: { line: number | null; path?: (string | number)[]; message: RegExp; hint?: RegExp }[];
}

const BAD_FILES: [string, BadFile][] = [
  ['an empty file', { name: 'empty.yaml', content: '\n# nothing\n', problems: [{ line: null, message: /the file is empty/ }] }],
  [
    'not YAML at all',
    {
      name: 'words.yaml',
      content: 'indicators: [2019\nyear: {',
      problems: [
        { line: 2, message: /not valid YAML: Flow sequence/ },
        { line: 2, message: /not valid YAML: Flow map/ },
      ],
    },
  ],
  ['a text that is no intake file', { name: 'prose.yaml', content: 'Chiffres 2019 du SII\n', problems: [{ line: 1, message: /holds the text “Chiffres 2019 du SII”, not intake sections/ }] }],
  [
    'Latin-1 accents',
    {
      name: 'latin1.yaml',
      content: Buffer.concat([Buffer.from(`${HEADER}document: Rapport d'activit`), Buffer.from([0xe9]), Buffer.from(' 2019\nprojects:\n  - { title: R'), Buffer.from([0xe9]), Buffer.from('seau, area: X, team: PRODUCTION }\n')]),
      problems: [
        { line: 3, message: /line is not UTF-8: it looks like Latin-1.*é \(byte 0xE9\)/ },
        { line: 5, message: /line is not UTF-8/ },
      ],
    },
  ],
  ['UTF-16', { name: 'utf16.yaml', content: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEADER, 'utf16le')]), problems: [{ line: null, message: /saved as UTF-16/ }] }],
  [
    'an unknown indicator',
    { name: 'indicator.yaml', content: `${HEADER}indicators:\n  - year: 2019\n    PAGE_VIEW: 12\n`, problems: [{ line: 5, path: ['indicators', 0, 'PAGE_VIEW'], message: /unknown field “PAGE_VIEW”/, hint: /PAGE_VIEWS/ }] },
  ],
  ['a year in the future', { name: 'future.yaml', content: `format: sii-hub-intake/1\nyear: ${thisYear + 1}\n`, problems: [{ line: 2, path: ['year'], message: /is in the future/ }] }],
  [
    'a negative count',
    { name: 'negative.yaml', content: `${HEADER}deployments:\n  - { application: CMS, count: -2 }\n`, problems: [{ line: 4, path: ['deployments', 0, 'count'], message: /-2 is out of range/ }] },
  ],
  [
    'wrong types',
    {
      name: 'types.yaml',
      content: `${HEADER}indicators:\n  - year: 2019\n    PAGE_VIEWS: 912 345 678\n    MAILBOXES: "4021"\nstaff:\n  - { unit: PRODUCTION, women: one, men: 7 }\n`,
      problems: [
        { line: 5, path: ['indicators', 0, 'PAGE_VIEWS'], message: /found the text “912 345 678”/, hint: /without spaces/ },
        { line: 6, path: ['indicators', 0, 'MAILBOXES'], message: /found the text “4021”/, hint: /without quotes/ },
        { line: 8, path: ['staff', 0, 'women'], message: /expected a whole number/ },
      ],
    },
  ],
  [
    'unknown applications, with the closest names (accents and aliases considered)',
    {
      name: 'applications.yaml',
      content: `${HEADER}deployments:\n  - { application: Mélodi, count: 1 }\n  - { application: FAST PARAFEUR, count: 1 }\n  - { application: melodie, count: 2 }\n`,
      problems: [
        { line: 4, path: ['deployments', 0, 'application'], message: /unknown application “Mélodi”/, hint: /Mélodie|MELODIE/ },
        { line: 5, path: ['deployments', 1, 'application'], message: /unknown application “FAST PARAFEUR”/, hint: /“FAST PARAPHEUR” \(E-parapheur\)/ },
      ],
    },
  ],
  [
    'a duplicate row',
    {
      name: 'duplicate.yaml',
      content: `${HEADER}deployments:\n  - { application: FINANCES, count: 1 }\n  - { application: SIGF, count: 2 }\nindicators:\n  - { year: 2019, MAILBOXES: 1 }\n  - { year: 2019, CITRIX_USERS: 1 }\n`,
      problems: [
        { line: 5, path: ['deployments', 1], message: /“SIGF” is the application finances, already counted as “FINANCES”/ },
        { line: 8, path: ['indicators', 1, 'year'], message: /the year 2019 has two rows/ },
      ],
    },
  ],
  ['a field given twice', { name: 'twice.yaml', content: `${HEADER}year: 2018\n`, problems: [{ line: 3, message: /the field “year” is given twice/ }] }],
  [
    'an unknown member',
    {
      name: 'member.yaml',
      content: `${HEADER}projects:\n  - title: Portail\n    area: Enfance\n    team: ETUDES\n    members: [BOBIGNI, Tremblay-en-France]\n`,
      problems: [{ line: 7, path: ['projects', 0, 'members', 0], message: /unknown member “BOBIGNI”/, hint: /BOBIGNY/ }],
    },
  ],
  [
    'delegate changes breaking the seat rule',
    {
      name: 'seats.yaml',
      content: `${HEADER}delegates:\n  - { member: LE_BLANC_MESNIL, seat: 2, role: TITULAR, firstName: A, lastName: B }\n  - { member: TREMBLAY_EN_FRANCE, seat: 2, role: TITULAR, firstName: C, lastName: D }\n`,
      problems: [
        { line: 4, path: ['delegates', 0, 'seat'], message: /LE_BLANC_MESNIL has no seat 2: it transferred only the mandatory competences/ },
        { line: 5, path: ['delegates', 1], message: /held by the president of the council/ },
      ],
    },
  ],
  [
    'a year mismatch between the file and its rows',
    {
      name: 'years.yaml',
      content: `${HEADER}indicators:\n  - { year: 2020, MAILBOXES: 1 }\nprojects:\n  - { title: T, area: A, team: ETUDES, year: 2018 }\ncatalogue:\n  retire:\n    - { application: OLFEO, retiredOn: 2018-06-30 }\n`,
      problems: [
        { line: 4, path: ['indicators', 0, 'year'], message: /the row is for 2020, after the file’s year 2019/ },
        { line: 6, path: ['projects', 0, 'year'], message: /dated 2018, the file 2019/ },
        { line: 9, path: ['catalogue', 'retire', 0, 'retiredOn'], message: /2018-06-30 is not in 2019/ },
      ],
    },
  ],
  [
    'an unknown section, service and domain',
    {
      name: 'unknowns.yaml',
      content: `${HEADER}deployment: []\nstaff:\n  - { unit: PRODUCTON, women: 0, men: 7 }\ncatalogue:\n  add:\n    - { name: Nouvelle, domain: ZZZ }\n`,
      problems: [
        { line: 3, path: ['deployment'], message: /unknown field “deployment”/, hint: /deployments/ },
      ],
    },
  ],
  [
    'an unknown service and domain (the file passes the schema)',
    {
      name: 'unknowns2.yaml',
      content: `${HEADER}staff:\n  - { unit: PRODUCTON, women: 0, men: 7 }\ncatalogue:\n  add:\n    - { name: Nouvelle, domain: ZZZ }\n`,
      problems: [
        { line: 4, path: ['staff', 0, 'unit'], message: /unknown service “PRODUCTON”/, hint: /PRODUCTION/ },
        { line: 7, path: ['catalogue', 'add', 0, 'domain'], message: /No domain has the code ZZZ/ },
      ],
    },
  ],
  [
    'JSON with a syntax error',
    { name: 'broken.json', content: '{\n  "format": "sii-hub-intake/1",\n  "year": 2019,,\n}\n', problems: [{ line: 3, message: /not valid JSON/ }] },
  ],
  [
    'JSON with a bad field (path and line)',
    { name: 'bad-field.json', content: '{\n  "format": "sii-hub-intake/1",\n  "year": 2019,\n  "deployments": [{ "application": "CMS", "count": "3" }]\n}\n', problems: [{ line: 4, path: ['deployments', 0, 'count'], message: /expected a whole number/ }] },
  ],
];

describe('bad files', () => {
  let before: Awaited<ReturnType<typeof snapshot>>;
  beforeAll(async () => {
    before = await snapshot();
  });
  afterAll(async () => {
    // Nothing written by any of them.
    expect(await snapshot()).toEqual(before);
  });

  it.each(BAD_FILES)('%s: every problem, with file, line and field', async (_case, bad) => {
    const result = await intake(bad.name, bad.content);
    expect(result.applied).toBe(false);
    expect(result.problems).toHaveLength(bad.problems.length);
    bad.problems.forEach((expected, index) => {
      const problem = result.problems[index];
      expect(problem.line).toBe(expected.line);
      if (expected.path) expect(problem.path).toEqual(expected.path);
      expect(problem.message).toMatch(expected.message);
      if (expected.hint) expect(problem.hint).toMatch(expected.hint);
    });
    const printed = formatProblems(result);
    expect(printed).toContain(`${bad.problems.length} problem`);
    expect(printed).toContain('nothing was written');
    for (const expected of bad.problems) {
      expect(printed).toContain(`${result.file}${expected.line !== null ? `, line ${expected.line}` : ''}`);
    }
  });

  it('a file with problems everywhere gets them all at once', async () => {
    const result = await intake(
      'many.yaml',
      `${HEADER}indicators:\n  - { year: 2018, MAILBOXES: 1 }\ndeployments:\n  - { application: NOPE, count: 1 }\nprojects:\n  - { title: T, area: A, team: ETUDES, members: [NOPE] }\nstaff:\n  - { unit: NOPE, women: 1, men: 1 }\n`,
    );
    expect(result.problems.map((problem) => problem.line)).toEqual([4, 6, 8, 10]);
  });

  it('the bad files fail the JSON Schema too, where the schema can tell', () => {
    for (const [, bad] of BAD_FILES.filter(([, file]) => /negative|types|indicator\.yaml|unknowns\.yaml/.test(file.name))) {
      expect(intakeSchema()(parseYaml(String(bad.content)))).toBe(false);
    }
  });
});

describe('accepted encodings', () => {
  it('a UTF-8 BOM and CRLF line ends are fine', async () => {
    const text = `\uFEFF${HEADER}document: Rapport d’activité 2019\nstaff:\n  - { unit: Études Fonctionnelles, women: 1, men: 10 }\n`.replace(/\n/g, '\r\n');
    const result = await intake('windows.yaml', text, { dryRun: true });
    expect(result.problems).toEqual([]);
  });
});

describe('the command', () => {
  const script = path.join(PROJECT_ROOT, 'dist', 'scripts', 'intake.js');
  const run = (args: string[]) => promisify(execFile)(process.execPath, [script, ...args], { cwd: PROJECT_ROOT, env: { ...process.env, DATABASE_URL: database.url } });

  it('answers --help, dry-runs a file, and exits 1 listing every problem of a bad one', async () => {
    if (!fs.existsSync(script)) throw new Error('dist/ is missing: run `npm run build` (npm test does it)');
    expect((await run(['--help'])).stdout).toMatch(/^Usage: npm run intake -- <file> \[--dry-run\]/);
    const dry = await run([SAMPLE, '--dry-run']);
    expect(dry.stdout).toMatch(/^Dry run of .*2019\.sample\.yaml \(year 2019, SHA-256 [0-9a-f]{64}\): nothing was written/);
    expect(dry.stdout).toMatch(/Total: \d+ added, \d+ changed, \d+ removed, \d+ unchanged\./);
    const badFile = path.join(workDir, 'cli-bad.yaml');
    fs.writeFileSync(badFile, `${HEADER}deployments:\n  - { application: CMS, count: -1 }\n  - { application: NOPE, count: 1 }\n`);
    await expect(run([badFile])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining(`${badFile}, line 4, deployments[0].count: -1 is out of range`) });
    await expect(run([path.join(workDir, 'missing.yaml')])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/no such file/) });
  });
});
