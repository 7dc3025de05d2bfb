import { HttpError } from '../../lib/http';
import type { TicketGrouping } from './operations.generated';

/** How a query-string value is read: a four-digit year, `true`/`false`, a ticket grouping (any case), some text, or an ISO 8601 date(-time). */
export type ParameterKind = 'year' | 'boolean' | 'grouping' | 'text' | 'datetime';

export interface ParameterSpec {
  kind: ParameterKind;
  required: boolean;
}

/** The kind that reads a variable of type T. */
type KindOf<T> = T extends number ? 'year' : T extends boolean ? 'boolean' : T extends TicketGrouping ? 'grouping' : never;

/**
 * One spec per variable of an export's operation, by name, in the order `GET /export` lists them:
 * the kind follows the variable's type and `required` its optionality, so they cannot disagree.
 */
export type ParameterSpecs<TVariables> = {
  [K in keyof TVariables]-?: { kind: KindOf<NonNullable<TVariables[K]>>; required: undefined extends TVariables[K] ? false : true };
};

/** Parameters as read from the query string. */
export type ParameterValues = Record<string, string | number | boolean>;

const GROUPINGS: readonly TicketGrouping[] = ['MEMBER', 'MONTH', 'QUEUE', 'KIND'];

export const badParameter = (message: string, field: string) => new HttpError(400, 'BAD_USER_INPUT', message + ` (field: ${field})`);

function parseValue(key: string, raw: string, kind: ParameterKind): string | number | boolean {
  if (kind === 'year') {
    if (!/^\d{4}$/.test(raw)) throw badParameter(`${key} must be a four-digit year`, key);
    return Number(raw);
  }
  if (kind === 'boolean') {
    if (raw !== 'true' && raw !== 'false') throw badParameter(`${key} must be true or false`, key);
    return raw === 'true';
  }
  if (kind === 'text') {
    if (raw === '' || raw.length > 200) throw badParameter(`${key} must be 1 to 200 characters`, key);
    return raw;
  }
  if (kind === 'datetime') {
    const at = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw) ? new Date(raw) : null;
    if (!at || Number.isNaN(at.getTime())) throw badParameter(`${key} must be an ISO 8601 date or date-time, e.g. 2019-01-01 or 2019-01-01T00:00:00Z`, key);
    return at.toISOString();
  }
  const grouping = raw.toUpperCase();
  if (!GROUPINGS.includes(grouping as TicketGrouping)) throw badParameter(`${key} must be one of ${GROUPINGS.join(', ')}`, key);
  return grouping;
}

/**
 * Reads and validates the query string against an export's parameters; `sep=semicolon` asks for
 * the French CSV (`french`). Anything unknown, repeated, malformed or missing is BAD_USER_INPUT.
 */
export function parseParameters(
  exportName: string,
  specs: Readonly<Record<string, ParameterSpec>>,
  search: URLSearchParams,
): { params: ParameterValues; french: boolean } {
  const params: ParameterValues = {};
  let french = false;
  for (const key of new Set(search.keys())) {
    if (search.getAll(key).length > 1) throw badParameter(`Parameter ${key} is given more than once`, key);
    const raw = (search.get(key) ?? '').trim();
    if (key === 'sep') {
      if (raw !== 'comma' && raw !== 'semicolon') throw badParameter('sep must be comma or semicolon', key);
      french = raw === 'semicolon';
      continue;
    }
    const spec = Object.hasOwn(specs, key) ? specs[key] : undefined;
    if (!spec) throw badParameter(`Unknown parameter ${key} for export ${exportName} (known: ${[...Object.keys(specs), 'sep'].join(', ')})`, key);
    params[key] = parseValue(key, raw, spec.kind);
  }
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.required && params[name] === undefined) throw badParameter(`Parameter ${name} is required`, name);
  }
  return { params, french };
}
