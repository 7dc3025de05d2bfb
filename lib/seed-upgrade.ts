import { type Actor, type AuditValue, type ChangeRecord, changedFields } from './audit';
import type { FactProvenance } from './field-provenance';

/**
 * Seeds run once per database (lib/seed.ts), so a correction to seeded data needs its own named
 * step to reach databases seeded before it. Such a step must not undo what users did since: it
 * corrects a field only while it still holds the value the old seed wrote, and gives a row its
 * provenance only while the row is still exactly what the report says (a row edited through the
 * graph is no longer the report's). It never inserts a row of a table the old seed filled (that
 * would bring back what a mutation removed).
 */

export interface SeededRow {
  storedProvenance: FactProvenance | null;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Audit form of a row's fields: the provenance column under its GraphQL name. */
export function auditFields(fields: Record<string, unknown>): AuditValue {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key === 'storedProvenance' ? 'provenance' : key, value ?? null]));
}

export interface RowUpgrade<E extends SeededRow> {
  /** The seed's values of the row's seeded fields (provenance apart). */
  expected: Partial<E>;
  /** Fields the new seed changed, with the value the old seed wrote (null for a column added since). */
  corrections?: Partial<Record<keyof E & string, unknown>>;
  provenance: FactProvenance;
}

/**
 * Applies corrections and provenance to one row loaded through the ORM (the caller flushes), and
 * returns the before/after pair for the audit trail, or null when nothing changed.
 */
export function upgradeSeededRow<E extends SeededRow>(row: E, upgrade: RowUpgrade<E>): { before: AuditValue; after: AuditValue } | null {
  const record = row as unknown as Record<string, unknown>;
  const touched = new Set<string>(['storedProvenance', ...Object.keys(upgrade.corrections ?? {})]);
  const before = Object.fromEntries([...touched].map((field) => [field, record[field]]));
  for (const [field, oldValue] of Object.entries(upgrade.corrections ?? {})) {
    if (same(record[field], oldValue)) record[field] = (upgrade.expected as Record<string, unknown>)[field];
  }
  const isStillTheReport = Object.entries(upgrade.expected).every(([field, value]) => same(record[field], value));
  if (row.storedProvenance === null && isStillTheReport) row.storedProvenance = upgrade.provenance;
  const after = Object.fromEntries([...touched].map((field) => [field, record[field]]));
  return changedFields(auditFields(before), auditFields(after));
}

/** Collects the audit records of a seed step, one per row written. */
export class SeedChanges {
  readonly records: ChangeRecord[] = [];

  constructor(private readonly actor: Actor) {}

  created(entity: string, entityId: string, fields: Record<string, unknown>): void {
    this.records.push({ entity, entityId, action: 'CREATE', before: null, after: auditFields(fields), actor: this.actor });
  }

  updated(entity: string, entityId: string, change: { before: AuditValue; after: AuditValue } | null): void {
    if (change) this.records.push({ entity, entityId, action: 'UPDATE', before: change.before, after: change.after, actor: this.actor });
  }
}
