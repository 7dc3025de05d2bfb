/**
 * A CSV reader for MantisBT's export (csv_export.php / core/csv_api.php): UTF-8 with a byte-order
 * mark, CRLF line ends, a configurable separator (`$g_csv_separator`, ',' by default), and a field
 * quoted only when it holds a quote, the separator, CR or LF, quotes doubled inside. With
 * `$g_csv_injection_protection` (on by default) a value starting with = - + or @ is written as a
 * quoted field starting with a TAB, which is removed here.
 *
 * Each record keeps the physical line it starts on, so that errors name the line a person sees in
 * an editor (a quoted multi-line summary spans several lines).
 */

export interface CsvRecord {
  /** 1-based line of the file where the record starts (the header is line 1). */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

const BOM = '\uFEFF';
const INJECTION_PREFIX = /^\t[=\-+@]/;

/** Parses the whole text; throws CsvSyntaxError on an unterminated quote or text after a closing quote. */
export function parseCsv(text: string, separator = ','): CsvRecord[] {
  if (separator.length !== 1 || separator === '"' || separator === '\r' || separator === '\n') {
    throw new Error(`The CSV separator must be one character other than a quote or a line end, not ${JSON.stringify(separator)}`);
  }
  const input = text.startsWith(BOM) ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let quoteOpenedOn = 0;
  let i = 0;

  const endField = () => {
    fields.push(quoted && INJECTION_PREFIX.test(field) ? field.slice(1) : field);
    field = '';
    quoted = false;
  };
  const endRecord = () => {
    endField();
    // A blank line (one empty field) is not a record.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
  };

  while (i < input.length) {
    const char = input[i];
    if (char === '"' && field === '' && !quoted) {
      // A quoted field: read to its closing quote, doubled quotes standing for one.
      quoted = true;
      quoteOpenedOn = line;
      i += 1;
      for (;;) {
        if (i >= input.length) throw new CsvSyntaxError('a quoted field is not closed', quoteOpenedOn);
        const inner = input[i];
        if (inner === '"') {
          if (input[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        if (inner === '\n') line += 1;
        field += inner;
        i += 1;
      }
      const next = input[i];
      if (next !== undefined && next !== separator && next !== '\r' && next !== '\n') {
        throw new CsvSyntaxError(`unexpected ${JSON.stringify(next)} after a closing quote`, line);
      }
      continue;
    }
    if (char === separator) {
      endField();
      i += 1;
      continue;
    }
    if (char === '\r' || char === '\n') {
      endRecord();
      i += char === '\r' && input[i + 1] === '\n' ? 2 : 1;
      line += 1;
      recordLine = line;
      continue;
    }
    if (char === '"' && !quoted) {
      throw new CsvSyntaxError('a quote inside an unquoted field (MantisBT quotes such fields)', line);
    }
    field += char;
    i += 1;
  }
  if (field !== '' || fields.length > 0 || quoted) endRecord();
  return records;
}
