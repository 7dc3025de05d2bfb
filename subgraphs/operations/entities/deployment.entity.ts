import { ArrayType, Check, Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { LocalDateResolver } from '../../../lib/scalars';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { FIELD_PROVENANCE_DESCRIPTION, FieldProvenance, fieldProvenances, PROVENANCE_DESCRIPTION, recordProvenance, type FactProvenance } from '../../../lib/field-provenance';
import { Provenance, ProvenanceKind } from '../../../lib/provenance';

/** A synthetic deployment (npm run seed:synthetic) has no stored provenance: it is demo data. */
const SYNTHETIC_DEPLOYMENT = { kind: ProvenanceKind.SYNTHETIC, note: 'Generated demo data (npm run seed:synthetic), never a real deployment' };

@Entity({ tableName: 'deployment' })
@ObjectType({ simpleResolvers: true, description: 'A deployment to production (mise en production) of an application' })
@Directive('@key(fields: "id")')
@Index({ name: 'deployment_year_index', properties: ['year', 'deployedOn', 'seq'] })
@Unique({ name: 'deployment_idempotency_key_unique', properties: ['recordedBy', 'idempotencyKey'] })
@Check({ name: 'deployment_check', expression: 'deployed_on is null or extract(year from deployed_on) = year' })
export class Deployment {
  [OptionalProps]?: 'seq' | 'synthetic' | 'storedProvenance' | 'provenance' | 'fieldProvenance' | 'idempotencyKey' | 'requestFingerprint';

  @PrimaryKey({ type: 'text' })
  @Field(() => ID)
  id!: string;

  /** Insertion order: the last tie-breaker of the stable listing order. */
  @Property({ type: 'integer', autoincrement: true, generated: 'by default as identity', unique: 'deployment_seq_unique' })
  seq!: number;

  @Index({ name: 'deployment_application_year_index', properties: ['applicationId', 'year'] })
  @Property({ type: 'text' })
  applicationId!: string;

  @Property({ type: 'integer' })
  @Check({ name: 'deployment_year_check', expression: 'year >= 1971 and year <= 2100' })
  @Field(() => Int)
  year!: number;

  @Property({ type: 'string', columnType: 'date', nullable: true })
  @Field(() => LocalDateResolver, { nullable: true, description: 'Day of the deployment; null when only the year is known (the 2018 report)' })
  deployedOn!: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  version!: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  summary!: string | null;

  @Property({ type: ArrayType, defaultRaw: "'{}'" })
  memberCodes!: string[];

  @Property({ type: 'text' })
  @Field(() => String, { description: 'Where the record comes from: "report-2018", "recorded" (recordDeployment) or "synthetic"' })
  source!: string;

  @Property({ type: 'boolean', default: false })
  @Field(() => Boolean)
  synthetic: boolean = false;

  @Property({ type: 'text', nullable: true })
  recordedBy!: string | null;

  /** recordDeployment's idempotency key (scoped to recordedBy), and the hash of the input it came with. */
  @Property({ type: 'text', nullable: true })
  idempotencyKey: string | null = null;

  @Property({ type: 'text', nullable: true })
  requestFingerprint: string | null = null;

  @Property({ type: 'json', nullable: true, fieldName: 'provenance' })
  storedProvenance: FactProvenance | null = null;

  @Field(() => Provenance, { description: PROVENANCE_DESCRIPTION })
  get provenance(): Provenance {
    return recordProvenance(this.storedProvenance, this.synthetic ? SYNTHETIC_DEPLOYMENT : undefined);
  }

  @Field(() => [FieldProvenance], { description: FIELD_PROVENANCE_DESCRIPTION })
  get fieldProvenance(): FieldProvenance[] {
    return fieldProvenances(this.storedProvenance);
  }
}
