import { inflateRawSync } from 'node:zlib';

/**
 * Reads an .xlsx back for the tests, independently of the library that wrote it: the ZIP container
 * with node:zlib, then the workbook's XML as written (sheet name, shared strings, number formats,
 * cells). It says what a spreadsheet would see: each cell's type as stored (number, boolean,
 * string), dates recognised as Excel does (a number with a date format), and empty cells.
 */

export type ReadCell =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number; format: string }
  /** A day (YYYY-MM-DD), or an instant in UTC (ISO 8601) when the format shows the time. */
  | { type: 'date'; value: string; format: string }
  | { type: 'boolean'; value: boolean }
  | { type: 'empty' };

export interface ReadWorkbook {
  /** Every file of the ZIP, by path. */
  files: Map<string, Buffer>;
  sheetNames: string[];
  /** The first sheet's rows, each as wide as the widest row (missing cells are empty). */
  rows: ReadCell[][];
  /** Rows frozen at the top of the first sheet (0 when none). */
  frozenRows: number;
}

/** The files of a ZIP archive, from its central directory (stored or deflated entries). */
export function unzip(archive: Buffer): Map<string, Buffer> {
  let end = archive.length - 22;
  while (end >= 0 && archive.readUInt32LE(end) !== 0x06054b50) end -= 1;
  if (end < 0) throw new Error('Not a ZIP archive: no end of central directory');
  const count = archive.readUInt16LE(end + 10);
  let offset = archive.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let index = 0; index < count; index += 1) {
    if (archive.readUInt32LE(offset) !== 0x02014b50) throw new Error('Corrupt ZIP central directory');
    const method = archive.readUInt16LE(offset + 10);
    const compressedSize = archive.readUInt32LE(offset + 20);
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    const localOffset = archive.readUInt32LE(offset + 42);
    const name = archive.toString('utf8', offset + 46, offset + 46 + nameLength);
    const dataStart = localOffset + 30 + archive.readUInt16LE(localOffset + 26) + archive.readUInt16LE(localOffset + 28);
    const data = archive.subarray(dataStart, dataStart + compressedSize);
    if (method !== 0 && method !== 8) throw new Error(`ZIP entry ${name}: unsupported compression ${method}`);
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

const unescapeXml = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&amp;/g, '&');

const attribute = (tag: string, name: string): string | undefined => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** Excel's built-in formats that show a number as a date (ids 14-22, 45-47). */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** A format code shows a date when it has d, m or y outside quoted text and brackets. */
const isDateFormat = (code: string) => /[dmy]/i.test(code.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, ''));

/** Excel's serial day (1900 date system) as an ISO date, or an ISO instant (UTC) when the format shows the time. */
function serialToIso(serial: number, format: string): string {
  const iso = new Date(Math.round((serial - 25569) * 86_400_000)).toISOString();
  return /h/i.test(format.replace(/"[^"]*"/g, '')) ? iso : iso.slice(0, 10);
}

const columnIndex = (reference: string) => [...(/^[A-Z]+/.exec(reference)?.[0] ?? '')].reduce((sum, letter) => sum * 26 + letter.charCodeAt(0) - 64, 0) - 1;

export function readXlsx(archive: Buffer): ReadWorkbook {
  const files = unzip(archive);
  const text = (name: string) => {
    const file = files.get(name);
    if (!file) throw new Error(`The workbook has no ${name}`);
    return file.toString('utf8');
  };
  const sheetNames = [...text('xl/workbook.xml').matchAll(/<sheet\s[^>]*>/g)].map((match) => unescapeXml(attribute(match[0], 'name') ?? ''));
  const relations = text('xl/_rels/workbook.xml.rels');
  const firstSheetId = attribute(/<sheet\s[^>]*>/.exec(text('xl/workbook.xml'))?.[0] ?? '', 'r:id');
  const target = [...relations.matchAll(/<Relationship\s[^>]*>/g)].map((match) => match[0]).find((tag) => attribute(tag, 'Id') === firstSheetId);
  const sheetPath = `xl/${attribute(target ?? '', 'Target')?.replace(/^\/?xl\//, '')}`;

  const sharedStrings = files.has('xl/sharedStrings.xml')
    ? [...text('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((match) => [...match[1].matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((t) => unescapeXml(t[1])).join(''))
    : [];
  const styles = files.has('xl/styles.xml') ? text('xl/styles.xml') : '';
  const customFormats = new Map([...styles.matchAll(/<numFmt\s[^>]*>/g)].map((match) => [Number(attribute(match[0], 'numFmtId')), unescapeXml(attribute(match[0], 'formatCode') ?? '')]));
  const cellXfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? '';
  const styleFormats = [...cellXfs.matchAll(/<xf\b[^>]*>/g)].map((match) => Number(attribute(match[0], 'numFmtId') ?? 0));

  const sheet = text(sheetPath);
  const rows: ReadCell[][] = [];
  for (const rowMatch of sheet.matchAll(/<row\b([^>]*)>([\s\S]*?)<\/row>/g)) {
    const rowIndex = Number(attribute(rowMatch[0], 'r')) - 1;
    const row: ReadCell[] = [];
    for (const cellMatch of rowMatch[2].matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const tag = `<c${cellMatch[1]}>`;
      const body = cellMatch[2] ?? '';
      const type = attribute(tag, 't') ?? 'n';
      const raw = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      let cell: ReadCell;
      if (type === 'inlineStr') cell = { type: 'string', value: unescapeXml(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/.exec(body)?.[1] ?? '') };
      else if (raw === undefined) cell = { type: 'empty' };
      else if (type === 's') cell = { type: 'string', value: sharedStrings[Number(raw)] };
      else if (type === 'str') cell = { type: 'string', value: unescapeXml(raw) };
      else if (type === 'b') cell = { type: 'boolean', value: raw === '1' };
      else if (type === 'n') {
        const formatId = styleFormats[Number(attribute(tag, 's') ?? 0)] ?? 0;
        const format = customFormats.get(formatId) ?? (formatId === 0 ? 'General' : `builtin:${formatId}`);
        const isDate = BUILT_IN_DATE_FORMATS.has(formatId) || (customFormats.has(formatId) && isDateFormat(format));
        cell = isDate ? { type: 'date', value: serialToIso(Number(raw), format), format } : { type: 'number', value: Number(raw), format };
      } else throw new Error(`Cell ${attribute(tag, 'r')}: unexpected type ${type}`);
      row[columnIndex(attribute(tag, 'r') ?? 'A1')] = cell;
    }
    rows[rowIndex] = row;
  }
  const width = Math.max(0, ...rows.map((row) => row?.length ?? 0));
  const filled = Array.from({ length: rows.length }, (_, index) => Array.from({ length: width }, (_, column): ReadCell => rows[index]?.[column] ?? { type: 'empty' }));
  const pane = /<pane\b[^>]*>/.exec(sheet)?.[0];
  const frozenRows = pane && attribute(pane, 'state') === 'frozen' ? Number(attribute(pane, 'ySplit') ?? 0) : 0;
  return { files, sheetNames, rows: filled, frozenRows };
}

/** A cell's value as plain JavaScript (null for an empty cell): what a test compares with the CSV. */
export const plain = (cell: ReadCell): string | number | boolean | null => (cell.type === 'empty' ? null : cell.value);
