import { Entity, Enum, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { FIELD_PROVENANCE_DESCRIPTION, FieldProvenance, fieldProvenances, PROVENANCE_DESCRIPTION, recordProvenance, type FactProvenance } from '../../../lib/field-provenance';
import { Provenance } from '../../../lib/provenance';
import { MemberKind } from './enums';
import { CACHE_MAX_AGE, publicHint } from '../../../lib/cache-hints';

@Entity({ tableName: 'member' })
@ObjectType({ description: 'A member (adhérent) of the syndicate: one of the four cities or two public bodies' })
@Directive('@key(fields: "id")')
@Directive('@key(fields: "code")')
@publicHint(CACHE_MAX_AGE.reference)
export class Member {
  [OptionalProps]?: 'seatCount' | 'storedProvenance' | 'provenance' | 'fieldProvenance';

  @PrimaryKey({ type: 'text' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'text', unique: true })
  @Field(() => String, { description: 'Stable natural key, e.g. BOBIGNY, LE_BLANC_MESNIL, SIRESCO' })
  code!: string;

  @Property({ type: 'text' })
  @Field(() => String)
  name!: string;

  @Enum({ items: () => MemberKind, type: 'text' })
  @Field(() => MemberKind)
  kind!: MemberKind;

  @Property({ type: 'boolean' })
  @Field(() => Boolean, {
    description: 'True when the member transferred at least one optional competence: it then has two pairs of delegates, otherwise one',
  })
  hasOptionalCompetences!: boolean;

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

  /** Order of the report's list of members. */
  @Property({ type: 'integer' })
  position!: number;

  /** Council seats (titular/substitute pairs) the statutes give this member. */
  get seatCount(): number {
    return this.hasOptionalCompetences ? 2 : 1;
  }
}
