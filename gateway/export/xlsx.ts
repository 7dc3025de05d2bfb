import writeXlsxFile, { type Cell, type Row } from 'write-excel-file/node';
import type { CsvRow, CsvValue } from './csv';

/**
 * The spreadsheet formats of the exports: `.xlsx` and `.fr.xlsx`, one sheet named after what it
 * holds, a bold header row kept in view, then one row per export row with typed cells: numbers are
 * numbers, dates are dates, booleans are booleans, a missing value (null) is an empty cell.
 *
 * `.fr.xlsx` is for French offices: French headers and sheet name, dates shown jj/mm/aaaa. Numbers
 * carry Excel's locale-aware formats (`#,##0`, `0.0%`): Excel and LibreOffice show them with the
 * reader's own separators, so a French installation shows 179 838 240 and -12,5 %. The values
 * themselves never change with the language.
 */

/** How a column's values are typed in a spreadsheet; CSV and JSON carry them as they are. */
export type ColumnType = 'text' | 'year' | 'integer' | 'number' | 'ratio' | 'date' | 'datetime' | 'boolean';

export interface ExportColumn {
  /** The CSV and JSON name, and the header of `.xlsx`. */
  name: string;
  type: ColumnType;
  /** The header of `.fr.xlsx`. */
  french: string;
}

export interface SheetName {
  en: string;
  fr: string;
}

const DATE_FORMAT = { en: 'yyyy-mm-dd', fr: 'dd/mm/yyyy' };
/** Instants are written in UTC (a spreadsheet has no time zone), to the second. */
const DATETIME_FORMAT = { en: 'yyyy-mm-dd hh:mm:ss', fr: 'dd/mm/yyyy hh:mm:ss' };

/** Excel number formats by column type (codes are written in Excel's invariant syntax and shown in the reader's locale). */
const NUMBER_FORMAT: Record<'year' | 'integer' | 'ratio', string> = {
  year: '0',
  integer: '#,##0',
  ratio: '0.0%',
};

/** The value an export row holds for a date column: an ISO date (YYYY-MM-DD), as in CSV and JSON. */
function isoDate(value: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) throw new Error(`Not an ISO date: ${value}`);
  // Excel dates have no time zone: midnight UTC is the day itself (write-excel-file counts days in UTC).
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

function typedCell(value: CsvValue | undefined, column: ExportColumn, french: boolean): Cell {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'text':
      return { type: String, value: String(value) };
    case 'boolean':
      if (typeof value !== 'boolean') throw new Error(`Column ${column.name} holds a boolean, not ${JSON.stringify(value)}`);
      return { type: Boolean, value };
    case 'date':
      return { type: Date, value: isoDate(String(value)), format: DATE_FORMAT[french ? 'fr' : 'en'] };
    case 'datetime': {
      const instant = new Date(String(value));
      if (Number.isNaN(instant.getTime())) throw new Error(`Column ${column.name} holds an instant, not ${JSON.stringify(value)}`);
      return { type: Date, value: instant, format: DATETIME_FORMAT[french ? 'fr' : 'en'] };
    }
    case 'number':
      if (typeof value !== 'number') throw new Error(`Column ${column.name} holds a number, not ${JSON.stringify(value)}`);
      // Whole figures grouped by thousands; others keep their decimals (up to three shown).
      return { type: Number, value, format: Number.isInteger(value) ? NUMBER_FORMAT.integer : '#,##0.0##' };
    default:
      if (typeof value !== 'number') throw new Error(`Column ${column.name} holds a number, not ${JSON.stringify(value)}`);
      return { type: Number, value, format: NUMBER_FORMAT[column.type] };
  }
}

/** Excel refuses sheet names longer than 31 characters or with any of : \ / ? * [ ]. */
export function safeSheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31).trim();
}

/** The workbook as bytes: one sheet, the header row, then the rows. */
export async function toXlsx(columns: readonly ExportColumn[], rows: readonly CsvRow[], sheet: SheetName, french: boolean): Promise<Buffer> {
  const header: Row = columns.map((column) => ({ type: String, value: french ? column.french : column.name, fontWeight: 'bold' as const }));
  const data: Row[] = [header, ...rows.map((row) => columns.map((column) => typedCell(row[column.name], column, french)))];
  // Wide enough for the header and the longest value as text (dates: 10 characters), within reason.
  const widths = columns.map((column) => {
    const longest = Math.max((french ? column.french : column.name).length, ...rows.map((row) => String(row[column.name] ?? '').length));
    return { width: Math.min(Math.max(longest + 2, 8), 60) };
  });
  return writeXlsxFile(data, { sheet: safeSheetName(french ? sheet.fr : sheet.en), columns: widths, stickyRowsCount: 1 }).toBuffer();
}
