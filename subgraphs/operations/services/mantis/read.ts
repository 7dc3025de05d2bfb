import { CsvSyntaxError, parseCsv } from './csv';

/**
 * Reads MantisBT's two export formats into one shape:
 * - the CSV export (csv_export.php): one row per issue, columns titled in the exporting user's
 *   language (English and French titles are recognised), dates in `$g_short_date_format`
 *   (Y-m-d by default, in the server's time zone), the id zero-padded to `$g_display_bug_padding`;
 *   a column whose title is not a standard one is a custom field, titled by its name;
 * - the REST API's issue list (GET /api/rest/issues): {"issues": [{id, summary, description,
 *   project{name}, category{name}, reporter{name}, handler{name}, status{name, label},
 *   resolution{name}, priority{name}, severity{name}, created_at, updated_at,
 *   custom_fields[{field{name}, value}]}]}, enum `name`s in English, dates in ISO 8601 with offset.
 */

export type MantisFormat = 'csv' | 'json';

export interface MantisIssue {
  /** Where the issue is in the file: its line (CSV: the row's first line; JSON: the line of its opening brace). */
  line: number;
  id: number;
  project: string | null;
  reporter: string | null;
  handler: string | null;
  priority: string | null;
  severity: string | null;
  reproducibility: string | null;
  category: string | null;
  submittedAt: Date;
  updatedAt: Date | null;
  summary: string;
  description: string | null;
  status: string;
  resolution: string | null;
  /** Custom fields by name, as exported (CSV: by column title). */
  customFields: Map<string, string>;
}

/** A row that cannot be read; it is reported and not imported. */
export interface RowProblem {
  line: number;
  mantisId: number | null;
  reason: string;
}

export interface ReadResult {
  format: MantisFormat;
  issues: MantisIssue[];
  problems: RowProblem[];
}

/** The whole file is unusable (not CSV nor JSON, a missing column, broken quoting): nothing is imported. */
export class MantisFileError extends Error {}

export type CsvDateFormat = 'Y-m-d' | 'd/m/Y' | 'm/d/Y';
export const CSV_DATE_FORMATS: readonly CsvDateFormat[] = ['Y-m-d', 'd/m/Y', 'm/d/Y'];

export interface ReadOptions {
  /** `$g_short_date_format` of the exporting install, for CSV dates (a time part H:i or H:i:s may follow). */
  dateFormat?: CsvDateFormat;
  /** Time zone of the exporting server (`$g_default_timezone`), for CSV dates, which carry none. */
  timeZone?: string;
  /** `$g_csv_separator`. */
  separator?: string;
}

type StandardColumn =
  | 'id'
  | 'project'
  | 'reporter'
  | 'handler'
  | 'priority'
  | 'severity'
  | 'reproducibility'
  | 'category'
  | 'submitted'
  | 'updated'
  | 'summary'
  | 'description'
  | 'status'
  | 'resolution';

/** Compares titles without case, accents, apostrophe style or extra spaces. */
export function titleKey(title: string): string {
  return title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘`]/g, "'")
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Column titles of MantisBT's English and French language files (lang/strings_*.txt). */
const STANDARD_TITLES: Record<StandardColumn, string[]> = {
  id: ['Id', 'ID', 'Identifiant'],
  project: ['Project', 'Projet'],
  reporter: ['Reporter', 'Rapporteur'],
  handler: ['Assigned To', 'Affecté à'],
  priority: ['Priority', 'Priorité'],
  severity: ['Severity', 'Sévérité'],
  reproducibility: ['Reproducibility', 'Reproductibilité'],
  category: ['Category', 'Catégorie'],
  submitted: ['Date Submitted', 'Date de soumission'],
  updated: ['Updated', 'Mis à jour'],
  summary: ['Summary', 'Résumé'],
  description: ['Description'],
  status: ['Status', 'État'],
  resolution: ['Resolution', 'Résolution'],
};

/** Other standard export columns: read past, never taken for custom fields. */
const OTHER_STANDARD_TITLES = [
  'Product Version', 'Version du produit', 'Projection', 'ETA', 'Heure prévue d’arrivée', 'OS', 'Système d’exploitation',
  'OS Version', 'Version du système d’exploitation', 'Platform', 'Plateforme', 'View Status', 'Visibilité',
  'Fixed in Version', 'Résolue dans la version', 'Target Version', 'Version ciblée', 'Build', 'Tags', 'Étiquettes',
  'Due Date', 'Date d’échéance', 'Attachments', 'Pièces jointes', '#', 'Notes', 'Steps To Reproduce',
  'Étapes pour reproduire', 'Additional Information', 'Informations complémentaires', 'Duplicate ID', 'Sponsorship Total',
].map(titleKey);

const TITLE_TO_COLUMN = new Map<string, StandardColumn>(
  Object.entries(STANDARD_TITLES).flatMap(([column, titles]) => titles.map((title) => [titleKey(title), column as StandardColumn])),
);

const REQUIRED_COLUMNS: StandardColumn[] = ['id', 'summary', 'status', 'submitted'];

/** Reads a MantisBT export, CSV or REST JSON, told apart by their first character. */
export function readMantisExport(text: string, options: ReadOptions = {}): ReadResult {
  const body = text.replace(/^\uFEFF/, '');
  const first = body.trimStart()[0];
  if (first === undefined) throw new MantisFileError('The file is empty');
  if (first === '{' || first === '[') return readRestJson(body);
  return readCsvExport(text, options);
}

// ---------------------------------------------------------------- CSV

function readCsvExport(text: string, options: ReadOptions): ReadResult {
  let records;
  try {
    records = parseCsv(text, options.separator ?? ',');
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new MantisFileError(`Not a readable CSV file: ${error.message}`);
    throw error;
  }
  const [header, ...rows] = records;
  if (!header) throw new MantisFileError('The file is empty');
  const columns = new Map<StandardColumn, number>();
  const customColumns: { index: number; name: string }[] = [];
  header.fields.forEach((title, index) => {
    const key = titleKey(title);
    const column = TITLE_TO_COLUMN.get(key);
    if (column) {
      if (columns.has(column)) throw new MantisFileError(`line 1: the column "${title}" appears twice`);
      columns.set(column, index);
    } else if (key !== '' && !OTHER_STANDARD_TITLES.includes(key)) {
      customColumns.push({ index, name: title.trim() });
    }
  });
  const missing = REQUIRED_COLUMNS.filter((column) => !columns.has(column));
  if (missing.length > 0) {
    const names = missing.map((column) => `"${STANDARD_TITLES[column][0]}"`).join(', ');
    throw new MantisFileError(
      `line 1: not a MantisBT CSV export: no ${names} column (found: ${header.fields.map((title) => `"${title}"`).join(', ')})`,
    );
  }
  const dateFormat = options.dateFormat ?? 'Y-m-d';
  const timeZone = options.timeZone ?? 'Europe/Paris';
  const issues: MantisIssue[] = [];
  const problems: RowProblem[] = [];
  for (const row of rows) {
    const cell = (column: StandardColumn): string | null => {
      const index = columns.get(column);
      if (index === undefined) return null;
      const value = (row.fields[index] ?? '').trim();
      return value === '' ? null : value;
    };
    const rawId = cell('id');
    const id = rawId !== null && /^\d{1,10}$/.test(rawId) ? Number(rawId) : null;
    const problem = (reason: string) => problems.push({ line: row.line, mantisId: id, reason });
    if (row.fields.length !== header.fields.length) {
      problem(`has ${row.fields.length} fields where the header has ${header.fields.length}`);
      continue;
    }
    if (id === null || id === 0) {
      problem(rawId === null ? 'no issue id' : `the issue id "${rawId}" is not a positive number`);
      continue;
    }
    const summary = cell('summary');
    if (summary === null) {
      problem('no summary');
      continue;
    }
    const status = cell('status');
    if (status === null) {
      problem('no status');
      continue;
    }
    const rawSubmitted = cell('submitted');
    const submittedAt = rawSubmitted === null ? null : parseCsvDate(rawSubmitted, dateFormat, timeZone);
    if (submittedAt === null) {
      problem(rawSubmitted === null ? 'no submission date' : `the submission date "${rawSubmitted}" is not a ${dateFormat} date`);
      continue;
    }
    const rawUpdated = cell('updated');
    const updatedAt = rawUpdated === null ? null : parseCsvDate(rawUpdated, dateFormat, timeZone);
    if (rawUpdated !== null && updatedAt === null) {
      problem(`the update date "${rawUpdated}" is not a ${dateFormat} date`);
      continue;
    }
    const customFields = new Map<string, string>();
    for (const { index, name } of customColumns) {
      const value = (row.fields[index] ?? '').trim();
      if (value !== '') customFields.set(name, value);
    }
    issues.push({
      line: row.line,
      id,
      project: cell('project'),
      reporter: cell('reporter'),
      handler: cell('handler'),
      priority: cell('priority'),
      severity: cell('severity'),
      reproducibility: cell('reproducibility'),
      category: cell('category'),
      submittedAt,
      updatedAt,
      summary,
      description: cell('description'),
      status,
      resolution: cell('resolution'),
      customFields,
    });
  }
  return { format: 'csv', issues, problems };
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds. */
function zoneOffset(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant of a wall-clock time in `timeZone` (the later one when a DST change repeats it). */
export function wallClockToInstant(
  parts: { year: number; month: number; day: number; hour: number; minute: number; second: number },
  timeZone: string,
): Date {
  const naive = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  let instant = naive - zoneOffset(naive, timeZone);
  instant = naive - zoneOffset(instant, timeZone);
  return new Date(instant);
}

const DATE_PATTERNS: Record<CsvDateFormat, RegExp> = {
  'Y-m-d': /^(?<year>\d{4})-(?<month>\d{1,2})-(?<day>\d{1,2})(?:[ T](?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second>\d{2}))?)?$/,
  'd/m/Y': /^(?<day>\d{1,2})\/(?<month>\d{1,2})\/(?<year>\d{4})(?: (?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second>\d{2}))?)?$/,
  'm/d/Y': /^(?<month>\d{1,2})\/(?<day>\d{1,2})\/(?<year>\d{4})(?: (?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second>\d{2}))?)?$/,
};

/** A CSV date (MantisBT prints dates without a zone: the server's local time); null when it is not one. */
export function parseCsvDate(text: string, format: CsvDateFormat, timeZone: string): Date | null {
  const match = DATE_PATTERNS[format].exec(text.trim());
  if (!match?.groups) return null;
  const value = (name: string) => (match.groups![name] === undefined ? 0 : Number(match.groups![name]));
  const parts = { year: value('year'), month: value('month'), day: value('day'), hour: value('hour'), minute: value('minute'), second: value('second') };
  const probe = new Date(Date.UTC(parts.year, parts.month - 1, parts.day));
  if (
    parts.month < 1 ||
    parts.month > 12 ||
    probe.getUTCDate() !== parts.day ||
    probe.getUTCMonth() !== parts.month - 1 ||
    parts.hour > 23 ||
    parts.minute > 59 ||
    parts.second > 59
  ) {
    return null;
  }
  return wallClockToInstant(parts, timeZone);
}

// ---------------------------------------------------------------- REST JSON

/** The line of each element's opening brace in the top-level "issues" array, found by a scan that skips strings. */
function issueLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '\n') line += 1;
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{' || char === '[') {
      // Root object (1) > issues array (2) > an issue: a brace met at depth 2.
      if (char === '{' && depth === 2) lines.push(line);
      depth += 1;
    } else if (char === '}' || char === ']') depth -= 1;
  }
  return lines;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `name` of a REST object such as project, category, status; or the value itself when the install sent a string. */
function nameOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (isRecord(value) && typeof value.name === 'string' && value.name.trim() !== '') return value.name.trim();
  return null;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

function parseIsoDate(value: unknown): Date | null {
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function readRestJson(text: string): ReadResult {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new MantisFileError(`Not a readable JSON file: ${(error as Error).message}`);
  }
  if (!isRecord(document) || !Array.isArray(document.issues)) {
    throw new MantisFileError('Not a MantisBT REST issue list: the JSON has no "issues" array (GET /api/rest/issues answers {"issues": […]})');
  }
  const lines = Object.keys(document).length === 1 ? issueLines(text) : [];
  const issues: MantisIssue[] = [];
  const problems: RowProblem[] = [];
  document.issues.forEach((entry: unknown, index) => {
    const line = lines[index] ?? index + 1;
    if (!isRecord(entry)) {
      problems.push({ line, mantisId: null, reason: `issues[${index}] is not an object` });
      return;
    }
    const id = typeof entry.id === 'number' && Number.isSafeInteger(entry.id) && entry.id > 0 ? entry.id : null;
    const problem = (reason: string) => problems.push({ line, mantisId: id, reason });
    if (id === null) return problem(`issues[${index}] has no positive integer "id"`);
    const summary = typeof entry.summary === 'string' ? entry.summary.trim() : '';
    if (summary === '') return problem('no summary');
    const status = nameOf(entry.status);
    if (status === null) return problem('no status name');
    const submittedAt = parseIsoDate(entry.created_at);
    if (submittedAt === null) return problem(`"created_at" ${JSON.stringify(entry.created_at ?? null)} is not an ISO 8601 date-time`);
    const updatedAt = entry.updated_at === undefined || entry.updated_at === null ? null : parseIsoDate(entry.updated_at);
    if (entry.updated_at !== undefined && entry.updated_at !== null && updatedAt === null) {
      return problem(`"updated_at" ${JSON.stringify(entry.updated_at)} is not an ISO 8601 date-time`);
    }
    const customFields = new Map<string, string>();
    if (entry.custom_fields !== undefined) {
      if (!Array.isArray(entry.custom_fields)) return problem('"custom_fields" is not an array');
      for (const customField of entry.custom_fields) {
        const name = isRecord(customField) ? nameOf(customField.field) : null;
        const value = isRecord(customField) ? customField.value : undefined;
        if (name === null || (typeof value !== 'string' && typeof value !== 'number')) return problem('a custom field without a name or value');
        if (String(value).trim() !== '') customFields.set(name, String(value).trim());
      }
    }
    const description = typeof entry.description === 'string' && entry.description.trim() !== '' ? entry.description.trim() : null;
    issues.push({
      line,
      id,
      project: nameOf(entry.project),
      reporter: nameOf(entry.reporter),
      handler: nameOf(entry.handler),
      priority: nameOf(entry.priority),
      severity: nameOf(entry.severity),
      reproducibility: nameOf(entry.reproducibility),
      category: nameOf(entry.category),
      submittedAt,
      updatedAt,
      summary,
      description,
      status,
      resolution: nameOf(entry.resolution),
      customFields,
    });
  });
  return { format: 'json', issues, problems };
}
