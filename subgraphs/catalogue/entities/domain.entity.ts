import { Check, Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ObjectType } from 'type-graphql';
import { FIELD_PROVENANCE_DESCRIPTION, FieldProvenance, fieldProvenances, PROVENANCE_DESCRIPTION, recordProvenance, type FactProvenance } from '../../../lib/field-provenance';
import { Provenance } from '../../../lib/provenance';
import { CACHE_MAX_AGE, publicHint } from '../../../lib/cache-hints';

@Entity({ tableName: 'domain' })
@ObjectType({ description: 'A business domain of the catalogue (e.g. FIN Finances, CIV État Civil)' })
@Directive('@key(fields: "code")')
@publicHint(CACHE_MAX_AGE.reference)
export class Domain {
  [OptionalProps]?: 'storedProvenance' | 'provenance' | 'fieldProvenance';

  @PrimaryKey({ type: 'text' })
  @Check({ name: 'domain_code_check', expression: "code ~ '^[A-Z]{2,10}$'" })
  @Field(() => String, { description: 'Code as printed in the report: FIN, GRH, CIV, …' })
  code!: string;

  @Property({ type: 'text' })
  @Field(() => String)
  name!: string;

  /** Order of the report's table. */
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
