/** One cell of an export: an empty CSV cell is a missing value (null). */
export type CsvValue = string | number | boolean | null;
/** One row of an export, by column name. */
export type CsvRow = Record<string, CsvValue>;

function csvCell(value: CsvValue | undefined, separator: string, french: boolean): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' && french ? String(value).replace('.', ',') : String(value);
  if (text.includes(separator) || /["\r\n]/.test(text) || text !== text.trim()) text = `"${text.replace(/"/g, '""')}"`;
  return text;
}

/** A CSV document: header row, one line per row, CRLF; French variant with `;`, decimal commas and a BOM. */
export function toCsv(columns: readonly string[], rows: readonly CsvRow[], french: boolean): string {
  const separator = french ? ';' : ',';
  const lines = [columns.join(separator), ...rows.map((row) => columns.map((column) => csvCell(row[column] ?? null, separator, french)).join(separator))];
  return `${french ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}
