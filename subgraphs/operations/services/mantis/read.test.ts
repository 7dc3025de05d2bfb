import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TicketKind, TicketPriority, TicketQueue, TicketStatus } from '../../entities/enums';
import { CsvSyntaxError, parseCsv } from './csv';
import { buildMapping, type HubReferences, isProblem, type MappedTicket, mapIssue, MappingFileError } from './mapping';
import { MantisFileError, parseCsvDate, readMantisExport } from './read';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../../../../test/fixtures/mantis', name), 'utf8');

describe('parseCsv (MantisBT csv_api quoting)', () => {
  it('strips the BOM, splits CRLF records, keeps quoted separators, doubled quotes and line breaks, and counts lines', () => {
    const records = parseCsv('\uFEFFId,Summary\r\n1,"a, ""b""\r\nc"\r\n\r\n2,plain\r\n');
    expect(records).toEqual([
      { line: 1, fields: ['Id', 'Summary'] },
      { line: 2, fields: ['1', 'a, "b"\r\nc'] },
      { line: 5, fields: ['2', 'plain'] },
    ]);
  });

  it('removes the TAB that injection protection puts before = - + @, only in quoted fields', () => {
    expect(parseCsv('"\t=SUM(A1)","\t-3",\tplain\n')[0].fields).toEqual(['=SUM(A1)', '-3', '\tplain']);
  });

  it('reads another separator and a last record without a line end', () => {
    expect(parseCsv('a;"b;c"\n1;2', ';')).toEqual([
      { line: 1, fields: ['a', 'b;c'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });

  it('refuses an unclosed quote (naming the line it opened on) and text after a closing quote', () => {
    expect(() => parseCsv('a,b\n1,"open\nmore\n')).toThrow(new CsvSyntaxError('a quoted field is not closed', 2));
    expect(() => parseCsv('a,"b"c\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a,b"c\n')).toThrow(/quote inside an unquoted field/);
  });
});

describe('parseCsvDate', () => {
  it('reads MantisBT short dates as the server’s local time (Europe/Paris by default), winter and summer', () => {
    expect(parseCsvDate('2018-01-01', 'Y-m-d', 'Europe/Paris')?.toISOString()).toBe('2017-12-31T23:00:00.000Z');
    expect(parseCsvDate('2018-07-14 10:30', 'Y-m-d', 'Europe/Paris')?.toISOString()).toBe('2018-07-14T08:30:00.000Z');
    expect(parseCsvDate('14/07/2018', 'd/m/Y', 'Europe/Paris')?.toISOString()).toBe('2018-07-13T22:00:00.000Z');
    expect(parseCsvDate('07/14/2018', 'm/d/Y', 'UTC')?.toISOString()).toBe('2018-07-14T00:00:00.000Z');
  });

  it('refuses impossible or mis-formatted dates', () => {
    for (const text of ['2018-02-30', '2018-13-01', '2018-1-1x', '01/02/2018', '2018-01-01 24:00']) {
      expect(parseCsvDate(text, 'Y-m-d', 'Europe/Paris')).toBeNull();
    }
    expect(parseCsvDate('31/02/2018', 'd/m/Y', 'Europe/Paris')).toBeNull();
  });
});

describe('readMantisExport', () => {
  it('reads the English CSV export: BOM, padded ids, a quoted multi-line summary, French accents, a custom field', () => {
    const { format, issues, problems } = readMantisExport(fixture('export-2018.csv'));
    expect(format).toBe('csv');
    expect(problems).toEqual([]);
    expect(issues.map((issue) => [issue.id, issue.line])).toEqual([
      [101, 2], [102, 3], [103, 4], [104, 6], [105, 7], [106, 8], [107, 9],
    ]);
    const [first, second, third, , , sixth] = issues;
    expect(first).toMatchObject({ project: 'Bobigny', reporter: 'jdupont', handler: 'mmartin', priority: 'high', severity: 'major', category: 'Incident', status: 'resolved', resolution: 'fixed' });
    expect(first.summary).toBe('Mélodie : écran blanc à l\'ouverture');
    expect(first.customFields.get('Application')).toBe('Mélodie');
    expect(first.submittedAt.toISOString()).toBe('2017-12-31T23:00:00.000Z');
    expect(second.summary).toBe('Création d\'un compte "Concerto" pour l\'école Jules-Ferry, périscolaire');
    expect(second.handler).toBeNull();
    expect(third.summary).toBe('Impression des titres de recette\r\nbloquée depuis la mise à jour de février');
    expect(sixth.summary.startsWith('=SOMME(A1:A3)')).toBe(true);
  });

  it('reads a French CSV export (titles and values in French) with d/m/Y dates', () => {
    const { issues, problems } = readMantisExport(fixture('export-2018-fr.csv'), { dateFormat: 'd/m/Y' });
    expect(problems).toEqual([]);
    expect(issues.map((issue) => [issue.id, issue.status, issue.priority, issue.project])).toEqual([
      [301, 'traité', 'élevée', 'Ville de Bobigny'],
      [302, 'retour  d’informations', 'normale', 'Tremblay'],
      [303, 'affecté', 'urgente', 'SYREC'],
    ]);
    expect(issues[0].submittedAt.toISOString()).toBe('2018-09-14T22:00:00.000Z');
    expect(issues[2].summary).toBe('Coupure de la liaison fibre\nvers la cuisine centrale');
  });

  it('reads the REST API issue list, with the line of each issue and its custom fields', () => {
    const { format, issues, problems } = readMantisExport(fixture('issues-2018.json'));
    expect(format).toBe('json');
    expect(problems).toEqual([]);
    expect(issues.map((issue) => issue.id)).toEqual([201, 202, 203, 204]);
    expect(issues[0].line).toBe(3);
    expect(issues[0]).toMatchObject({ status: 'resolved', priority: 'high', category: 'Incident', project: 'La Courneuve', handler: 'mmartin', reporter: 'adurand' });
    expect(issues[0].description).toContain('\nont reçu deux factures');
    expect(issues[0].submittedAt.toISOString()).toBe('2018-07-02T07:15:00.000Z');
    expect(issues[1].customFields.get('Adhérent')).toBe('Tremblay');
    expect(issues[2].customFields.has('Application')).toBe(false);
    expect(issues[3].handler).toBeNull();
    expect(issues[3].customFields.size).toBe(0);
  });

  it('reports unreadable rows with their line and keeps the others', () => {
    const { issues, problems } = readMantisExport(fixture('bad-rows.csv'));
    expect(issues.map((issue) => issue.id)).toEqual([401, 402, 403, 405, 401, 407]);
    expect(problems).toEqual([
      { line: 5, mantisId: 404, reason: 'the submission date "2018-02-30" is not a Y-m-d date' },
      { line: 8, mantisId: 406, reason: 'has 3 fields where the header has 22' },
    ]);
  });

  it('rejects files that are not MantisBT exports, naming why', () => {
    expect(() => readMantisExport(fixture('not-mantis.csv'))).toThrow(/line 1: not a MantisBT CSV export: no "Id", "Summary", "Status", "Date Submitted" column/);
    expect(() => readMantisExport(fixture('broken-quote.csv'))).toThrow(new MantisFileError('Not a readable CSV file: line 2: a quoted field is not closed'));
    expect(() => readMantisExport(fixture('broken.json'))).toThrow(/Not a readable JSON file/);
    expect(() => readMantisExport(fixture('not-issues.json'))).toThrow(/no "issues" array/);
    expect(() => readMantisExport('\uFEFF  ')).toThrow(/empty/);
    expect(() => readMantisExport('Id,Id,Summary,Status,Date Submitted\n')).toThrow(/appears twice/);
  });

  it('reports JSON issues without id, summary, status or a valid date', () => {
    const text = JSON.stringify({
      issues: [
        { summary: 'no id', status: { name: 'new' }, created_at: '2018-01-01T00:00:00Z' },
        { id: 2, summary: ' ', status: { name: 'new' }, created_at: '2018-01-01T00:00:00Z' },
        { id: 3, summary: 'x', created_at: '2018-01-01T00:00:00Z' },
        { id: 4, summary: 'x', status: { name: 'new' }, created_at: '2018-01-01' },
        'not an object',
      ],
    });
    expect(readMantisExport(text).problems.map((problem) => problem.reason)).toEqual([
      'issues[0] has no positive integer "id"',
      'no summary',
      'no status name',
      '"created_at" "2018-01-01" is not an ISO 8601 date-time',
      'issues[4] is not an object',
    ]);
  });
});

describe('mapIssue', () => {
  const hub: HubReferences = {
    memberCodes: new Set(['BOBIGNY', 'LE_BLANC_MESNIL', 'LA_COURNEUVE', 'TREMBLAY_EN_FRANCE', 'SIRESCO', 'SYREC']),
    applicationsByName: new Map([
      ['melodie', 'melodie'], ['concerto', 'concerto'], ['finances', 'finances'], ['sigf', 'finances'], ['e conges', 'e-conges'],
      ['ccas/asweb', 'ccas-asweb'], ['gesdem', 'gesdem'], ['requiem', 'requiem'], ['alto', 'alto'], ['adagio', 'adagio'],
    ]),
    applicationIds: new Set(['melodie', 'concerto', 'finances', 'e-conges', 'ccas-asweb', 'gesdem', 'requiem', 'alto', 'adagio']),
  };
  const mapAll = (name: string, mapping = buildMapping(), options = {}) =>
    readMantisExport(fixture(name), options).issues.map((issue) => mapIssue(issue, mapping, hub));

  it('maps the seven MantisBT statuses, the priorities, members, categories and applications', () => {
    const tickets = mapAll('export-2018.csv') as MappedTicket[];
    expect(tickets.filter(isProblem)).toEqual([]);
    expect(tickets.map((t) => [t.reference, t.memberCode, t.status, t.priority, t.queue, t.kind, t.applicationId])).toEqual([
      ['MANTIS-101', 'BOBIGNY', TicketStatus.RESOLVED, TicketPriority.HIGH, TicketQueue.SUPPORT, TicketKind.INCIDENT, 'melodie'],
      ['MANTIS-102', 'LA_COURNEUVE', TicketStatus.NEW, TicketPriority.MEDIUM, TicketQueue.SUPPORT, TicketKind.REQUEST, 'concerto'],
      ['MANTIS-103', 'TREMBLAY_EN_FRANCE', TicketStatus.CLOSED, TicketPriority.HIGH, TicketQueue.SUPPORT, TicketKind.INCIDENT, 'finances'],
      ['MANTIS-104', 'SYREC', TicketStatus.IN_PROGRESS, TicketPriority.CRITICAL, TicketQueue.TECHNICAL, TicketKind.INCIDENT, null],
      ['MANTIS-105', 'LE_BLANC_MESNIL', TicketStatus.PENDING, TicketPriority.LOW, TicketQueue.SUPPORT, TicketKind.INCIDENT, 'e-conges'],
      ['MANTIS-106', 'SIRESCO', TicketStatus.ASSIGNED, TicketPriority.CRITICAL, TicketQueue.SUPPORT, TicketKind.INCIDENT, 'finances'],
      ['MANTIS-107', 'BOBIGNY', TicketStatus.ASSIGNED, TicketPriority.LOW, TicketQueue.SUPPORT, TicketKind.INCIDENT, 'ccas-asweb'],
    ]);
    expect(tickets[0].openedBy).toBe('mantis:jdupont');
  });

  it('maps French values, and the member from a custom field before the project', () => {
    const french = mapAll('export-2018-fr.csv', buildMapping(), { dateFormat: 'd/m/Y' }) as MappedTicket[];
    expect(french.map((t) => [t.memberCode, t.status, t.priority, t.queue, t.kind, t.applicationId])).toEqual([
      ['BOBIGNY', TicketStatus.RESOLVED, TicketPriority.HIGH, TicketQueue.SUPPORT, TicketKind.INCIDENT, 'requiem'],
      ['TREMBLAY_EN_FRANCE', TicketStatus.PENDING, TicketPriority.MEDIUM, TicketQueue.SUPPORT, TicketKind.REQUEST, 'alto'],
      ['SYREC', TicketStatus.IN_PROGRESS, TicketPriority.CRITICAL, TicketQueue.TECHNICAL, TicketKind.INCIDENT, null],
    ]);
    const rest = mapAll('issues-2018.json') as MappedTicket[];
    expect(rest.map((t) => [t.memberCode, t.status, t.queue, t.kind, t.applicationId])).toEqual([
      ['LA_COURNEUVE', TicketStatus.RESOLVED, TicketQueue.SUPPORT, TicketKind.INCIDENT, 'concerto'],
      ['TREMBLAY_EN_FRANCE', TicketStatus.NEW, TicketQueue.SUPPORT, TicketKind.REQUEST, 'gesdem'],
      ['SYREC', TicketStatus.CLOSED, TicketQueue.TECHNICAL, TicketKind.INCIDENT, null],
      ['BOBIGNY', TicketStatus.ASSIGNED, TicketQueue.SUPPORT, TicketKind.INCIDENT, null],
    ]);
  });

  it('says why a row cannot be mapped', () => {
    const results = mapAll('bad-rows.csv');
    expect(results.filter(isProblem)).toEqual([
      { line: 3, mantisId: 402, reason: 'the project "Ville de Paris" maps to no member (add it to "members" in the mapping file, or fill the Adhérent field)' },
      { line: 4, mantisId: 403, reason: 'the status "testing" is not mapped (known: new, feedback, acknowledged, confirmed, assigned, resolved, closed; add it to "statuses")' },
      { line: 6, mantisId: 405, reason: 'the Application "Photoshop" is no catalogue application nor alias (add it to "applications" in the mapping file)' },
    ]);
  });

  it('lets a mapping file add names and override tables, and validates it', () => {
    const mapping = buildMapping({
      source: 'mantis-2',
      members: { 'Ville de Paris': 'BOBIGNY' },
      statuses: { testing: 'IN_PROGRESS', resolved: 'CLOSED' },
      applications: { Photoshop: 'melodie' },
      categories: { General: { queue: 'TECHNICAL', kind: 'REQUEST' } },
    });
    const results = mapAll('bad-rows.csv', mapping) as MappedTicket[];
    expect(results.filter(isProblem)).toEqual([]);
    expect(results.map((t) => [t.reference, t.memberCode, t.status, t.queue, t.kind])).toContainEqual(['MANTIS-2-402', 'BOBIGNY', 'NEW', 'TECHNICAL', 'REQUEST']);
    expect(results.find((t) => t.mantisId === 403)?.status).toBe('IN_PROGRESS');
    expect(results.find((t) => t.mantisId === 405)?.applicationId).toBe('melodie');

    expect(() => buildMapping({ statuses: { new: 'OPEN' } })).toThrow(MappingFileError);
    expect(() => buildMapping({ members: { Paris: 'paris' } })).toThrow(/members.Paris: member codes are upper case/);
    expect(() => buildMapping({ source: 'Mantis BT' })).toThrow(/source must be/);
    expect(() => buildMapping({ colour: 'blue' })).toThrow(MappingFileError);
    expect(() => buildMapping([])).toThrow(MappingFileError);
  });

  it('refuses a member code the mapping names but governance does not know', () => {
    const [first] = readMantisExport(fixture('export-2018.csv')).issues;
    const result = mapIssue(first, buildMapping({ members: { Bobigny: 'PARIS' } }), hub);
    expect(isProblem(result) && result.reason).toMatch(/the project "Bobigny" maps to no member/);
  });
});
