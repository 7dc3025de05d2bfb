import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { FIELD_PROVENANCE_DESCRIPTION, FieldProvenance, fieldProvenances, PROVENANCE_DESCRIPTION, recordProvenance, type FactProvenance } from '../../../lib/field-provenance';
import { Provenance } from '../../../lib/provenance';
import { DelegateRole } from './enums';

@Entity({ tableName: 'delegate' })
@Unique({ name: 'delegate_seat_role_unique', properties: ['memberId', 'seat', 'role'] })
@ObjectType({ description: 'A council delegate (délégué) appointed by a member' })
export class Delegate {
  [OptionalProps]?: 'fullName' | 'isPresident' | 'storedProvenance' | 'provenance' | 'fieldProvenance';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Index({ name: 'delegate_member_id_index' })
  @Property({ type: 'text' })
  memberId!: string;

  @Property({ type: 'smallint' })
  @Field(() => Int, { description: 'Seat number within the member (1 or 2); a titular and a substitute share a seat' })
  seat!: number;

  @Enum({ items: () => DelegateRole, type: 'text' })
  @Field(() => DelegateRole)
  role!: DelegateRole;

  @Property({ type: 'text' })
  @Field(() => String)
  firstName!: string;

  @Property({ type: 'text' })
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
