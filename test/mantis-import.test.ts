import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { openOrmFor } from '../lib/subgraph';
import { subgraphNamed } from '../subgraphs';
import { importMantisExport, type ImportRequest } from '../subgraphs/operations/services/mantis/import';
import { buildMapping, type HubReferences, nameKey } from '../subgraphs/operations/services/mantis/mapping';
import { MantisFileError } from '../subgraphs/operations/services/mantis/read';
import { graphql, startTestHub, tokenFor, type TestHub } from './support/hub';

const FIXTURES = path.join(__dirname, 'fixtures/mantis');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));
const staff = () => tokenFor('SII_STAFF');

let hub: TestHub;
let orm: MikroORM;
let references: HubReferences;

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: hub.database.url });
  await client.connect();
  try {
    return (await client.query(query, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The import as the command runs it, on the test hub's database. */
function runImport(name: string, options: Partial<ImportRequest> = {}) {
  return importMantisExport(orm.em.fork(), { document: `test/fixtures/mantis/${name}`, bytes: fixture(name), mapping: buildMapping(), hub: references, ...options });
}

const ticketCount = async () => Number((await sql<{ n: string }>('select count(*) as n from "operations"."ticket"'))[0].n);

beforeAll(async () => {
  hub = await startTestHub();
  orm = await openOrmFor(subgraphNamed('operations'), hub.database.url, 2);
  // As the command reads them: names and aliases from the catalogue, codes from governance.
  const applications = await sql<{ id: string; name: string; aliases: string[] }>('select id, name, aliases from "catalogue"."application"');
  references = {
    memberCodes: new Set((await sql<{ code: string }>('select code from "governance"."member"')).map((row) => row.code)),
    applicationsByName: new Map(applications.flatMap(({ id, name, aliases }) => [name, ...aliases].map((alias) => [nameKey(alias), id] as [string, string]))),
    applicationIds: new Set(applications.map((row) => row.id)),
  };
}, 60_000);
afterAll(async () => {
  await orm?.close(true);
  await hub?.stop();
});

const TICKET = `query T($reference: String!) {
  ticket(reference: $reference) {
    id reference kind queue status priority title description version openedAt resolvedAt closedAt externalSource externalId
    member { code } application { id name }
    provenance { kind document checksum recordedBy note }
    history { edges { node { from to by comment } } }
  }
}`;

async function ticket(reference: string) {
  const { data, errors } = await graphql(hub.url, TICKET, { reference }, staff());
  expect(errors).toBeUndefined();
  return data.ticket;
}

describe('npm run import:mantis, the CSV export', () => {
  it('refuses a dry run’s writes but says what it would do', async () => {
    const report = await runImport('export-2018.csv', { dryRun: true });
    expect(report).toMatchObject({ format: 'csv', issues: 7, committed: false, dryRun: true, problems: [] });
    expect(report.created).toHaveLength(7);
    expect(await ticketCount()).toBe(0);
    expect(await sql('select * from "operations"."change" where actor_kind = \'IMPORT\'')).toEqual([]);
  });

  it('creates one ticket per issue, keeping its id, mapping status, priority, member and application', async () => {
    const report = await runImport('export-2018.csv');
    expect(report).toMatchObject({ committed: true, problems: [], updated: [], unchanged: [] });
    expect(report.created).toEqual(['MANTIS-101', 'MANTIS-102', 'MANTIS-103', 'MANTIS-104', 'MANTIS-105', 'MANTIS-106', 'MANTIS-107']);
    const checksum = createHash('sha256').update(fixture('export-2018.csv')).digest('hex');
    expect(report.checksum).toBe(checksum);

    const resolved = await ticket('MANTIS-101');
    expect(resolved).toMatchObject({
      reference: 'MANTIS-101',
      kind: 'INCIDENT',
      queue: 'SUPPORT',
      status: 'RESOLVED',
      priority: 'HIGH',
      title: 'Mélodie : écran blanc à l\'ouverture',
      externalSource: 'mantis',
      externalId: '101',
      version: 1,
      member: { code: 'BOBIGNY' },
      application: { id: 'melodie', name: 'Mélodie' },
      openedAt: '2017-12-31T23:00:00.000Z',
      resolvedAt: '2018-01-01T23:00:00.000Z',
      closedAt: null,
      provenance: { kind: 'IMPORT', document: 'test/fixtures/mantis/export-2018.csv', checksum, recordedBy: 'npm run import:mantis' },
    });
    expect(resolved.history.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      { from: null, to: 'NEW', by: 'mantis:jdupont', comment: null },
      { from: 'NEW', to: 'RESOLVED', by: 'npm run import:mantis', comment: 'MantisBT: status "resolved", resolution "fixed" (npm run import:mantis)' },
    ]);
    expect(await ticket('MANTIS-103')).toMatchObject({ title: 'Impression des titres de recette\r\nbloquée depuis la mise à jour de février', status: 'CLOSED' });
    expect(await ticket('MANTIS-105')).toMatchObject({ status: 'PENDING', priority: 'LOW', member: { code: 'LE_BLANC_MESNIL' }, application: { id: 'e-conges' } });
    expect(await ticket('MANTIS-106')).toMatchObject({ title: expect.stringMatching(/^=SOMME\(A1:A3\)/), application: { id: 'finances' } });
  });

  it('leaves an audit entry per ticket, by the import, with the file and its checksum', async () => {
    const entries = await sql<{ entity: string; action: string; actor_subject: string; actor_document: string; actor_checksum: string; after: { reference: string } }>(
      `select entity, action, actor_subject, actor_document, actor_checksum, after from "operations"."change" where actor_kind = 'IMPORT' order by id`,
    );
    expect(entries.map((entry) => [entry.entity, entry.action, entry.after.reference])).toEqual(
      ['101', '102', '103', '104', '105', '106', '107'].map((id) => ['Ticket', 'CREATE', `MANTIS-${id}`]),
    );
    expect(entries[0]).toMatchObject({
      actor_subject: 'npm run import:mantis',
      actor_document: 'test/fixtures/mantis/export-2018.csv',
      actor_checksum: createHash('sha256').update(fixture('export-2018.csv')).digest('hex'),
    });
  });

  it('counts the imported tickets in ticketVolume and in the reconciliation, by Paris time', async () => {
    const { data, errors } = await graphql(
      hub.url,
      `{ volume: ticketVolume(year: 2018, groupBy: MEMBER) { key count }
         queues: ticketVolume(year: 2018, groupBy: QUEUE) { key count }
         reconciliation(year: 2018) { indicator reported recorded difference } }`,
      {},
      staff(),
    );
    expect(errors).toBeUndefined();
    // 101 (2018-01-01 in Paris, still 2017 in UTC) and 107 (31 December) are 2018's.
    expect(data.volume).toEqual([
      { key: 'BOBIGNY', count: 2 },
      { key: 'LA_COURNEUVE', count: 1 },
      { key: 'LE_BLANC_MESNIL', count: 1 },
      { key: 'SIRESCO', count: 1 },
      { key: 'SYREC', count: 1 },
      { key: 'TREMBLAY_EN_FRANCE', count: 1 },
      { key: 'TOTAL', count: 7 },
    ]);
    expect(data.queues).toEqual([
      { key: 'SUPPORT', count: 6 },
      { key: 'TECHNICAL', count: 1 },
      { key: 'TOTAL', count: 7 },
    ]);
    expect(data.reconciliation).toEqual(
      expect.arrayContaining([
        { indicator: 'SUPPORT_TICKETS', reported: 4490, recorded: 6, difference: 6 - 4490 },
        { indicator: 'TECHNICAL_TICKETS', reported: 3190, recorded: 1, difference: 1 - 3190 },
      ]),
    );
    // The rollup the volumes read is exact: it agrees with a count over the tickets.
    const [{ rollup, tickets }] = await sql<{ rollup: string; tickets: string }>(
      `select (select sum(count) from "operations"."ticket_monthly_volume") as rollup, (select count(*) from "operations"."ticket") as tickets`,
    );
    expect(Number(rollup)).toBe(Number(tickets));
  });

  it('updates on a second import, never duplicates: unchanged issues stay, changed ones move on with their history', async () => {
    const again = await runImport('export-2018.csv');
    expect(again).toMatchObject({ created: [], updated: [], committed: true });
    expect(again.unchanged).toHaveLength(7);
    expect(await ticketCount()).toBe(7);

    const later = await runImport('export-2018-updated.csv');
    expect(later).toMatchObject({ created: ['MANTIS-108'], updated: ['MANTIS-102', 'MANTIS-105'], problems: [], committed: true });
    expect(later.unchanged).toHaveLength(5);
    expect(await ticketCount()).toBe(8);
    const taken = await ticket('MANTIS-102');
    expect(taken).toMatchObject({ status: 'IN_PROGRESS', version: 2, provenance: { document: 'test/fixtures/mantis/export-2018-updated.csv' } });
    expect(taken.history.edges.map((edge: { node: { from: string | null; to: string } }) => [edge.node.from, edge.node.to])).toEqual([
      [null, 'NEW'],
      ['NEW', 'IN_PROGRESS'],
    ]);
    expect(await ticket('MANTIS-105')).toMatchObject({ status: 'RESOLVED', resolvedAt: '2018-06-03T22:00:00.000Z' });
    const updates = await sql<{ before: Record<string, unknown>; after: Record<string, unknown> }>(
      `select before, after from "operations"."change" where actor_kind = 'IMPORT' and action = 'UPDATE' and after->>'status' = 'IN_PROGRESS'`,
    );
    expect(updates).toHaveLength(1);
    expect(updates[0].before).toMatchObject({ status: 'NEW' });
    expect(updates[0].after).toMatchObject({ status: 'IN_PROGRESS', version: 2 });
  });

  it('reads the REST API’s issue list the same way', async () => {
    const report = await runImport('issues-2018.json');
    expect(report).toMatchObject({ format: 'json', created: ['MANTIS-201', 'MANTIS-202', 'MANTIS-203', 'MANTIS-204'], problems: [], committed: true });
    expect(await ticket('MANTIS-202')).toMatchObject({ status: 'NEW', kind: 'REQUEST', member: { code: 'TREMBLAY_EN_FRANCE' }, application: { id: 'gesdem' } });
    expect(await ticket('MANTIS-203')).toMatchObject({ status: 'CLOSED', queue: 'TECHNICAL', priority: 'CRITICAL', description: null, closedAt: '2018-10-01T09:05:00.000Z' });
    expect((await ticket('MANTIS-201')).description).toBe('Les familles de l\'école Anatole-France\nont reçu deux factures pour juin.\n\nMerci de vérifier le lot n° 6.');
    expect((await runImport('issues-2018.json')).unchanged).toHaveLength(4);
  });

  it('keeps a ticket changed in the hub since its import, and refuses the file unless told to skip it', async () => {
    const before = await ticket('MANTIS-104');
    const { errors } = await graphql(
      hub.url,
      'mutation C($input: ChangeTicketStatusInput!) { changeTicketStatus(input: $input) { version } }',
      { input: { reference: 'MANTIS-104', status: 'PENDING', expectedVersion: before.version, comment: 'waiting for the SYREC' } },
      staff(),
    );
    expect(errors).toBeUndefined();
    const refused = await runImport('export-2018-updated.csv');
    expect(refused).toMatchObject({ committed: false, created: [], updated: [] });
    expect(refused.problems).toEqual([
      { line: 6, mantisId: 104, reason: "MANTIS-104 was changed in the hub since its import (version 2, imported as 1): the hub's record is kept" },
    ]);
    const skipped = await runImport('export-2018-updated.csv', { skipBadRows: true });
    expect(skipped).toMatchObject({ committed: true, created: [], updated: [] });
    expect(skipped.unchanged).toHaveLength(7);
    expect((await ticket('MANTIS-104')).status).toBe('PENDING');
  });
});

describe('files and rows the import cannot take', () => {
  it('refuses the whole file by default when a row cannot be mapped, naming each row’s line and reason', async () => {
    const count = await ticketCount();
    const report = await runImport('bad-rows.csv');
    expect(report.committed).toBe(false);
    expect(report.problems).toEqual([
      { line: 3, mantisId: 402, reason: 'the project "Ville de Paris" maps to no member (add it to "members" in the mapping file, or fill the Adhérent field)' },
      { line: 4, mantisId: 403, reason: expect.stringMatching(/^the status "testing" is not mapped/) },
      { line: 5, mantisId: 404, reason: 'the submission date "2018-02-30" is not a Y-m-d date' },
      { line: 6, mantisId: 405, reason: expect.stringMatching(/^the Application "Photoshop" is no catalogue application/) },
      { line: 7, mantisId: 401, reason: 'the issue id 401 appears twice (first on line 2)' },
      { line: 8, mantisId: 406, reason: 'has 3 fields where the header has 22' },
    ]);
    expect(await ticketCount()).toBe(count);
  });

  it('imports the good rows only with skipBadRows, in one transaction', async () => {
    const count = await ticketCount();
    const report = await runImport('bad-rows.csv', { skipBadRows: true });
    expect(report).toMatchObject({ committed: true, created: ['MANTIS-401', 'MANTIS-407'] });
    expect(report.problems).toHaveLength(6);
    expect(await ticketCount()).toBe(count + 2);
  });

  it('writes nothing when the database fails midway: tickets, history and audit commit together', async () => {
    // A fault injected where the import writes last (its audit entries), after every ticket was inserted.
    await sql(`create function "operations"."fail_import"() returns trigger language plpgsql as $$
      begin raise exception 'injected failure'; end; $$`);
    await sql(`create trigger "fail_import" before insert on "operations"."change" for each row
      when (new.actor_document = 'boom.csv') execute function "operations"."fail_import"()`);
    try {
      const counts = async () => (await sql<{ t: string; h: string }>(
        'select (select count(*) from "operations"."ticket") as t, (select count(*) from "operations"."ticket_status_change") as h',
      ))[0];
      const before = await counts();
      await expect(
        importMantisExport(orm.em.fork(), { document: 'boom.csv', bytes: fixture('issues-2018.json'), mapping: buildMapping({ source: 'mantis-boom' }), hub: references }),
      ).rejects.toThrow(/injected failure/);
      expect(await counts()).toEqual(before);
      expect(await sql(`select 1 from "operations"."ticket" where external_source = 'mantis-boom'`)).toEqual([]);
    } finally {
      await sql('drop trigger "fail_import" on "operations"."change"');
      await sql('drop function "operations"."fail_import"()');
    }
  });

  it('rejects files that are not MantisBT exports and writes nothing', async () => {
    const count = await ticketCount();
    for (const name of ['not-mantis.csv', 'broken-quote.csv', 'broken.json', 'not-issues.json']) {
      await expect(runImport(name)).rejects.toThrow(MantisFileError);
    }
    expect(await ticketCount()).toBe(count);
  });

  it('keeps ids unique per source: the same issue id from another install is another ticket', async () => {
    const report = await runImport('export-2018-fr.csv', { mapping: buildMapping({ source: 'mantis-syrec' }), read: { dateFormat: 'd/m/Y' } });
    expect(report.created).toEqual(['MANTIS-SYREC-301', 'MANTIS-SYREC-302', 'MANTIS-SYREC-303']);
    const again = await runImport('export-2018-fr.csv', { mapping: buildMapping({ source: 'mantis' }), read: { dateFormat: 'd/m/Y' } });
    expect(again.created).toEqual(['MANTIS-301', 'MANTIS-302', 'MANTIS-303']);
    expect(await ticket('MANTIS-SYREC-302')).toMatchObject({ status: 'PENDING', externalSource: 'mantis-syrec', externalId: '302' });
  });
});

describe('the command', () => {
  const SCRIPT = path.join(__dirname, '../dist/scripts/import-mantis.js');
  const run = (args: string[]) =>
    promisify(execFile)('node', [SCRIPT, ...args], {
      cwd: path.join(__dirname, '..'),
      env: { ...process.env, DATABASE_URL: hub.database.url, LOG_LEVEL: 'silent', INIT_CWD: path.join(__dirname, '..') },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  beforeAll(() => {
    if (!existsSync(SCRIPT)) throw new Error('dist/ is missing: run `npm run build` (npm test does it)');
  });

  it('answers --help', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: npm run import:mantis -- <file> [options]');
  });

  // Each run is a new Node process that migrates and seeds (idempotent) before importing: slow on a loaded machine.
  const COMMAND_TIMEOUT_MS = 180_000;

  it('imports with a mapping file and prints a JSON report; a second run changes nothing', async () => {
    const mapping = path.join(mkdtempSync(path.join(tmpdir(), 'mantis-mapping-')), 'mapping.json');
    writeFileSync(mapping, JSON.stringify({ source: 'mantis-cli', statuses: { acknowledged: 'IN_PROGRESS' } }));
    const first = await run(['test/fixtures/mantis/issues-2018.json', '--mapping', mapping, '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ source: 'mantis-cli', created: ['MANTIS-CLI-201', 'MANTIS-CLI-202', 'MANTIS-CLI-203', 'MANTIS-CLI-204'] });
    // The mapping file's status table overrides the default (acknowledged → ASSIGNED).
    expect((await ticket('MANTIS-CLI-204')).status).toBe('IN_PROGRESS');
    const second = await run(['test/fixtures/mantis/issues-2018.json', '--mapping', mapping]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('0 ticket(s) were created, 0 updated, 4 unchanged');
  }, COMMAND_TIMEOUT_MS);

  it('exits 2 listing the rows it cannot import, and 1 for an unusable file or option', async () => {
    const bad = await run(['test/fixtures/mantis/bad-rows.csv', '--source', 'mantis-cli']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('line 3 (issue 402): the project "Ville de Paris" maps to no member');
    expect(bad.stdout).toContain('Nothing was imported');
    expect(await run(['test/fixtures/mantis/not-mantis.csv'])).toMatchObject({ code: 1, stderr: expect.stringContaining('not a MantisBT CSV export') });
    expect(await run(['test/fixtures/mantis/missing.csv'])).toMatchObject({ code: 1, stderr: expect.stringContaining('Cannot read') });
    expect(await run(['test/fixtures/mantis/export-2018.csv', '--date-format', 'Y/d/m'])).toMatchObject({ code: 1 });
    expect(await run(['test/fixtures/mantis/export-2018.csv', '--colour'])).toMatchObject({ code: 1, stderr: expect.stringContaining('--help') });
  }, COMMAND_TIMEOUT_MS);
});
