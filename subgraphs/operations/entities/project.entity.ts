import { ArrayType, Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { FIELD_PROVENANCE_DESCRIPTION, FieldProvenance, fieldProvenances, PROVENANCE_DESCRIPTION, recordProvenance, type FactProvenance } from '../../../lib/field-provenance';
import { Provenance } from '../../../lib/provenance';

@Entity({ tableName: 'project' })
// A GIN index (projects by member): MikroORM knows it only as SQL.
@Index({
  name: 'project_member_codes_index',
  expression: 'create index "project_member_codes_index" on "operations"."project" using gin ("member_codes")',
})
@ObjectType({ description: 'A project or achievement of the year, as the activity report lists them' })
export class Project {
  [OptionalProps]?: 'storedProvenance' | 'provenance' | 'fieldProvenance';

  @PrimaryKey({ type: 'text' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'text' })
  @Field(() => String, {
    description: 'The bullet’s heading as printed, without the members it names and its final punctuation (provenance.printedAs keeps the whole heading)',
  })
  title!: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  description!: string | null;

  @Property({ type: 'text' })
  @Field(() => String, {
    description:
      'Business area, e.g. S.I. Finances, S.I. Ressources Humaines, Santé: the sub-heading or label the report prints; for the bullets it prints under none ' +
      '(II.B.3, II.B.4) the hub’s choice, marked in fieldProvenance "area"',
  })
  area!: string;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'Code of the SII service that ran it: ETUDES, PRODUCTION, AMO_NTIC or GSQ_SAU (as governance’s orgUnits)' })
  teamCode!: string;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'Name of the SII service that ran it, e.g. Études Fonctionnelles' })
  team!: string;

  @Property({ type: 'integer' })
  @Field(() => Int)
  year!: number;

  @Property({ type: ArrayType, defaultRaw: "'{}'" })
  memberCodes!: string[];

  /** Order of the report. */
  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'json', nullable: true, fieldName: 'provenance' })
  storedProvenance: FactProvenance | null = null;

  @Field(() => Provenance, { description: PROVENANCE_DESCRIPTION })
  get provenance(): Provenance {
    return recordProvenance(this.storedProvenance);
  }

  @Field(() => [FieldProvenance], { description: FIELD_PROVENANCE_DESCRIPTION })
  get fieldProvenance(): FieldProvenance[] {
    return fieldProvenances(this.storedProvenance);
  }
}
