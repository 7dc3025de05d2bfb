import { ArrayType, Check, Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { FIELD_PROVENANCE_DESCRIPTION, FieldProvenance, fieldProvenances, PROVENANCE_DESCRIPTION, recordProvenance, type FactProvenance } from '../../../lib/field-provenance';
import { Provenance } from '../../../lib/provenance';
import { CACHE_MAX_AGE, publicHint } from '../../../lib/cache-hints';

@Entity({ tableName: 'org_unit' })
@Check({ name: 'org_unit_reports_to_other', expression: 'reports_to_id is distinct from id' })
@ObjectType({ description: 'A department of the SII with its headcount by sex (section I.B and the staff table of I.C)' })
@publicHint(CACHE_MAX_AGE.reference)
export class OrgUnit {
  [OptionalProps]?: 'headcount' | 'shortName' | 'headTitle' | 'description' | 'reportsToId' | 'storedProvenance' | 'provenance' | 'fieldProvenance' | 'shortNameOrName';

  @PrimaryKey({ type: 'text' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'text', unique: true })
  @Field(() => String)
  code!: string;

  @Property({ type: 'text' })
  @Field(() => String)
  name!: string;

  @Property({ type: 'text', nullable: true })
  shortName: string | null = null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Title of the unit’s head where the report gives one: "Directrice", "Directeur"' })
  headTitle: string | null = null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'What the report says of the unit (section I.B), paragraphs separated by a blank line' })
  description: string | null = null;

  /** The unit it reports to (null at the top); a foreign key, mapped to the id alone. */
  @ManyToOne(() => OrgUnit, {
    fieldName: 'reports_to_id',
    mapToPk: true,
    nullable: true,
    foreignKeyName: 'org_unit_reports_to_id_fkey',
    updateRule: 'no action',
    deleteRule: 'no action',
  })
  reportsToId: string | null = null;

  @Property({ type: 'integer' })
  @Check({ name: 'org_unit_women_check', expression: 'women >= 0' })
  @Field(() => Int)
  women!: number;

  @Property({ type: 'integer' })
  @Check({ name: 'org_unit_men_check', expression: 'men >= 0' })
  @Field(() => Int)
  men!: number;

  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'json', nullable: true, fieldName: 'provenance' })
  storedProvenance: FactProvenance | null = null;

  @Field(() => Int)
  get headcount(): number {
    return this.women + this.men;
  }

  @Field(() => String, { name: 'shortName', description: 'The row label of the report’s staff table, e.g. "Direction SI", "AMO / NTIC", "Etudes"' })
  get shortNameOrName(): string {
    return this.shortName ?? this.name;
  }

  @Field(() => Provenance, { description: PROVENANCE_DESCRIPTION })
  get provenance(): Provenance {
    return recordProvenance(this.storedProvenance);
  }

  @Field(() => [FieldProvenance], { description: FIELD_PROVENANCE_DESCRIPTION })
  get fieldProvenance(): FieldProvenance[] {
    return fieldProvenances(this.storedProvenance);
  }
}

@Entity({ tableName: 'org_team' })
@ObjectType({ description: 'A team (pôle, cellule) within a department, e.g. Production’s "Support technique" and "Exploitation"' })
@publicHint(CACHE_MAX_AGE.reference)
export class OrgTeam {
  [OptionalProps]?: 'storedProvenance' | 'provenance' | 'fieldProvenance';

  @PrimaryKey({ type: 'text' })
  @Field(() => ID)
  id!: string;

  @Index({ name: 'org_team_org_unit_index', properties: ['orgUnitId', 'position'] })
  @ManyToOne(() => OrgUnit, {
    fieldName: 'org_unit_id',
    mapToPk: true,
    foreignKeyName: 'org_team_org_unit_id_fkey',
    updateRule: 'no action',
    deleteRule: 'no action',
  })
  orgUnitId!: string;

  @Property({ type: 'text' })
  @Check({ name: 'org_team_name_check', expression: 'length(trim(both from name)) > 0' })
  @Field(() => String)
  name!: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'What the report says the team does' })
  description!: string | null;

  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'json', nullable: true, fieldName: 'provenance' })
  storedProvenance: FactProvenance | null = null;

  @Field(() => Provenance, { description: PROVENANCE_DESCRIPTION })
  get provenance(): Provenance {
    return recordProvenance(this.storedProvenance);
  }
}

@Entity({ tableName: 'org_mission' })
@ObjectType({ description: 'A mission of a department with its tasks as the report lists them, e.g. Administration’s "Gestion financière"' })
@publicHint(CACHE_MAX_AGE.reference)
export class OrgMission {
  [OptionalProps]?: 'storedProvenance' | 'provenance' | 'fieldProvenance';

  @PrimaryKey({ type: 'text' })
  @Field(() => ID)
  id!: string;

  @Index({ name: 'org_mission_org_unit_index', properties: ['orgUnitId', 'position'] })
  @ManyToOne(() => OrgUnit, {
    fieldName: 'org_unit_id',
    mapToPk: true,
    foreignKeyName: 'org_mission_org_unit_id_fkey',
    updateRule: 'no action',
    deleteRule: 'no action',
  })
  orgUnitId!: string;

  @Property({ type: 'text' })
  @Check({ name: 'org_mission_name_check', expression: 'length(trim(both from name)) > 0' })
  @Field(() => String)
  name!: string;

  @Property({ type: ArrayType, defaultRaw: "'{}'" })
  @Field(() => [String], { description: 'The tasks the report lists under the mission, in its order' })
  tasks!: string[];

  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'json', nullable: true, fieldName: 'provenance' })
  storedProvenance: FactProvenance | null = null;

  @Field(() => Provenance, { description: PROVENANCE_DESCRIPTION })
  get provenance(): Provenance {
    return recordProvenance(this.storedProvenance);
  }
}
