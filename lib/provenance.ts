import { DateTimeResolver } from './scalars';
import { Directive, Field, ObjectType, registerEnumType } from 'type-graphql';
import { inheritedHint } from './cache-hints';

/**
 * Where a fact of the hub comes from. Every subgraph exposes the same shareable type, so that a BI
 * user can keep what the report states (`kind: REPORT`) and leave out what the hub chose, computed,
 * or was told later (intake files, mutations, imports, demo data).
 */
export enum ProvenanceKind {
  /** Printed in an SII activity report (`document`, `section`). */
  REPORT = 'REPORT',
  /** Not in any report: a choice the hub made (`note` says which and why). */
  HUB_CHOICE = 'HUB_CHOICE',
  /** Loaded by `npm run intake` from a yearly figures file (`document` is the file, `checksum` its SHA-256). */
  INTAKE = 'INTAKE',
  /** Written through a GraphQL mutation (`recordedBy` is the token's subject). */
  MUTATION = 'MUTATION',
  /** Imported from another system, e.g. a MantisBT export (`document`, `checksum`). */
  IMPORT = 'IMPORT',
  /** Generated demo data (`npm run seed:synthetic`): never a real figure. */
  SYNTHETIC = 'SYNTHETIC',
}

registerEnumType(ProvenanceKind, {
  name: 'ProvenanceKind',
  description: 'Where a fact comes from: a report, a choice of the hub, a yearly intake file, a mutation, an import, or demo data',
});

/** The provenance of one fact, as stored (a JSON column or a few columns) and as served. */
export interface ProvenanceRecord {
  kind: ProvenanceKind;
  document?: string | null;
  section?: string | null;
  printedAs?: string | null;
  note?: string | null;
  recordedBy?: string | null;
  recordedAt?: Date | null;
  checksum?: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'Where a fact comes from; filter on kind REPORT to keep only what an SII report states' })
@Directive('@shareable')
@inheritedHint()
export class Provenance implements ProvenanceRecord {
  @Field(() => ProvenanceKind)
  kind!: ProvenanceKind;

  @Field(() => String, { nullable: true, description: 'The report (e.g. "Rapport d’activité SII 2018"), intake file or export the fact comes from' })
  document!: string | null;

  @Field(() => String, { nullable: true, description: 'Section of the report, e.g. "II.A Le portefeuille applicatif"' })
  section!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'What the report prints, where the hub serves a corrected form (e.g. a scanning glitch cleaned); null when served as printed',
  })
  printedAs!: string | null;

  @Field(() => String, { nullable: true, description: 'Why: the reason of a hub choice or of a correction' })
  note!: string | null;

  @Field(() => String, { nullable: true, description: 'Who recorded it: a token subject, an API key name, or the command that loaded it' })
  recordedBy!: string | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When it was recorded in the hub' })
  recordedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'SHA-256 of the intake or import file it was loaded from' })
  checksum!: string | null;
}

/** A Provenance value for the GraphQL layer from a stored record (absent fields are null). */
export function provenanceOf(record: ProvenanceRecord): Provenance {
  return Object.assign(new Provenance(), {
    kind: record.kind,
    document: record.document ?? null,
    section: record.section ?? null,
    printedAs: record.printedAs ?? null,
    note: record.note ?? null,
    recordedBy: record.recordedBy ?? null,
    recordedAt: record.recordedAt ?? null,
    checksum: record.checksum ?? null,
  });
}

/** The 2018 activity report, as documents name it. */
export const REPORT_2018 = 'Rapport d’activité SII 2018';

/** Provenance of a fact printed in the 2018 report, in `section`. */
export const fromReport2018 = (section: string, printedAs?: string, note?: string): ProvenanceRecord => ({
  kind: ProvenanceKind.REPORT,
  document: REPORT_2018,
  section,
  printedAs: printedAs ?? null,
  note: note ?? null,
});

/** Provenance of a fact the hub chose (not in the report), with the reason. */
export const hubChoice = (note: string): ProvenanceRecord => ({ kind: ProvenanceKind.HUB_CHOICE, note });

/** A provenance kept as JSON (a jsonb column): the same fields, recordedAt as an ISO 8601 string. */
export type StoredProvenance = Omit<ProvenanceRecord, 'recordedAt'> & { recordedAt?: string | null };

/** The JSON form of a provenance, without its absent fields. */
export function toStoredProvenance(record: ProvenanceRecord): StoredProvenance {
  const stored: StoredProvenance = { kind: record.kind };
  for (const key of ['document', 'section', 'printedAs', 'note', 'recordedBy', 'checksum'] as const) {
    if (record[key] !== undefined && record[key] !== null) stored[key] = record[key];
  }
  if (record.recordedAt) stored.recordedAt = record.recordedAt.toISOString();
  return stored;
}

/** A Provenance value for the GraphQL layer from its JSON form. */
export const provenanceOfStored = (stored: StoredProvenance): Provenance =>
  provenanceOf({ ...stored, recordedAt: stored.recordedAt ? new Date(stored.recordedAt) : null });
