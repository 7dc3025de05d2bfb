import { Check, Entity, Enum, OptionalProps, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { TicketPriority } from './enums';
import { FIELD_PROVENANCE_DESCRIPTION, FieldProvenance, fieldProvenances, PROVENANCE_DESCRIPTION, recordProvenance, type FactProvenance } from '../../../lib/field-provenance';
import { Provenance } from '../../../lib/provenance';

@Entity({ tableName: 'sla_policy' })
@ObjectType({ description: 'Service levels of one priority, like GLPI’s: time to own and time to resolve (calendar minutes, pending time excluded)' })
export class SlaPolicy {
  [OptionalProps]?: 'storedProvenance' | 'provenance' | 'fieldProvenance';

  @Enum({ items: () => TicketPriority, type: 'text', primary: true })
  @Field(() => TicketPriority)
  priority!: TicketPriority;

  @Property({ type: 'integer' })
  @Check({ name: 'sla_policy_time_to_own_minutes_check', expression: 'time_to_own_minutes > 0' })
  @Field(() => Int)
  timeToOwnMinutes!: number;

  @Property({ type: 'integer' })
  @Check({ name: 'sla_policy_time_to_resolve_minutes_check', expression: 'time_to_resolve_minutes > 0' })
  @Field(() => Int)
  timeToResolveMinutes!: number;

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
