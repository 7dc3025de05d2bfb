import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { HttpError, type RouteHandler, sendJson } from '../../lib/http';
import { credentialHttpError } from '../../lib/identity/errors';
import type { GatewayContext } from '../context';
import type { ContextOf } from '../identity';
import { asTrustedExecution } from '../persisted-operations';
import { type CsvRow, toCsv } from './csv';
import { type ExportDefinition, EXPORTS, type RunOperation } from './definitions';
import type { TypedDocument } from './operations.generated';
import { badParameter, parseParameters, type ParameterValues } from './parameters';
import { type SheetName, toXlsx } from './xlsx';

/**
 * The export routes of the gateway. Formats: `.csv` is RFC 4180 (comma, dot decimals, CRLF,
 * UTF-8 without BOM); `.fr.csv` (or `.csv?sep=semicolon`) is for French spreadsheets: semicolons,
 * decimal commas and a UTF-8 BOM so that Excel reads accents right. Every CSV has a header row;
 * an empty cell is a missing value (null); dates are ISO 8601. `.xlsx` and `.fr.xlsx` are Excel
 * workbooks with typed cells, the latter with French headers (xlsx.ts). `.json` wraps the same rows:
 * { export, parameters, generatedAt, columns, rows }.
 */
export type ExportFormat = 'csv' | 'fr.csv' | 'xlsx' | 'fr.xlsx' | 'json';
const FORMATS: ExportFormat[] = ['csv', 'fr.csv', 'xlsx', 'fr.xlsx', 'json'];
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const STATUS_OF_CODE: Record<string, number> = { BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, SERVICE_UNAVAILABLE: 503 };

/**
 * Runs operations through the gateway's own graph as the caller; the first GraphQL error becomes the
 * HTTP answer. The documents are the gateway's own (operations.graphql), so the execution is
 * trusted: persisted-only mode, a guard on what clients send, does not refuse it. Everything else
 * applies as to the caller's own request (the caller's identity, each subgraph's rules, the limits).
 */
function operationRunner(apollo: ApolloServer<GatewayContext>, context: GatewayContext): RunOperation {
  return async <TResult, TVariables>(document: TypedDocument<TResult, TVariables>, variables: TVariables): Promise<TResult> => {
    const response = await apollo.executeOperation(
      { query: document, variables: variables as Record<string, unknown> },
      { contextValue: asTrustedExecution(context) },
    );
    if (response.body.kind !== 'single') throw new Error('Unexpected incremental response to an export');
    const { data, errors } = response.body.singleResult;
    if (errors && errors.length > 0) {
      const code = typeof errors[0].extensions?.code === 'string' ? errors[0].extensions.code : 'INTERNAL_SERVER_ERROR';
      // A service that is away for a moment (a subgraph or the database restarting) says when to retry.
      const retryAfter = errors[0].extensions?.retryAfterSeconds;
      const headers: Record<string, string> = code === 'SERVICE_UNAVAILABLE' && typeof retryAfter === 'number' ? { 'retry-after': String(retryAfter) } : {};
      throw new HttpError(STATUS_OF_CODE[code] ?? 502, code, errors[0].message, headers);
    }
    // The operation's own result type: codegen derived it from this document and the served schema.
    return data as TResult;
  };
}

const NO_STORE = { 'cache-control': 'no-store', vary: 'Authorization, X-API-Key' };

function sendCsv(res: ServerResponse, definition: ExportDefinition, rows: CsvRow[], fileName: string, french: boolean): void {
  const body = toCsv(definition.columns, rows, french);
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8; header=present',
    'content-disposition': `attachment; filename="${fileName}${french ? '.fr' : ''}.csv"`,
    'content-length': Buffer.byteLength(body),
    ...NO_STORE,
  });
  res.end(body);
}

async function sendXlsx(res: ServerResponse, definition: ExportDefinition, rows: CsvRow[], fileName: string, sheet: SheetName, french: boolean): Promise<void> {
  const body = await toXlsx(definition.typedColumns, rows, sheet, french);
  res.writeHead(200, {
    'content-type': XLSX_TYPE,
    'content-disposition': `attachment; filename="${fileName}${french ? '.fr' : ''}.xlsx"`,
    'content-length': body.length,
    ...NO_STORE,
  });
  res.end(body);
}

function sendRowsAsJson(res: ServerResponse, definition: ExportDefinition, parameters: ParameterValues, rows: CsvRow[]): void {
  const body = { export: definition.name, parameters, generatedAt: new Date().toISOString(), columns: definition.columns, rows };
  sendJson(res, 200, body, NO_STORE);
}

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
  const parsed = parseParameters(definition.name, definition.parameters, url.searchParams);
  const french = format === 'fr.csv' || (format === 'csv' && parsed.french);
  if ((format === 'json' || format.endsWith('xlsx')) && url.searchParams.has('sep')) throw badParameter('sep only applies to CSV', 'sep');
  // The caller's token or API key, checked as for /graphql (gateway/identity.ts).
  const context = await contextOf(req, requestId).catch((error: unknown) => {
    throw credentialHttpError(error);
  });
  const { rows, fileName, sheet } = await definition.produce(parsed.params, operationRunner(apollo, context));
  if (format === 'json') sendRowsAsJson(res, definition, parsed.params, rows);
  else if (format.endsWith('xlsx')) await sendXlsx(res, definition, rows, fileName, sheet, format === 'fr.xlsx');
  else sendCsv(res, definition, rows, fileName, french);
}

/** `GET /export`: what can be exported, with which parameters and columns, at which URLs. */
function listExports(): unknown {
  return {
    formats: FORMATS.map((format) => `.${format}`),
    exports: EXPORTS.map((definition) => ({
      name: definition.name,
      description: definition.description,
      parameters: Object.entries(definition.parameters).map(([name, { required }]) => ({ name, required })),
      columns: definition.columns,
      urls: FORMATS.map((format) => `/export/${definition.name}.${format}`),
    })),
  };
}

/** The routes to add to the gateway: every export in every format, and `GET /export` listing them. */
export function exportRoutes(apollo: ApolloServer<GatewayContext>, contextOf: ContextOf): Record<string, RouteHandler> {
  const routes: Record<string, RouteHandler> = { 'GET /export': (_req, res) => sendJson(res, 200, listExports()) };
  for (const definition of EXPORTS) {
    for (const format of FORMATS) {
      routes[`GET /export/${definition.name}.${format}`] = (req, res, requestId) => runExport(apollo, contextOf, definition, format, req, res, requestId);
    }
  }
  return routes;
}
