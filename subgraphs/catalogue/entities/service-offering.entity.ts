import { Check, Entity, Enum, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { FIELD_PROVENANCE_DESCRIPTION, FieldProvenance, fieldProvenances, PROVENANCE_DESCRIPTION, recordProvenance, type FactProvenance } from '../../../lib/field-provenance';
import { Provenance } from '../../../lib/provenance';
import { ServiceCategory } from './enums';
import { CACHE_MAX_AGE, publicHint } from '../../../lib/cache-hints';

@Entity({ tableName: 'service_offering' })
@Unique({ name: 'service_offering_category_number_unique', properties: ['category', 'number'] })
@ObjectType({ description: 'A service (prestation) of the SII, numbered within its category as in the report' })
@publicHint(CACHE_MAX_AGE.reference)
export class ServiceOffering {
  [OptionalProps]?: 'storedProvenance' | 'provenance' | 'fieldProvenance';

  @PrimaryKey({ type: 'text' })
  @Field(() => ID, { description: 'e.g. "technical-2"' })
  id!: string;

  @Enum({ items: () => ServiceCategory, type: 'text' })
  @Field(() => ServiceCategory)
  category!: ServiceCategory;

  @Property({ type: 'integer' })
  @Check({ name: 'service_offering_number_check', expression: 'number > 0' })
  @Field(() => Int)
  number!: number;

  @Property({ type: 'text' })
  @Field(() => String)
  name!: string;

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
