import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { closestNames, didYouMean, type IntakePath, type IntakeProblem } from '../../lib/intake';
import { PROJECT_ROOT } from '../../lib/paths';
import type { IntakeFile } from './format';

/**
 * Reading an intake file: bytes → text (UTF-8 only, with a BOM or not, CRLF or LF), text → data
 * (YAML, or JSON when the name ends in .json), data → checked against schema/intake.schema.json.
 * Every problem found is kept with where it is (line and path), so that the person who wrote the
 * file gets all of them at once.
 */

export const INTAKE_SCHEMA_PATH = path.join(PROJECT_ROOT, 'schema', 'intake.schema.json');

export interface LocatedProblem extends IntakeProblem {
  /** 1-based line in the file; null when the problem is about the whole file. */
  line: number | null;
}

export interface ReadIntake {
  file: string;
  checksum: string;
  /** The data when the file could be parsed and matches the schema; null otherwise. */
  data: IntakeFile | null;
  problems: LocatedProblem[];
  /** The line of a path in the file (the nearest enclosing node that exists). */
  lineOf(path: IntakePath): number | null;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Bytes → text. Problems: UTF-16, binary, and bytes that are not UTF-8 (most often Latin-1 accents), each line named. */
export function decodeText(bytes: Buffer): { text: string | null; problems: LocatedProblem[] } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return {
      text: null,
      problems: [{ path: [], line: null, message: 'the file is saved as UTF-16', expected: 'a text file saved as UTF-8', hint: 'save it again choosing the encoding “UTF-8”' }],
    };
  }
  const body = bytes.subarray(0, 3).equals(UTF8_BOM) ? bytes.subarray(3) : bytes;
  if (body.includes(0)) {
    return { text: null, problems: [{ path: [], line: null, message: 'the file is not a text file (it holds binary data)', expected: 'a YAML or JSON text file' }] };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), problems: [] };
  } catch {
    // Name every line that is not UTF-8, with what its bytes say in Latin-1 (Windows' usual encoding).
    const problems: LocatedProblem[] = [];
    let start = 0;
    let line = 1;
    while (start <= body.length) {
      let end = body.indexOf(0x0a, start);
      if (end === -1) end = body.length;
      const bytesOfLine = body.subarray(start, end);
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytesOfLine);
      } catch {
        const latin1 = bytesOfLine.toString('latin1').replace(/\r$/, '');
        const odd = [...new Set([...bytesOfLine].filter((byte) => byte >= 0x80))].map((byte) => `${Buffer.from([byte]).toString('latin1')} (byte 0x${byte.toString(16).toUpperCase()})`);
        problems.push({
          path: [],
          line,
          message: `this line is not UTF-8: it looks like Latin-1/Windows-1252 text (${odd.join(', ')}): “${latin1.trim().slice(0, 80)}”`,
          expected: 'a file saved as UTF-8',
          hint: 'save the file again choosing the encoding “UTF-8” (in Notepad: Save as → Encoding → UTF-8); accents are welcome, in UTF-8',
        });
      }
      start = end + 1;
      line += 1;
    }
    return { text: null, problems };
  }
}

/** JSON.parse's position of a syntax error, as a 1-based line. */
function jsonErrorLine(text: string, message: string): number | null {
  const lineColumn = /line (\d+) column \d+/.exec(message);
  if (lineColumn) return Number(lineColumn[1]);
  const position = /at position (\d+)/.exec(message);
  if (position) return text.slice(0, Number(position[1])).split('\n').length;
  return null;
}

let compiledSchema: ReturnType<Ajv2020['compile']> | undefined;
let schemaDocument: Record<string, any> | undefined;

/** The committed JSON Schema, compiled once (ajv, all errors, not only the first). */
export function intakeSchema() {
  if (!compiledSchema) {
    schemaDocument = JSON.parse(fs.readFileSync(INTAKE_SCHEMA_PATH, 'utf8')) as Record<string, any>;
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true });
    // Our own annotation: what a value should look like, in words, for the error messages.
    ajv.addVocabulary(['expected']);
    compiledSchema = ajv.compile(schemaDocument);
  }
  return compiledSchema;
}

/** "indicators[0].PAGE_VIEWS" from a path. */
export function formatPath(path: IntakePath): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? key : `${text}.${key}`), '');
}

const describe = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a group of fields';
  if (typeof value === 'string') return `the text “${value.length > 60 ? `${value.slice(0, 60)}…` : value}”`;
  return String(value);
};

const TYPE_WORDS: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'some text',
  boolean: 'true or false',
  array: 'a list (lines starting with “- ”)',
  object: 'a group of fields (field: value)',
  null: 'null',
};

/** One ajv error → one problem in words, at its path. */
function problemOfSchemaError(error: ErrorObject): IntakeProblem {
  const path: (string | number)[] = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const expected = (error.parentSchema as { expected?: string } | undefined)?.expected;
  const found = describe(error.data);
  switch (error.keyword) {
    case 'type': {
      const types = ([] as string[]).concat((error.params as { type: string | string[] }).type);
      const words = expected ?? types.map((type) => TYPE_WORDS[type] ?? type).join(' or ');
      const digits = typeof error.data === 'string' ? error.data.trim() : '';
      const hint = /^\d+$/.test(digits)
        ? 'write the number without quotes'
        : /^[\d\s\u00a0\u202f.,]+$/.test(digits) && /\d/.test(digits)
          ? 'write numbers without spaces or separators: 179838240, not 179 838 240'
          : undefined;
      return { path, message: `expected ${words}, found ${found}`, expected: words, hint };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path, message: `${found} is out of range: expected ${expected ?? `a number ${error.message}`}`, expected: expected ?? error.message };
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      return { path: [...path, missing], message: `the field “${missing}” is missing`, expected: `a “${missing}:” line` };
    }
    case 'dependentRequired': {
      const { property, missingProperty } = error.params as { property: string; missingProperty: string };
      return { path: [...path, missingProperty], message: `“${property}” is given without “${missingProperty}”`, expected: `both ${property} and ${missingProperty}` };
    }
    case 'additionalProperties': {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys((error.parentSchema as { properties?: Record<string, unknown> }).properties ?? {});
      const close = closestNames(extra, known.map((name) => ({ names: [name], value: name })));
      return {
        path: [...path, extra],
        message: `unknown field “${extra}”`,
        expected: `one of ${known.join(', ')}`,
        hint: didYouMean(close.map((entry) => entry.name)),
      };
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const close = typeof error.data === 'string' ? closestNames(error.data, allowed.map((name) => ({ names: [name], value: name }))) : [];
      return { path, message: `${found} is not allowed`, expected: expected ?? `one of ${allowed.join(', ')}`, hint: didYouMean(close.map((entry) => entry.name)) };
    }
    case 'const':
      return { path, message: `${found} is not allowed`, expected: expected ?? JSON.stringify((error.params as { allowedValue: unknown }).allowedValue) };
    case 'pattern':
    case 'minLength':
    case 'maxLength':
      return { path, message: `${found} does not fit: expected ${expected ?? error.message}`, expected };
    case 'minProperties':
      return { path, message: 'this group is empty', expected: expected ?? 'at least one field besides the year' };
    case 'uniqueItems':
      return { path, message: 'the list repeats an entry', expected: 'each entry once' };
    case 'maxItems':
      return { path, message: `the list is too long (${error.message})` };
    default:
      return { path, message: error.message ?? `does not match the schema (${error.keyword})` };
  }
}

/** The 1-based line where `path` sits in a parsed YAML document: the key's line for a field, else the nearest parent's. */
function lineLocator(root: Node | null, lineCounter: LineCounter): (path: IntakePath) => number | null {
  const lineAt = (offset: number | undefined) => (offset === undefined ? null : lineCounter.linePos(offset).line);
  return (path) => {
    let node: Node | null = root;
    let line = root?.range ? lineAt(root.range[0]) : null;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
        if (!pair) break;
        line = isScalar(pair.key) && pair.key.range ? lineAt(pair.key.range[0]) : line;
        node = (pair.value as Node | null) ?? null;
      } else if (isSeq(node) && typeof key === 'number') {
        const item = node.items[key] as Node | undefined;
        if (!item) break;
        line = item.range ? lineAt(item.range[0]) : line;
        node = item;
      } else {
        break;
      }
    }
    return line;
  };
}

/** Reads, decodes, parses and checks an intake file against the schema. Never throws for a bad file. */
export function readIntakeFile(file: string, bytes: Buffer = fs.readFileSync(file)): ReadIntake {
  const checksum = createHash('sha256').update(bytes).digest('hex');
  const result = (data: IntakeFile | null, problems: LocatedProblem[], lineOf: ReadIntake['lineOf'] = () => null): ReadIntake => ({
    file,
    checksum,
    data,
    problems,
    lineOf,
  });
  const decoded = decodeText(bytes);
  if (decoded.text === null) return result(null, decoded.problems);
  const text = decoded.text;
  if (text.trim() === '' || text.split(/\r?\n/).every((line) => line.trim() === '' || line.trim().startsWith('#'))) {
    return result(null, [{ path: [], line: null, message: 'the file is empty', expected: 'the intake sections (see docs/intake.md and intake/samples/2019.sample.yaml)' }]);
  }
  const isJson = file.toLowerCase().endsWith('.json');
  if (isJson) {
    try {
      JSON.parse(text);
    } catch (error) {
      const message = (error as Error).message;
      return result(null, [{ path: [], line: jsonErrorLine(text, message), message: `this is not valid JSON: ${message}`, expected: 'a JSON object' }]);
    }
  }
  // JSON is YAML too: one parser gives lines for both.
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, version: '1.2' });
  if (document.errors.length > 0) {
    return result(
      null,
      document.errors.map((error) => ({
        path: [],
        line: lineCounter.linePos(error.pos[0]).line,
        message:
          error.code === 'DUPLICATE_KEY'
            ? `the field “${duplicateKeyAt(text, error.pos[0])}” is given twice in the same group`
            : `this is not valid ${isJson ? 'JSON' : 'YAML'}: ${firstLine(error.message)}`,
        expected: error.code === 'DUPLICATE_KEY' ? 'each field once per group' : isJson ? 'a JSON object' : 'YAML: “field: value” lines, lists with “- ”',
      })),
    );
  }
  const lineOf = lineLocator(document.contents as Node | null, lineCounter);
  const data = document.toJS({ maxAliasCount: 100 }) as unknown;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return result(null, [{ path: [], line: 1, message: `the file holds ${describe(data)}, not intake sections`, expected: 'lines such as “format: sii-hub-intake/1” and “year: 2019”' }], lineOf);
  }
  const validate = intakeSchema();
  if (validate(data)) return result(data as IntakeFile, [], lineOf);
  const problems = (validate.errors ?? [])
    // An `if`/`oneOf` wrapper repeats what its branches say.
    .filter((error) => !['if', 'oneOf', 'anyOf'].includes(error.keyword))
    .map(problemOfSchemaError)
    .map((problem) => ({ ...problem, line: lineOf(problem.path) }));
  return result(null, sortByLine(dedupe(problems)), lineOf);
}

/** Problems in the order of the file (whole-file problems first). */
export function sortByLine<T extends { line: number | null }>(problems: T[]): T[] {
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort((a, b) => (a.problem.line ?? 0) - (b.problem.line ?? 0) || a.index - b.index)
    .map((entry) => entry.problem);
}

const firstLine = (text: string) => text.split('\n')[0].trim();

/** The key written on the line holding `offset` ("  - year: 2019" → "year"). */
function duplicateKeyAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  const line = text.slice(start, end === -1 ? undefined : end);
  return /^[\s-]*["']?([^:"'#]+?)["']?\s*:/.exec(line.slice(Math.max(0, offset - start)))?.[1] ?? /^[\s-]*["']?([^:"'#]+?)["']?\s*:/.exec(line)?.[1] ?? line.trim();
}

function dedupe(problems: LocatedProblem[]): LocatedProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${formatPath(problem.path)}|${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
