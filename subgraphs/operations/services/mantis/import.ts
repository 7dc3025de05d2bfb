import { createHash } from 'node:crypto';
import { type Actor, type AuditValue, type ChangeRecord, changedFields, recordChanges } from '../../../../lib/audit';
import type { FactProvenance } from '../../../../lib/field-provenance';
import type { EntityManager } from '../../../../lib/orm';
import { ProvenanceKind } from '../../../../lib/provenance';
import { slaPolicyOf } from '../../data/sla-policies';
import { addStatusChange } from '../../data/ticket-history';
import { insertTicket, lockImportedTickets, updateTicketAtVersion } from '../../data/tickets';
import { type SlaPolicy, type Ticket, type TicketPriority, TicketStatus } from '../../entities';
import { initialDueDates } from '../sla';
import { type HubReferences, type ImportMapping, isProblem, type MappedTicket, mapIssue } from './mapping';
import { type MantisFormat, readMantisExport, type ReadOptions, type RowProblem } from './read';

/**
 * Takes MantisBT's history over: every issue of an export becomes a hub ticket, or is reported
 * with its line and the reason it cannot. Everything an import writes (tickets, their status
 * steps, their audit entries) commits in one transaction or not at all. By default one row that
 * cannot be mapped stops the whole file (a partial history would make the year's volumes and the
 * reconciliation silently wrong); with `skipBadRows` the good rows are imported and the others
 * listed. A second import of the same issues updates the tickets it made (same source and id),
 * never duplicates them; a ticket changed in the hub since its import is left as the hub has it and
 * reported.
 */

export const IMPORT_COMMAND = 'npm run import:mantis';

export interface ImportRequest {
  /** The file as given on the command line (kept in provenance and audit entries). */
  document: string;
  /** Its bytes, for the checksum. */
  bytes: Buffer;
  mapping: ImportMapping;
  read?: ReadOptions;
  hub: HubReferences;
  /** Runs everything, then rolls back: the report says what an import would do. */
  dryRun?: boolean;
  /** Imports the rows that can be mapped even when others cannot. */
  skipBadRows?: boolean;
  /** The import's clock (tests). */
  now?: Date;
}

export interface ImportReport {
  format: MantisFormat;
  source: string;
  checksum: string;
  /** Issues in the file (readable or not). */
  issues: number;
  created: string[];
  updated: string[];
  unchanged: string[];
  problems: RowProblem[];
  /** True when the transaction committed. */
  committed: boolean;
  dryRun: boolean;
}

const ID_BATCH = 5_000;

/** Same source and id, same ticket id: an RFC 9562 version 8 UUID from their hash. */
export function importedTicketId(source: string, externalId: string): string {
  const hex = createHash('sha256').update(`sii-import:${source}:${externalId}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The ticket columns an issue sets, and when it got its status (MantisBT's last update: the CSV has no history). */
function ticketFields(issue: MappedTicket) {
  const at = issue.updatedAt;
  const done = issue.status === TicketStatus.RESOLVED || issue.status === TicketStatus.CLOSED;
  return {
    reference: issue.reference,
    kind: issue.kind,
    queue: issue.queue,
    status: issue.status,
    priority: issue.priority,
    title: issue.title,
    description: issue.description,
    memberCode: issue.memberCode,
    applicationId: issue.applicationId,
    openedAt: issue.openedAt,
    openedBy: issue.openedBy,
    resolvedAt: done ? at : null,
    closedAt: issue.status === TicketStatus.CLOSED ? at : null,
    pendingSince: issue.status === TicketStatus.PENDING ? at : null,
  };
}

type TicketFields = ReturnType<typeof ticketFields>;

const auditOf = (fields: Partial<TicketFields> & Record<string, unknown>): AuditValue =>
  Object.fromEntries(Object.entries(fields).map(([key, value]) => [key === 'storedProvenance' ? 'provenance' : key, value instanceof Date ? value.toISOString() : value ?? null]));

const statusComment = (issue: MappedTicket) =>
  `MantisBT: status "${issue.mantisStatus}"${issue.mantisResolution ? `, resolution "${issue.mantisResolution}"` : ''} (${IMPORT_COMMAND})`;

/** Marks the transaction to be rolled back, with the report to give. */
class RollBack extends Error {
  constructor(readonly report: ImportReport) {
    super('rolled back');
  }
}

export async function importMantisExport(em: EntityManager, request: ImportRequest): Promise<ImportReport> {
  const text = request.bytes.toString('utf8');
  const { format, issues, problems: readProblems } = readMantisExport(text, request.read);
  const source = request.mapping.source;
  const checksum = createHash('sha256').update(request.bytes).digest('hex');
  const report: ImportReport = {
    format,
    source,
    checksum,
    issues: issues.length + readProblems.length,
    created: [],
    updated: [],
    unchanged: [],
    problems: [...readProblems],
    committed: false,
    dryRun: request.dryRun ?? false,
  };
  const tickets: MappedTicket[] = [];
  const firstLine = new Map<number, number>();
  for (const issue of issues) {
    const seenOn = firstLine.get(issue.id);
    if (seenOn !== undefined) {
      report.problems.push({ line: issue.line, mantisId: issue.id, reason: `the issue id ${issue.id} appears twice (first on line ${seenOn})` });
      continue;
    }
    firstLine.set(issue.id, issue.line);
    const mapped = mapIssue(issue, request.mapping, request.hub);
    if (isProblem(mapped)) report.problems.push(mapped);
    else tickets.push(mapped);
  }
  const sortProblems = () => report.problems.sort((a, b) => a.line - b.line);
  if (report.problems.length > 0 && !request.skipBadRows) {
    sortProblems();
    return report;
  }

  const now = request.now ?? new Date();
  const actor: Actor = { kind: 'IMPORT', subject: IMPORT_COMMAND, role: null, document: request.document, checksum };
  const provenanceOf = (issue: MappedTicket): FactProvenance => ({
    kind: ProvenanceKind.IMPORT,
    document: request.document,
    section: null,
    printedAs: null,
    note: `MantisBT issue ${issue.mantisId}${issue.mantisProject ? ` (project ${issue.mantisProject})` : ''}, ${format === 'csv' ? 'CSV export' : 'REST issue list'} line ${issue.line}`,
    recordedBy: IMPORT_COMMAND,
    recordedAt: now,
    checksum,
  });

  try {
    await em.transactional(async (tx) => {
      const existing = new Map<string, Ticket>();
      for (let start = 0; start < tickets.length; start += ID_BATCH) {
        const batch = tickets.slice(start, start + ID_BATCH).map((ticket) => ticket.externalId);
        for (const ticket of await lockImportedTickets(tx, source, batch)) existing.set(ticket.externalId as string, ticket);
      }
      const policies = new Map<TicketPriority, SlaPolicy>();
      const policy = async (priority: TicketPriority) => {
        if (!policies.has(priority)) policies.set(priority, await slaPolicyOf(tx, priority));
        return policies.get(priority) as SlaPolicy;
      };
      const audit: ChangeRecord[] = [];
      for (const issue of tickets) {
        const fields = ticketFields(issue);
        const current = existing.get(issue.externalId);
        if (!current) {
          const id = importedTicketId(source, issue.externalId);
          const created = {
            id,
            ...fields,
            ownedAt: null,
            ...initialDueDates(issue.openedAt, await policy(issue.priority)),
            idempotencyKey: null,
            requestFingerprint: null,
            version: 1,
            externalSource: source,
            externalId: issue.externalId,
            importedVersion: 1,
            storedProvenance: provenanceOf(issue),
          };
          await insertTicket(tx, created);
          addStatusChange(tx, { ticketId: id, from: null, to: TicketStatus.NEW, at: issue.openedAt, by: issue.openedBy, comment: null });
          if (issue.status !== TicketStatus.NEW) {
            addStatusChange(tx, { ticketId: id, from: TicketStatus.NEW, to: issue.status, at: issue.updatedAt, by: IMPORT_COMMAND, comment: statusComment(issue) });
          }
          const { idempotencyKey: _key, requestFingerprint: _fingerprint, importedVersion: _imported, ...audited } = created;
          audit.push({ entity: 'Ticket', entityId: id, action: 'CREATE', before: null, after: auditOf(audited), actor });
          report.created.push(issue.reference);
          continue;
        }
        if (current.version !== current.importedVersion) {
          report.problems.push({
            line: issue.line,
            mantisId: issue.mantisId,
            reason: `${current.reference} was changed in the hub since its import (version ${current.version}, imported as ${current.importedVersion}): the hub's record is kept`,
          });
          continue;
        }
        const before = auditOf(Object.fromEntries(Object.keys(fields).map((key) => [key, (current as unknown as Record<string, unknown>)[key]])));
        const difference = changedFields(before, auditOf(fields));
        if (!difference) {
          report.unchanged.push(issue.reference);
          continue;
        }
        const version = current.version + 1;
        const priorityChanged = fields.priority !== current.priority;
        const changes: Partial<Ticket> = {
          ...fields,
          ...(priorityChanged ? initialDueDates(issue.openedAt, await policy(issue.priority)) : {}),
          version,
          importedVersion: version,
          storedProvenance: provenanceOf(issue),
        };
        if ((await updateTicketAtVersion(tx, current.id, current.version, changes)) === 0) {
          throw new Error(`Ticket ${current.reference} changed during the import`);
        }
        if (fields.status !== current.status) {
          addStatusChange(tx, { ticketId: current.id, from: current.status, to: fields.status, at: issue.updatedAt, by: IMPORT_COMMAND, comment: statusComment(issue) });
        }
        audit.push({ entity: 'Ticket', entityId: current.id, action: 'UPDATE', before: difference.before, after: { ...difference.after, version }, actor });
        report.updated.push(issue.reference);
      }
      sortProblems();
      if (report.problems.length > 0 && !request.skipBadRows) throw new RollBack(report);
      await tx.flush();
      await recordChanges(tx, 'operations', audit);
      if (report.dryRun) throw new RollBack(report);
    });
  } catch (error) {
    // A dry run reports what the import would have done; a refused one, that it did nothing.
    if (error instanceof RollBack) return report.dryRun ? report : { ...report, created: [], updated: [], unchanged: [] };
    throw error;
  }
  report.committed = true;
  return report;
}
