import { ArrayType, Check, Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { FIELD_PROVENANCE_DESCRIPTION, FieldProvenance, fieldProvenances, PROVENANCE_DESCRIPTION, recordProvenance, type FactProvenance } from '../../../lib/field-provenance';
import { Provenance } from '../../../lib/provenance';
import { PostalAddress } from '../types/postal-address';
import { OrgUnit } from './org-unit.entity';
import { CACHE_MAX_AGE, publicHint } from '../../../lib/cache-hints';

@Entity({ tableName: 'organization' })
@ObjectType({
  description:
    'The SII itself, as its 2018 activity report presents it: a closed mixed syndicate (syndicat mixte fermé), a public body founded in 1971',
})
@publicHint(CACHE_MAX_AGE.reference)
export class Organization {
  [OptionalProps]?: 'storedProvenance' | 'provenance' | 'fieldProvenance' | 'address';

  /** "sii": one row (the migration's check `id = 'sii'`, which MikroORM reads as a one-value enum). */
  @Enum({ items: ['sii'], type: 'text', primary: true })
  id!: string;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'Syndicat Mixte des Systèmes d’Information' })
  name!: string;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'SII' })
  acronym!: string;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'Legal form as the report prints it: "syndicat mixte fermé" (only municipalities and their groupings as members)' })
  legalForm!: string;

  @Property({ type: 'text' })
  @Field(() => String, { description: '"établissement public"' })
  legalStatus!: string;

  @Property({ type: 'integer' })
  @Check({ name: 'organization_year_founded_check', expression: 'year_founded >= 1800 and year_founded <= 2100' })
  @Field(() => Int, { description: 'Year of creation: 1971' })
  yearFounded!: number;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Why it was created, in the report’s words' })
  purpose!: string | null;

  @Property({ type: 'text' })
  street!: string;

  @Property({ type: 'text' })
  postalCode!: string;

  @Property({ type: 'text' })
  city!: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'As printed: "01 41 60 85 00"' })
  phone!: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'As printed: "01 41 60 88 70"' })
  fax!: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'As printed on the title page' })
  website!: string | null;

  @Property({ type: ArrayType, defaultRaw: "'{}'" })
  @Field(() => [String], {
    description:
      'The internet services the presentation lists, in its order (access to the information system, web hosting, online procedures, browsing, mail, ' +
      'domain names, VPN between sites); the printed list ends with "etc."',
  })
  internetServices!: string[];

  @Property({ type: 'integer' })
  @Check({ name: 'organization_announced_application_count_check', expression: 'announced_application_count >= 0' })
  @Field(() => Int, {
    description:
      'The size of the portfolio the report announces: 50 applications ("Un portefeuille de 50 applications informatiques"). Its table prints 51 rows, ' +
      'and the catalogue serves 57 applications after splitting the rows that name several products: Query.portfolio gives all three figures and why',
  })
  announcedApplicationCount!: number;

  @Property({ type: 'integer' })
  @Check({ name: 'organization_announced_member_count_check', expression: 'announced_member_count >= 0' })
  @Field(() => Int, { description: '"Le SII compte 6 adhérents, 4 villes et 2 établissements publics"' })
  announcedMemberCount!: number;

  @Property({ type: 'json', nullable: true, fieldName: 'provenance' })
  storedProvenance: FactProvenance | null = null;

  @Field(() => PostalAddress)
  get address(): PostalAddress {
    return Object.assign(new PostalAddress(), { street: this.street, postalCode: this.postalCode, city: this.city });
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

@Entity({ tableName: 'quality_system' })
@ObjectType({ description: 'The SII’s ISO 9001 quality management system: what is certified, since when, its processes and audits (sections I.B.7 and II.B.4)' })
@publicHint(CACHE_MAX_AGE.reference)
export class QualitySystem {
  [OptionalProps]?: 'storedProvenance' | 'provenance' | 'fieldProvenance' | 'certifiedYear';

  /** The organization's id: one quality system per organization. */
  @ManyToOne(() => Organization, {
    primary: true,
    fieldName: 'id',
    mapToPk: true,
    foreignKeyName: 'quality_system_id_fkey',
    updateRule: 'no action',
    deleteRule: 'no action',
  })
  id!: string;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'The standard: ISO 9001:2015 (printed "ISO 9001-2015")' })
  standard!: string;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'The certified domain: "support aux utilisateurs", the SAU’s handling of incidents and requests' })
  scope!: string;

  @ManyToOne(() => OrgUnit, {
    fieldName: 'certified_unit_id',
    mapToPk: true,
    foreignKeyName: 'quality_system_certified_unit_id_fkey',
    updateRule: 'no action',
    deleteRule: 'no action',
  })
  certifiedUnitId!: string;

  @Property({ type: 'text' })
  @Check({ name: 'quality_system_certified_since_check', expression: "certified_since ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'" })
  @Field(() => String, { description: 'Year and month of certification, ISO 8601 (2017-06: "depuis juin 2017")' })
  certifiedSince!: string;

  @Property({ type: ArrayType, defaultRaw: "'{}'" })
  @Field(() => [String], { description: 'Principles the approach rests on, as the report names them ("notamment": not exhaustive)' })
  principles!: string[];

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  aim!: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'How the processes are evaluated' })
  processEvaluation!: string | null;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'The internal audit, in the report’s words: a complete internal audit every year' })
  internalAudit!: string;

  @Property({ type: 'integer' })
  @Check({ name: 'quality_system_internal_audits_per_year_check', expression: 'internal_audits_per_year > 0' })
  @Field(() => Int, { description: 'Complete internal audits of the quality management system per year: 1' })
  internalAuditsPerYear!: number;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Who plans and performs the certification audit, and who receives its report' })
  certificationAudit!: string | null;

  @Property({ type: 'json', nullable: true, fieldName: 'provenance' })
  storedProvenance: FactProvenance | null = null;

  @Field(() => Int, { description: 'Year of certification (2017)' })
  get certifiedYear(): number {
    return Number(this.certifiedSince.slice(0, 4));
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

@Entity({ tableName: 'quality_process' })
@ObjectType({ description: 'A process of the quality management system, as II.B.4 lists them' })
@publicHint(CACHE_MAX_AGE.reference)
export class QualityProcess {
  [OptionalProps]?: 'storedProvenance' | 'provenance' | 'fieldProvenance';

  @PrimaryKey({ type: 'text' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'As printed, e.g. "Processus Gouvernance"' })
  name!: string;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'What the process does, as printed' })
  description!: string;

  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'json', nullable: true, fieldName: 'provenance' })
  storedProvenance: FactProvenance | null = null;

  @Field(() => Provenance, { description: PROVENANCE_DESCRIPTION })
  get provenance(): Provenance {
    return recordProvenance(this.storedProvenance);
  }
}
