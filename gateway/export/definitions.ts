import type { CsvRow } from './csv';
import {
  ExportChangesDocument,
  ExportDeploymentsDocument,
  ExportIndicatorsDocument,
  ExportReconciliationDocument,
  ExportTicketVolumeDocument,
  type ExportChangesQuery,
  type ExportChangesQueryVariables,
  type TypedDocument,
} from './operations.generated';
import type { ParameterSpec, ParameterSpecs, ParameterValues } from './parameters';

/**
 * The BI exports: `GET /export/<name>.csv`, `.fr.csv` and `.json` on the gateway (routes.ts).
 *
 * Each export is one GraphQL operation (operations.graphql, typed by `npm run codegen`) run
 * against the gateway's own graph with the caller's token, so the rules of the subgraphs apply
 * unchanged: an agent's ticket-volume by member holds its own row and the total, exactly as in GraphQL.
 */

/** Runs a typed operation with the caller's token; a GraphQL error is thrown, not returned. */
export type RunOperation = <TResult, TVariables>(document: TypedDocument<TResult, TVariables>, variables: TVariables) => Promise<TResult>;

/** An export as the routes see it: its result and variables types are sealed inside `produce`. */
export interface ExportDefinition {
  name: string;
  description: string;
  parameters: Readonly<Record<string, ParameterSpec>>;
  columns: readonly string[];
  /** Runs the operation with parameters that parseParameters validated against `parameters`. */
  produce(parameters: ParameterValues, run: RunOperation): Promise<{ rows: CsvRow[]; fileName: string }>;
}

interface TypedExport<TResult, TVariables> {
  name: string;
  description: string;
  parameters: ParameterSpecs<TVariables>;
  columns: readonly string[];
  document: TypedDocument<TResult, TVariables>;
  rows(data: TResult, variables: TVariables): CsvRow[];
  fileName(variables: TVariables): string;
}

function defineExport<TResult, TVariables>(definition: TypedExport<TResult, TVariables>): ExportDefinition {
  const { document, rows, fileName, ...described } = definition;
  return {
    ...described,
    parameters: definition.parameters as Readonly<Record<string, ParameterSpec>>,
    async produce(parameters, run) {
      // Sound because parseParameters checked each value against `parameters`, which ParameterSpecs derives from TVariables.
      const variables = parameters as TVariables;
      const data = await run(document, variables);
      return { rows: rows(data, variables), fileName: fileName(variables) };
    },
  };
}

const YEAR_RANGE = { from: { kind: 'year', required: false }, to: { kind: 'year', required: false } } as const;
const INDICATOR_CODES = ['DEPLOYMENTS', 'PAGE_VIEWS', 'MAILBOXES', 'CITRIX_USERS', 'SUPPORT_TICKETS', 'TECHNICAL_TICKETS', 'MONITORED_HOSTS', 'VIRTUAL_SERVERS'];
const OF_YEAR = { year: { kind: 'year', required: true }, includeSynthetic: { kind: 'boolean', required: false } } as const;

export const EXPORTS: readonly ExportDefinition[] = [
  defineExport({
    name: 'indicators',
    description: 'The synthesis table of technical data, one row per indicator and reported year (blank cell = not reported)',
    parameters: YEAR_RANGE,
    columns: ['indicator', 'label', 'unit', 'year', 'value', 'change', 'source'],
    document: ExportIndicatorsDocument,
    rows: (data) =>
      data.indicators.flatMap((indicator) =>
        indicator.series.map((point) => ({
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
  }),
  defineExport({
    name: 'indicator-table',
    description: 'The synthesis table as the report prints it: one row per year, one column per indicator',
    parameters: YEAR_RANGE,
    columns: ['year', ...INDICATOR_CODES],
    document: ExportIndicatorsDocument,
    rows: (data) => {
      const byYear = new Map<number, CsvRow>();
      for (const indicator of data.indicators) {
        for (const point of indicator.series) {
          const row = byYear.get(point.year) ?? { year: point.year };
          row[indicator.code] = point.value;
          byYear.set(point.year, row);
        }
      }
      return [...byYear.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
    },
    fileName: () => 'indicator-table',
  }),
  defineExport({
    name: 'deployments-by-application',
    description: 'Deployments to production of a year per application, from operations’ records',
    parameters: OF_YEAR,
    columns: ['year', 'application_id', 'application_name', 'domain_code', 'count'],
    document: ExportDeploymentsDocument,
    rows: (data, variables) =>
      data.deploymentsByApplication.map((row) => ({
        year: variables.year,
        application_id: row.application.id,
        application_name: row.application.name,
        domain_code: row.application.domain.code,
        count: row.count,
      })),
    fileName: (variables) => `deployments-by-application-${variables.year}`,
  }),
  defineExport({
    name: 'ticket-volume',
    description: 'Tickets opened in a year per member, month, queue or kind, with a total row; per-member rows follow the caller’s rights',
    parameters: { year: { kind: 'year', required: true }, groupBy: { kind: 'grouping', required: true }, includeSynthetic: { kind: 'boolean', required: false } },
    columns: ['year', 'group_by', 'key', 'member_code', 'member_name', 'month', 'period_start', 'queue', 'kind', 'is_total', 'count'],
    document: ExportTicketVolumeDocument,
    rows: (data, variables) =>
      data.ticketVolume.map((row) => ({
        year: variables.year,
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
    fileName: (variables) => `ticket-volume-${variables.year}-${variables.groupBy.toLowerCase()}`,
  }),
  defineExport({
    name: 'reconciliation',
    description: 'Reported figures of a year that disagree with operations’ records (difference = recorded − reported)',
    parameters: OF_YEAR,
    columns: ['year', 'indicator', 'label', 'reported', 'recorded', 'difference', 'relative_difference'],
    document: ExportReconciliationDocument,
    rows: (data) =>
      data.reconciliation.map((row) => ({
        year: row.year,
        indicator: row.indicator,
        label: row.label,
        reported: row.reported,
        recorded: row.recorded,
        difference: row.difference,
        relative_difference: row.relativeDifference,
      })),
    fileName: (variables) => `reconciliation-${variables.year}`,
  }),
  changesExport(),
];

/** Rows of the changes export at most (a thousand pages of the connection). */
export const MAX_CHANGE_ROWS = 100_000;

/**
 * The audit trail (SII_STAFF only, as the `changes` query): every page of the connection, newest
 * first, one row per change; before and after as JSON text. Not a defineExport: it pages.
 */
function changesExport(): ExportDefinition {
  const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
  return {
    name: 'changes',
    description: 'The audit trail: every write of the hub (who, when, which entity, the fields before and after), newest first; SII_STAFF only',
    parameters: { entity: { kind: 'text', required: false }, id: { kind: 'text', required: false }, since: { kind: 'datetime', required: false } },
    columns: ['at', 'subgraph', 'entity', 'entity_id', 'action', 'fields', 'actor_kind', 'actor_subject', 'actor_role', 'actor_document', 'actor_checksum', 'request_id', 'before', 'after', 'change_id'],
    async produce(parameters, run) {
      const rows: CsvRow[] = [];
      let after: string | null = null;
      do {
        const page: ExportChangesQuery = await run<ExportChangesQuery, ExportChangesQueryVariables>(ExportChangesDocument, {
          entity: (parameters.entity as string | undefined) ?? null,
          id: (parameters.id as string | undefined) ?? null,
          since: parameters.since ?? null,
          first: 100,
          after,
        });
        for (const { node } of page.changes.edges) {
          rows.push({
            at: new Date(node.at as string).toISOString(),
            subgraph: node.subgraph,
            entity: node.entity,
            entity_id: node.entityId,
            action: node.action,
            fields: node.fields.join(' '),
            actor_kind: node.actor.kind,
            actor_subject: node.actor.subject ?? null,
            actor_role: node.actor.role ?? null,
            actor_document: node.actor.document ?? null,
            actor_checksum: node.actor.checksum ?? null,
            request_id: node.requestId ?? null,
            before: json(node.before),
            after: json(node.after),
            change_id: node.id,
          });
        }
        after = page.changes.pageInfo.hasNextPage ? (page.changes.pageInfo.endCursor ?? null) : null;
      } while (after !== null && rows.length < MAX_CHANGE_ROWS);
      const suffix = [parameters.entity, parameters.id].filter(Boolean).map((part) => String(part).toLowerCase().replace(/[^a-z0-9]+/g, '-'));
      return { rows, fileName: ['changes', ...suffix].join('-') };
    },
  };
}
