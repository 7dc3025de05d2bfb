import { Directive, Field, ObjectType } from 'type-graphql';
import type { Actor } from './audit';
import { Provenance, provenanceOf, ProvenanceKind, type ProvenanceRecord } from './provenance';
import { inheritedHint } from './cache-hints';

/**
 * Provenance per record, with exceptions per field. A record printed in the report (kind REPORT)
 * may still hold a field the hub chose (an application's domain where the report gives none) or
 * corrected (a name the scan garbled): `fields` names them. Stored as one jsonb column per table;
 * null there means the row was written through the graph (MUTATION).
 */
export interface FactProvenance extends ProvenanceRecord {
  fields?: Record<string, ProvenanceRecord>;
}

@ObjectType({
  simpleResolvers: true,
  description: 'The provenance of one field of a record, where it differs from the record’s own (a hub choice or a correction within a reported record)',
})
@Directive('@shareable')
@inheritedHint()
export class FieldProvenance {
  @Field(() => String, { description: 'The GraphQL field, e.g. "domain", "area", "title"' })
  field!: string;

  @Field(() => Provenance)
  provenance!: Provenance;
}

/** What a row without stored provenance is: written through the graph (its audit trail says by whom). */
export const WRITTEN_THROUGH_THE_GRAPH: ProvenanceRecord = {
  kind: ProvenanceKind.MUTATION,
  note: 'Written through the graph after the seed; the audit trail (changes) says who and when',
};

/** A stored value (jsonb comes back parsed; dates as ISO strings) as a ProvenanceRecord. */
function recordOf(stored: ProvenanceRecord): ProvenanceRecord {
  const recordedAt = stored.recordedAt;
  return { ...stored, recordedAt: recordedAt === null || recordedAt === undefined ? null : new Date(recordedAt) };
}

/** The record's provenance for GraphQL; `fallback` when the row has none stored. */
export function recordProvenance(stored: FactProvenance | null | undefined, fallback: ProvenanceRecord = WRITTEN_THROUGH_THE_GRAPH): Provenance {
  if (!stored) return provenanceOf(fallback);
  const { fields: _fields, ...record } = stored;
  return provenanceOf(recordOf(record));
}

/** The fields whose provenance differs from the record's, in a stable order. */
export function fieldProvenances(stored: FactProvenance | null | undefined): FieldProvenance[] {
  return Object.entries(stored?.fields ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([field, record]) => Object.assign(new FieldProvenance(), { field, provenance: provenanceOf(recordOf(record)) }));
}

/** A stored provenance with per-field exceptions (only the defined ones are kept). */
export function withFields(record: ProvenanceRecord, fields: Record<string, ProvenanceRecord | undefined>): FactProvenance {
  const kept = Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, ProvenanceRecord] => entry[1] !== undefined));
  return Object.keys(kept).length === 0 ? record : { ...record, fields: kept };
}

export const PROVENANCE_DESCRIPTION =
  'Where this record comes from: kind REPORT with the report’s section (printedAs: the printed form where the hub serves a corrected one), ' +
  'HUB_CHOICE with the reason, or MUTATION/IMPORT/INTAKE for what was written later';
export const FIELD_PROVENANCE_DESCRIPTION =
  'Fields whose provenance differs from the record’s: a hub choice or a correction within a reported record (empty when every field is as the record)';

/** The provenance of what `actor` writes now: a mutation, an intake file or an import. */
export function writtenBy(actor: Actor, at: Date = new Date()): ProvenanceRecord {
  const kind = actor.kind === 'INTAKE' ? ProvenanceKind.INTAKE : actor.kind === 'IMPORT' ? ProvenanceKind.IMPORT : ProvenanceKind.MUTATION;
  return { kind, recordedBy: actor.subject, recordedAt: at, document: actor.document ?? null, checksum: actor.checksum ?? null };
}

/**
 * A record's provenance once a write changed some of its (GraphQL) fields: those fields now come from
 * the write, the others keep theirs, so that a BI filter on REPORT no longer takes them for the
 * report's. A row without stored provenance (written through the graph) stays without.
 */
export function afterWrite(stored: FactProvenance | null, fields: readonly string[], write: ProvenanceRecord): FactProvenance | null {
  if (!stored || fields.length === 0) return stored;
  const recorded = { ...write, recordedAt: write.recordedAt ? new Date(write.recordedAt) : null };
  return { ...stored, fields: { ...stored.fields, ...Object.fromEntries(fields.map((field) => [field, recorded])) } };
}
