import { z } from 'zod';
import { TicketKind, TicketPriority, TicketQueue, TicketStatus } from '../../entities/enums';
import { type MantisIssue, type RowProblem, titleKey } from './read';

/**
 * How a MantisBT issue becomes a hub ticket. Every table below is a default that a mapping file
 * (`--mapping file.json`) extends or overrides; names are compared without case, accents or
 * apostrophe style, in English or French (MantisBT's CSV is in the exporting user's language; the
 * REST API's enum `name`s are always English).
 *
 * Statuses: MantisBT's workflow has seven, the hub's six.
 * - new → NEW;
 * - feedback ("retour d'informations": the desk waits for the reporter) → PENDING, whose clock stops
 *   as the hub's service levels do for a ticket waiting on its reporter;
 * - acknowledged, confirmed (seen and accepted, nobody on it yet) → ASSIGNED (the desk has taken it);
 * - assigned (a handler works on it: MantisBT has no "in progress") → IN_PROGRESS;
 * - resolved ("traité" in French) → RESOLVED; closed → CLOSED.
 * Priorities: none and low → LOW (nothing urgent was said), normal → MEDIUM, high → HIGH,
 * urgent and immediate → CRITICAL; no priority at all → MEDIUM (MantisBT's default, normal).
 * Categories are an install's own: a category named in `categories` gives the queue and/or kind;
 * otherwise the queue is SUPPORT (MantisBT is the SAU's desk) and the kind comes from the severity:
 * "feature" (fonctionnalité) is a REQUEST, every other severity an INCIDENT.
 */

export const DEFAULT_SOURCE = 'mantis';

/** The six members by the names a Mantis project or custom field may give them (codes work too). */
export const DEFAULT_MEMBER_NAMES: Record<string, string> = {
  Bobigny: 'BOBIGNY',
  'Ville de Bobigny': 'BOBIGNY',
  'CCAS de Bobigny': 'BOBIGNY',
  'Le Blanc-Mesnil': 'LE_BLANC_MESNIL',
  'Blanc-Mesnil': 'LE_BLANC_MESNIL',
  'Ville du Blanc-Mesnil': 'LE_BLANC_MESNIL',
  'La Courneuve': 'LA_COURNEUVE',
  'Ville de La Courneuve': 'LA_COURNEUVE',
  'Tremblay-en-France': 'TREMBLAY_EN_FRANCE',
  Tremblay: 'TREMBLAY_EN_FRANCE',
  'Ville de Tremblay-en-France': 'TREMBLAY_EN_FRANCE',
  SIRESCO: 'SIRESCO',
  SYREC: 'SYREC',
};

/** Custom fields looked at, in this order, when the mapping names none. */
export const DEFAULT_MEMBER_FIELDS = ['Adhérent', 'Adherent', 'Collectivité', 'Member'];
export const DEFAULT_APPLICATION_FIELDS = ['Application', 'Logiciel'];

export const DEFAULT_STATUSES: Record<string, TicketStatus> = {
  new: TicketStatus.NEW,
  nouveau: TicketStatus.NEW,
  feedback: TicketStatus.PENDING,
  "retour d'informations": TicketStatus.PENDING,
  acknowledged: TicketStatus.ASSIGNED,
  accepté: TicketStatus.ASSIGNED,
  confirmed: TicketStatus.ASSIGNED,
  confirmé: TicketStatus.ASSIGNED,
  assigned: TicketStatus.IN_PROGRESS,
  affecté: TicketStatus.IN_PROGRESS,
  resolved: TicketStatus.RESOLVED,
  traité: TicketStatus.RESOLVED,
  résolu: TicketStatus.RESOLVED,
  closed: TicketStatus.CLOSED,
  fermé: TicketStatus.CLOSED,
};

export const DEFAULT_PRIORITIES: Record<string, TicketPriority> = {
  none: TicketPriority.LOW,
  aucune: TicketPriority.LOW,
  low: TicketPriority.LOW,
  basse: TicketPriority.LOW,
  normal: TicketPriority.MEDIUM,
  normale: TicketPriority.MEDIUM,
  high: TicketPriority.HIGH,
  élevée: TicketPriority.HIGH,
  urgent: TicketPriority.CRITICAL,
  urgente: TicketPriority.CRITICAL,
  immediate: TicketPriority.CRITICAL,
  immédiate: TicketPriority.CRITICAL,
};

export interface CategoryRule {
  queue?: TicketQueue;
  kind?: TicketKind;
}

export const DEFAULT_CATEGORIES: Record<string, CategoryRule> = {
  Incident: { kind: TicketKind.INCIDENT },
  Anomalie: { kind: TicketKind.INCIDENT },
  Panne: { kind: TicketKind.INCIDENT },
  Demande: { kind: TicketKind.REQUEST },
  "Demande d'assistance": { kind: TicketKind.REQUEST },
  Évolution: { kind: TicketKind.REQUEST },
  Request: { kind: TicketKind.REQUEST },
  Technique: { queue: TicketQueue.TECHNICAL },
  Technical: { queue: TicketQueue.TECHNICAL },
  Infrastructure: { queue: TicketQueue.TECHNICAL },
  Réseau: { queue: TicketQueue.TECHNICAL },
  Système: { queue: TicketQueue.TECHNICAL },
  Serveurs: { queue: TicketQueue.TECHNICAL },
  Exploitation: { queue: TicketQueue.TECHNICAL },
  Production: { queue: TicketQueue.TECHNICAL },
};

const REQUEST_SEVERITIES = new Set(['feature', 'fonctionnalite']);

/** Matching key of a member or application name: titleKey, with hyphens and underscores as spaces. */
export const nameKey = (name: string) => titleKey(name.replace(/[-_]/g, ' '));

const enumValue = <T extends Record<string, string>>(values: T) => z.enum(Object.values(values) as [T[keyof T], ...T[keyof T][]]);

/** The mapping file: every key optional, each table merged over the defaults above. */
export const mappingFileSchema = z
  .object({
    source: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,30}$/, 'source must be lower-case letters, digits and hyphens (at most 31), starting with a letter')
      .optional(),
    memberField: z.string().min(1).optional(),
    applicationField: z.string().min(1).optional(),
    members: z.record(z.string().min(1), z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'member codes are upper case, e.g. BOBIGNY')).optional(),
    applications: z.record(z.string().min(1), z.string().min(1)).optional(),
    categories: z.record(z.string().min(1), z.object({ queue: enumValue(TicketQueue).optional(), kind: enumValue(TicketKind).optional() }).strict()).optional(),
    statuses: z.record(z.string().min(1), enumValue(TicketStatus)).optional(),
    priorities: z.record(z.string().min(1), enumValue(TicketPriority)).optional(),
  })
  .strict();

export type MappingFile = z.infer<typeof mappingFileSchema>;

/** The tables an import uses, keys already in matching form. */
export interface ImportMapping {
  source: string;
  memberFields: string[];
  applicationFields: string[];
  members: Map<string, string>;
  applicationNames: Map<string, string>;
  categories: Map<string, CategoryRule>;
  statuses: Map<string, TicketStatus>;
  priorities: Map<string, TicketPriority>;
}

const keyed = <V>(table: Record<string, V>, key: (name: string) => string = titleKey) =>
  new Map(Object.entries(table).map(([name, value]) => [key(name), value]));

export class MappingFileError extends Error {}

/** Validates a mapping file's content (already parsed JSON) and merges it over the defaults. */
export function buildMapping(file: unknown = {}): ImportMapping {
  const parsed = mappingFileSchema.safeParse(file);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MappingFileError(`Mapping file: ${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
  }
  const given = parsed.data;
  return {
    source: given.source ?? DEFAULT_SOURCE,
    memberFields: given.memberField ? [given.memberField] : DEFAULT_MEMBER_FIELDS,
    applicationFields: given.applicationField ? [given.applicationField] : DEFAULT_APPLICATION_FIELDS,
    members: keyed({ ...DEFAULT_MEMBER_NAMES, ...given.members }, nameKey),
    applicationNames: keyed(given.applications ?? {}, nameKey),
    categories: keyed({ ...DEFAULT_CATEGORIES, ...given.categories }),
    statuses: keyed({ ...DEFAULT_STATUSES, ...given.statuses }),
    priorities: keyed({ ...DEFAULT_PRIORITIES, ...given.priorities }),
  };
}

/** What the import needs to know of the rest of the hub (read before mapping). */
export interface HubReferences {
  /** Member codes governance knows. */
  memberCodes: ReadonlySet<string>;
  /** Every catalogue application by the nameKey of its name and of each alias. */
  applicationsByName: ReadonlyMap<string, string>;
  /** Catalogue application ids. */
  applicationIds: ReadonlySet<string>;
}

export interface MappedTicket {
  line: number;
  mantisId: number;
  externalId: string;
  reference: string;
  kind: TicketKind;
  queue: TicketQueue;
  status: TicketStatus;
  priority: TicketPriority;
  title: string;
  description: string | null;
  memberCode: string;
  applicationId: string | null;
  openedAt: Date;
  /** MantisBT's last update: when a resolved, closed or feedback issue got there, at the latest. */
  updatedAt: Date;
  openedBy: string;
  /** The issue as MantisBT names things, kept in the status history's comment. */
  mantisStatus: string;
  mantisResolution: string | null;
  mantisProject: string | null;
}

export const MAX_TITLE_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 100_000;

function firstCustomField(issue: MantisIssue, names: string[]): { name: string; value: string } | null {
  for (const wanted of names) {
    for (const [name, value] of issue.customFields) if (titleKey(name) === titleKey(wanted)) return { name, value };
  }
  return null;
}

/** A ticket, or the reason why the issue cannot become one. */
export function mapIssue(issue: MantisIssue, mapping: ImportMapping, hub: HubReferences): MappedTicket | RowProblem {
  const problem = (reason: string): RowProblem => ({ line: issue.line, mantisId: issue.id, reason });

  const resolveMember = (name: string): string | null => {
    const code = mapping.members.get(nameKey(name)) ?? (hub.memberCodes.has(name.trim().toUpperCase()) ? name.trim().toUpperCase() : null);
    return code !== null && hub.memberCodes.has(code) ? code : null;
  };
  let memberCode: string | null;
  const memberField = firstCustomField(issue, mapping.memberFields);
  if (memberField) {
    memberCode = resolveMember(memberField.value);
    if (memberCode === null) return problem(`the ${memberField.name} "${memberField.value}" names no member (add it to "members" in the mapping file)`);
  } else if (issue.project !== null) {
    memberCode = resolveMember(issue.project);
    if (memberCode === null) return problem(`the project "${issue.project}" maps to no member (add it to "members" in the mapping file, or fill the ${mapping.memberFields[0]} field)`);
  } else {
    return problem(`no project and no ${mapping.memberFields.join('/')} field: the member is unknown`);
  }

  const resolveApplication = (name: string): string | null => {
    const key = nameKey(name);
    const id = mapping.applicationNames.get(key) ?? hub.applicationsByName.get(key) ?? null;
    return id !== null && hub.applicationIds.has(id) ? id : null;
  };
  let applicationId: string | null = null;
  const applicationField = firstCustomField(issue, mapping.applicationFields);
  if (applicationField) {
    applicationId = resolveApplication(applicationField.value);
    if (applicationId === null) {
      return problem(`the ${applicationField.name} "${applicationField.value}" is no catalogue application nor alias (add it to "applications" in the mapping file)`);
    }
  } else {
    // Installs often name the application in the category or the project: used when they match.
    applicationId = (issue.category && resolveApplication(issue.category)) || (issue.project && resolveApplication(issue.project)) || null;
  }

  const status = mapping.statuses.get(titleKey(issue.status));
  if (!status) return problem(`the status "${issue.status}" is not mapped (known: new, feedback, acknowledged, confirmed, assigned, resolved, closed; add it to "statuses")`);
  let priority: TicketPriority | undefined = TicketPriority.MEDIUM;
  if (issue.priority !== null) {
    priority = mapping.priorities.get(titleKey(issue.priority));
    if (!priority) return problem(`the priority "${issue.priority}" is not mapped (known: none, low, normal, high, urgent, immediate; add it to "priorities")`);
  }
  const rule = (issue.category && mapping.categories.get(titleKey(issue.category))) || {};
  const queue = rule.queue ?? TicketQueue.SUPPORT;
  const kind = rule.kind ?? (issue.severity !== null && REQUEST_SEVERITIES.has(titleKey(issue.severity)) ? TicketKind.REQUEST : TicketKind.INCIDENT);

  if (issue.summary.length > MAX_TITLE_LENGTH) return problem(`the summary is longer than ${MAX_TITLE_LENGTH} characters`);
  if (issue.description !== null && issue.description.length > MAX_DESCRIPTION_LENGTH) {
    return problem(`the description is longer than ${MAX_DESCRIPTION_LENGTH} characters`);
  }
  const updatedAt = issue.updatedAt ?? issue.submittedAt;
  if (updatedAt.getTime() < issue.submittedAt.getTime()) return problem('updated before it was submitted');
  return {
    line: issue.line,
    mantisId: issue.id,
    externalId: String(issue.id),
    reference: `${mapping.source.toUpperCase()}-${issue.id}`,
    kind,
    queue,
    status,
    priority,
    title: issue.summary,
    description: issue.description,
    memberCode,
    applicationId,
    openedAt: issue.submittedAt,
    updatedAt,
    openedBy: `${mapping.source}:${issue.reporter ?? 'unknown'}`,
    mantisStatus: issue.status,
    mantisResolution: issue.resolution,
    mantisProject: issue.project,
  };
}

export const isProblem = (value: MappedTicket | RowProblem): value is RowProblem => 'reason' in value;
