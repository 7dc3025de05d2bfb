import type { CsvRow } from './csv';
import {
  ExportChangesDocument,
  ExportDeploymentsDocument,
  ExportIndicatorsDocument,
  ExportReconciliationDocument,
  ExportTicketVolumeDocument,
  type ExportTicketVolumeQuery,
  type TicketGrouping,
  type ExportChangesQuery,
  type ExportChangesQueryVariables,
  type TypedDocument,
} from './operations.generated';
import type { ParameterSpec, ParameterSpecs, ParameterValues } from './parameters';
import type { ExportColumn, SheetName } from './xlsx';

/**
 * The BI exports: `GET /export/<name>.csv`, `.fr.csv`, `.xlsx`, `.fr.xlsx` and `.json` on the gateway (routes.ts).
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
  /** Column names, in order (CSV header, JSON keys). */
  columns: readonly string[];
  /** The same columns with their spreadsheet type and French header (xlsx.ts). */
  typedColumns: readonly ExportColumn[];
  /** Runs the operation with parameters that parseParameters validated against `parameters`. */
  produce(parameters: ParameterValues, run: RunOperation): Promise<{ rows: CsvRow[]; fileName: string; sheet: SheetName }>;
}

interface TypedExport<TResult, TVariables> {
  name: string;
  description: string;
  parameters: ParameterSpecs<TVariables>;
  columns: readonly ExportColumn[];
  document: TypedDocument<TResult, TVariables>;
  rows(data: TResult, variables: TVariables): CsvRow[];
  fileName(variables: TVariables): string;
  /** The spreadsheet's sheet name, in English and French: what the sheet holds (at most 31 characters). */
  sheet(variables: TVariables): SheetName;
}

function defineExport<TResult, TVariables>(definition: TypedExport<TResult, TVariables>): ExportDefinition {
  const { document, rows, fileName, sheet, columns, ...described } = definition;
  return {
    ...described,
    columns: columns.map((column) => column.name),
    typedColumns: columns,
    parameters: definition.parameters as Readonly<Record<string, ParameterSpec>>,
    async produce(parameters, run) {
      // Sound because parseParameters checked each value against `parameters`, which ParameterSpecs derives from TVariables.
      const variables = parameters as TVariables;
      const data = await run(document, variables);
      return { rows: rows(data, variables), fileName: fileName(variables), sheet: sheet(variables) };
    },
  };
}

const column = (name: string, type: ExportColumn['type'], french: string): ExportColumn => ({ name, type, french });

const YEAR_RANGE = { from: { kind: 'year', required: false }, to: { kind: 'year', required: false } } as const;
/** The synthesis table's indicators, with the headings the report prints (French spreadsheets use them). */
const INDICATOR_COLUMNS: readonly ExportColumn[] = [
  column('DEPLOYMENTS', 'number', 'Mises en production'),
  column('PAGE_VIEWS', 'number', 'Pages consultées'),
  column('MAILBOXES', 'number', 'Boîtes mail'),
  column('CITRIX_USERS', 'number', 'Utilisateurs Citrix'),
  column('SUPPORT_TICKETS', 'number', 'Tickets support'),
  column('TECHNICAL_TICKETS', 'number', 'Tickets techniques'),
  column('MONITORED_HOSTS', 'number', 'Hôtes supervisés'),
  column('VIRTUAL_SERVERS', 'number', 'Serveurs virtuels'),
];
const YEAR = column('year', 'year', 'Année');
const GROUPING_IN_FRENCH: Record<string, string> = { MEMBER: 'membre', MONTH: 'mois', QUEUE: 'file', KIND: 'nature' };
const OF_YEAR = { year: { kind: 'year', required: true }, includeSynthetic: { kind: 'boolean', required: false } } as const;

/** The audit trail's columns (the changes export, below). */
const CHANGE_COLUMNS: readonly ExportColumn[] = [
  column('at', 'datetime', 'Date et heure (UTC)'),
  column('subgraph', 'text', 'Sous-graphe'),
  column('entity', 'text', 'Entité'),
  column('entity_id', 'text', 'Identifiant'),
  column('action', 'text', 'Action'),
  column('fields', 'text', 'Champs'),
  column('actor_kind', 'text', 'Type d’auteur'),
  column('actor_subject', 'text', 'Auteur'),
  column('actor_role', 'text', 'Rôle'),
  column('actor_document', 'text', 'Document'),
  column('actor_checksum', 'text', 'Empreinte du document'),
  column('request_id', 'text', 'Requête'),
  column('before', 'text', 'Avant'),
  column('after', 'text', 'Après'),
  column('change_id', 'text', 'Identifiant du changement'),
];

type TicketVolumeRow = ExportTicketVolumeQuery['ticketVolume'][number];

/** The total row of a year without any ticket, as ticketVolume gives it for a year with some. */
function emptyYearTotal(groupBy: TicketGrouping): TicketVolumeRow {
  return { groupBy, isTotal: true, key: 'TOTAL', member: null, month: null, periodStart: null, queue: null, kind: null, count: 0 };
}

export const EXPORTS: readonly ExportDefinition[] = [
  defineExport({
    name: 'indicators',
    description: 'The synthesis table of technical data, one row per indicator and reported year (blank cell = not reported)',
    parameters: YEAR_RANGE,
    columns: [
      column('indicator', 'text', 'Indicateur'),
      column('label', 'text', 'Libellé'),
      column('unit', 'text', 'Unité'),
      YEAR,
      column('value', 'number', 'Valeur'),
      column('change', 'ratio', 'Évolution'),
      column('source', 'text', 'Source'),
    ],
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
    sheet: () => ({ en: 'Indicators', fr: 'Indicateurs' }),
  }),
  defineExport({
    name: 'indicator-table',
    description: 'The synthesis table as the report prints it: one row per year, one column per indicator',
    parameters: YEAR_RANGE,
    columns: [YEAR, ...INDICATOR_COLUMNS],
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
    sheet: () => ({ en: 'Synthesis table', fr: 'Tableau de synthèse' }),
  }),
  defineExport({
    name: 'deployments-by-application',
    description: 'Deployments to production of a year per application, from operations’ records',
    parameters: OF_YEAR,
    columns: [
      YEAR,
      column('application_id', 'text', 'Identifiant application'),
      column('application_name', 'text', 'Application'),
      column('domain_code', 'text', 'Domaine'),
      column('count', 'integer', 'Mises en production'),
    ],
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
    sheet: (variables) => ({ en: `Deployments ${variables.year}`, fr: `Mises en production ${variables.year}` }),
  }),
  defineExport({
    name: 'ticket-volume',
    description: 'Tickets opened in a year per member, month, queue or kind, with a total row; per-member rows follow the caller’s rights',
    parameters: { year: { kind: 'year', required: true }, groupBy: { kind: 'grouping', required: true }, includeSynthetic: { kind: 'boolean', required: false } },
    columns: [
      YEAR,
      column('group_by', 'text', 'Regroupement'),
      column('key', 'text', 'Clé'),
      column('member_code', 'text', 'Code membre'),
      column('member_name', 'text', 'Membre'),
      column('month', 'integer', 'Mois'),
      column('period_start', 'date', 'Début de période'),
      column('queue', 'text', 'File'),
      column('kind', 'text', 'Nature'),
      column('is_total', 'boolean', 'Ligne de total'),
      column('count', 'number', 'Tickets'),
    ],
    document: ExportTicketVolumeDocument,
    // A year without any ticket still gets its total row (0), so that a pivot on is_total or key does
    // not break; GraphQL answers [] there (not covered, not zero), which only the API distinguishes.
    rows: (data, variables) =>
      (data.ticketVolume.length > 0 ? data.ticketVolume : [emptyYearTotal(variables.groupBy)]).map((row) => ({
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
    sheet: (variables) => ({
      en: `Tickets ${variables.year} by ${variables.groupBy.toLowerCase()}`,
      fr: `Tickets ${variables.year} par ${GROUPING_IN_FRENCH[variables.groupBy]}`,
    }),
  }),
  defineExport({
    name: 'reconciliation',
    description: 'Reported figures of a year that disagree with operations’ records (difference = recorded − reported)',
    parameters: OF_YEAR,
    columns: [
      YEAR,
      column('indicator', 'text', 'Indicateur'),
      column('label', 'text', 'Libellé'),
      column('reported', 'number', 'Publié'),
      column('recorded', 'number', 'Enregistré'),
      column('difference', 'number', 'Écart'),
      column('relative_difference', 'ratio', 'Écart relatif'),
    ],
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
    sheet: (variables) => ({ en: `Reconciliation ${variables.year}`, fr: `Écarts ${variables.year}` }),
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
    columns: CHANGE_COLUMNS.map((column) => column.name),
    typedColumns: CHANGE_COLUMNS,
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
      return { rows, fileName: ['changes', ...suffix].join('-'), sheet: { en: 'Changes', fr: 'Journal des modifications' } };
    },
  };
}
