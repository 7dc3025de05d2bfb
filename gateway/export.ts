import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { HttpError, type RouteHandler, sendJson } from '../lib/http';
import { credentialHttpError } from '../lib/identity/errors';
import type { GatewayContext } from './index';

/**
 * BI exports: `GET /export/<name>.csv`, `.fr.csv` and `.json` on the gateway.
 *
 * Each export is one GraphQL operation run against the gateway's own graph as the caller (a token
 * or an API key, checked as for /graphql), so the rules of the subgraphs apply unchanged: an agent's
 * ticket-volume by member holds its own row and the total, exactly as in GraphQL.
 *
 * Formats: `.csv` is RFC 4180 (comma, dot decimals, CRLF, UTF-8 without BOM); `.fr.csv` (or
 * `.csv?sep=semicolon`) is for French spreadsheets: semicolons, decimal commas and a UTF-8 BOM so
 * that Excel reads accents right. Every CSV has a header row; an empty cell is a missing value
 * (null); dates are ISO 8601. `.json` wraps the same rows: { export, parameters, generatedAt, columns, rows }.
 */

type Value = string | number | boolean | null;
type Row = Record<string, Value>;
type Params = Record<string, string | number | boolean>;

interface ParameterSpec {
  name: string;
  kind: 'year' | 'boolean' | 'grouping';
  required: boolean;
}

interface ExportDefinition {
  name: string;
  description: string;
  parameters: ParameterSpec[];
  columns: string[];
  query: string;
  rows(data: any, params: Params): Row[];
  fileName(params: Params): string;
}

const INDICATOR_POINTS = `query ExportIndicators($from: Int, $to: Int) {
  indicators { code label unit series(from: $from, to: $to) { year value change source } }
}`;

export const EXPORTS: ExportDefinition[] = [
  {
    name: 'indicators',
    description: 'The synthesis table of technical data, one row per indicator and reported year (blank cell = not reported)',
    parameters: [
      { name: 'from', kind: 'year', required: false },
      { name: 'to', kind: 'year', required: false },
    ],
    columns: ['indicator', 'label', 'unit', 'year', 'value', 'change', 'source'],
    query: INDICATOR_POINTS,
    rows: (data) =>
      data.indicators.flatMap((indicator: any) =>
        indicator.series.map((point: any) => ({
          indicator: indicator.code,
          label: indicator.label,
          unit: indicator.unit,
          year: point.year,
          value: point.value,
          change: point.change,
          source: point.source,
        })),
      ),
    fileName: () => 'indicators',
  },
  {
    name: 'indicator-table',
    description: 'The synthesis table as the report prints it: one row per year, one column per indicator',
    parameters: [
      { name: 'from', kind: 'year', required: false },
      { name: 'to', kind: 'year', required: false },
    ],
    columns: ['year', 'DEPLOYMENTS', 'PAGE_VIEWS', 'MAILBOXES', 'CITRIX_USERS', 'SUPPORT_TICKETS', 'TECHNICAL_TICKETS', 'MONITORED_HOSTS', 'VIRTUAL_SERVERS'],
    query: INDICATOR_POINTS,
    rows: (data) => {
      const byYear = new Map<number, Row>();
      for (const indicator of data.indicators) {
        for (const point of indicator.series) {
          const row: Row = byYear.get(point.year) ?? { year: point.year };
          row[indicator.code] = point.value;
          byYear.set(point.year, row);
        }
      }
      return [...byYear.values()].sort((a, b) => (a.year as number) - (b.year as number));
    },
    fileName: () => 'indicator-table',
  },
  {
    name: 'deployments-by-application',
    description: 'Deployments to production of a year per application, from operations’ records',
    parameters: [
      { name: 'year', kind: 'year', required: true },
      { name: 'includeSynthetic', kind: 'boolean', required: false },
    ],
    columns: ['year', 'application_id', 'application_name', 'domain_code', 'count'],
    query: `query ExportDeployments($year: Int!, $includeSynthetic: Boolean) {
      deploymentsByApplication(year: $year, includeSynthetic: $includeSynthetic) { application { id name domain { code } } count }
    }`,
    rows: (data, params) =>
      data.deploymentsByApplication.map((row: any) => ({
        year: params.year as number,
        application_id: row.application.id,
        application_name: row.application.name ?? null,
        domain_code: row.application.domain?.code ?? null,
        count: row.count,
      })),
    fileName: (params) => `deployments-by-application-${params.year}`,
  },
  {
    name: 'ticket-volume',
    description: 'Tickets opened in a year per member, month, queue or kind, with a total row; per-member rows follow the caller’s rights',
    parameters: [
      { name: 'year', kind: 'year', required: true },
      { name: 'groupBy', kind: 'grouping', required: true },
      { name: 'includeSynthetic', kind: 'boolean', required: false },
    ],
    columns: ['year', 'group_by', 'key', 'member_code', 'member_name', 'month', 'period_start', 'queue', 'kind', 'is_total', 'count'],
    query: `query ExportTicketVolume($year: Int!, $groupBy: TicketGrouping!, $includeSynthetic: Boolean) {
      ticketVolume(year: $year, groupBy: $groupBy, includeSynthetic: $includeSynthetic) {
        groupBy isTotal key member { code name } month periodStart queue kind count
      }
    }`,
    rows: (data, params) =>
      data.ticketVolume.map((row: any) => ({
        year: params.year as number,
        group_by: row.groupBy,
        key: row.key,
        member_code: row.member?.code ?? null,
        member_name: row.member?.name ?? null,
        month: row.month,
        period_start: row.periodStart,
        queue: row.queue,
        kind: row.kind,
        is_total: row.isTotal,
        count: row.count,
      })),
    fileName: (params) => `ticket-volume-${params.year}-${String(params.groupBy).toLowerCase()}`,
  },
  {
    name: 'reconciliation',
    description: 'Reported figures of a year that disagree with operations’ records (difference = recorded − reported)',
    parameters: [
      { name: 'year', kind: 'year', required: true },
      { name: 'includeSynthetic', kind: 'boolean', required: false },
    ],
    columns: ['year', 'indicator', 'label', 'reported', 'recorded', 'difference', 'relative_difference'],
    query: `query ExportReconciliation($year: Int!, $includeSynthetic: Boolean) {
      reconciliation(year: $year, includeSynthetic: $includeSynthetic) { year indicator label reported recorded difference relativeDifference }
    }`,
    rows: (data) =>
      data.reconciliation.map((row: any) => ({
        year: row.year,
        indicator: row.indicator,
        label: row.label,
        reported: row.reported,
        recorded: row.recorded,
        difference: row.difference,
        relative_difference: row.relativeDifference,
      })),
    fileName: (params) => `reconciliation-${params.year}`,
  },
];

export type ExportFormat = 'csv' | 'fr.csv' | 'json';
const FORMATS: ExportFormat[] = ['csv', 'fr.csv', 'json'];
const GROUPINGS = ['MEMBER', 'MONTH', 'QUEUE', 'KIND'];

const badParameter = (message: string, field: string) =>
  new HttpError(400, 'BAD_USER_INPUT', message + ` (field: ${field})`);

/** Reads and validates the query string against the export's parameters. */
export function parseParameters(definition: ExportDefinition, search: URLSearchParams): { params: Params; french: boolean } {
  const params: Params = {};
  let french = false;
  for (const key of new Set(search.keys())) {
    if (search.getAll(key).length > 1) throw badParameter(`Parameter ${key} is given more than once`, key);
    const raw = (search.get(key) ?? '').trim();
    if (key === 'sep') {
      if (raw !== 'comma' && raw !== 'semicolon') throw badParameter('sep must be comma or semicolon', key);
      french = raw === 'semicolon';
      continue;
    }
    const spec = definition.parameters.find((parameter) => parameter.name === key);
    if (!spec) {
      const known = [...definition.parameters.map((parameter) => parameter.name), 'sep'].join(', ');
      throw badParameter(`Unknown parameter ${key} for export ${definition.name} (known: ${known})`, key);
    }
    if (spec.kind === 'year') {
      if (!/^\d{4}$/.test(raw)) throw badParameter(`${key} must be a four-digit year`, key);
      params[key] = Number(raw);
    } else if (spec.kind === 'boolean') {
      if (raw !== 'true' && raw !== 'false') throw badParameter(`${key} must be true or false`, key);
      params[key] = raw === 'true';
    } else {
      const grouping = raw.toUpperCase();
      if (!GROUPINGS.includes(grouping)) throw badParameter(`${key} must be one of ${GROUPINGS.join(', ')}`, key);
      params[key] = grouping;
    }
  }
  for (const spec of definition.parameters) {
    if (spec.required && params[spec.name] === undefined) throw badParameter(`Parameter ${spec.name} is required`, spec.name);
  }
  return { params, french };
}

function csvCell(value: Value, separator: string, french: boolean): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' && french ? String(value).replace('.', ',') : String(value);
  if (text.includes(separator) || /["\r\n]/.test(text) || text !== text.trim()) text = `"${text.replace(/"/g, '""')}"`;
  return text;
}

/** A CSV document: header row, one line per row, CRLF; French variant with `;`, decimal commas and a BOM. */
export function toCsv(columns: string[], rows: Row[], french: boolean): string {
  const separator = french ? ';' : ',';
  const lines = [columns.join(separator), ...rows.map((row) => columns.map((column) => csvCell(row[column] ?? null, separator, french)).join(separator))];
  return `${french ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}

const STATUS_OF_CODE: Record<string, number> = { BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404 };

/** Authenticates a request and vouches for its viewer, as for /graphql (gateway/index.ts). */
export type ContextOf = (req: IncomingMessage, requestId: string) => Promise<GatewayContext>;

async function runExport(
  apollo: ApolloServer<GatewayContext>,
  contextOf: ContextOf,
  definition: ExportDefinition,
  format: ExportFormat,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const parsed = parseParameters(definition, url.searchParams);
  const french = format === 'fr.csv' || (format === 'csv' && parsed.french);
  if (format === 'json' && url.searchParams.has('sep')) throw badParameter('sep only applies to CSV', 'sep');
  let contextValue: GatewayContext;
  try {
    contextValue = await contextOf(req, requestId);
  } catch (error) {
    throw credentialHttpError(error);
  }
  const response = await apollo.executeOperation({ query: definition.query, variables: parsed.params }, { contextValue });
  if (response.body.kind !== 'single') throw new Error('Unexpected incremental response to an export');
  const { data, errors } = response.body.singleResult;
  if (errors && errors.length > 0) {
    const code = typeof errors[0].extensions?.code === 'string' ? errors[0].extensions.code : 'INTERNAL_SERVER_ERROR';
    throw new HttpError(STATUS_OF_CODE[code] ?? 502, code, errors[0].message);
  }
  const rows = definition.rows(data, parsed.params);
  const headers = { 'cache-control': 'no-store', vary: 'Authorization, X-API-Key' };
  const baseName = definition.fileName(parsed.params);
  if (format === 'json') {
    sendJson(
      res,
      200,
      { export: definition.name, parameters: parsed.params, generatedAt: new Date().toISOString(), columns: definition.columns, rows },
      headers,
    );
    return;
  }
  const body = toCsv(definition.columns, rows, french);
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8; header=present',
    'content-disposition': `attachment; filename="${baseName}${french ? '.fr' : ''}.csv"`,
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/** The routes to add to the gateway: every export in every format, and `GET /export` listing them. */
export function exportRoutes(apollo: ApolloServer<GatewayContext>, contextOf: ContextOf): Record<string, RouteHandler> {
  const routes: Record<string, RouteHandler> = {
    'GET /export': (_req, res) =>
      sendJson(res, 200, {
        formats: FORMATS.map((format) => `.${format}`),
        exports: EXPORTS.map((definition) => ({
          name: definition.name,
          description: definition.description,
          parameters: definition.parameters.map(({ name, required }) => ({ name, required })),
          columns: definition.columns,
          urls: FORMATS.map((format) => `/export/${definition.name}.${format}`),
        })),
      }),
  };
  for (const definition of EXPORTS) {
    for (const format of FORMATS) {
      routes[`GET /export/${definition.name}.${format}`] = (req, res, requestId) =>
        runExport(apollo, contextOf, definition, format, req, res, requestId);
    }
  }
  return routes;
}
