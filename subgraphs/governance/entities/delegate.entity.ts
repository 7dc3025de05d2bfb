import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { FIELD_PROVENANCE_DESCRIPTION, FieldProvenance, fieldProvenances, PROVENANCE_DESCRIPTION, recordProvenance, type FactProvenance } from '../../../lib/field-provenance';
import { Provenance } from '../../../lib/provenance';
import { DelegateRole } from './enums';
import { Member } from './member.entity';
import { CACHE_MAX_AGE, publicHint } from '../../../lib/cache-hints';

@Entity({ tableName: 'delegate' })
@Unique({ name: 'delegate_seat_role_unique', properties: ['memberId', 'seat', 'role'] })
// At most one president at a time: a partial unique index, which MikroORM knows only as SQL.
@Index({
  name: 'delegate_single_president',
  expression: 'create unique index "delegate_single_president" on "governance"."delegate" ("is_president") where "is_president"',
})
@ObjectType({ description: 'A council delegate (délégué) appointed by a member' })
@publicHint(CACHE_MAX_AGE.reference)
export class Delegate {
  [OptionalProps]?: 'fullName' | 'isPresident' | 'storedProvenance' | 'provenance' | 'fieldProvenance';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  /** The member's id; a foreign key, mapped to the id alone (no Member is loaded with a delegate). */
  @Index({ name: 'delegate_member_id_index' })
  @ManyToOne(() => Member, {
    fieldName: 'member_id',
    mapToPk: true,
    foreignKeyName: 'delegate_member_id_fkey',
    updateRule: 'no action',
    deleteRule: 'no action',
  })
  memberId!: string;

  @Property({ type: 'smallint' })
  @Check({ name: 'delegate_seat_check', expression: 'seat >= 1 and seat <= 2' })
  @Field(() => Int, { description: 'Seat number within the member (1 or 2); a titular and a substitute share a seat' })
  seat!: number;

  @Enum({ items: () => DelegateRole, type: 'text' })
  @Field(() => DelegateRole)
  role!: DelegateRole;

  @Property({ type: 'text' })
  @Check({ name: 'delegate_first_name_check', expression: 'length(trim(both from first_name)) > 0' })
  @Field(() => String)
  firstName!: string;

  @Property({ type: 'text' })
  @Check({ name: 'delegate_last_name_check', expression: 'length(trim(both from last_name)) > 0' })
  @Field(() => String)
  lastName!: string;

  @Property({ type: 'boolean', default: false })
  @Field(() => Boolean)
  isPresident: boolean = false;

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

  @Field(() => String)
  get fullName(): string {
    return `${this.firstName} ${this.lastName}`;
  }
}
