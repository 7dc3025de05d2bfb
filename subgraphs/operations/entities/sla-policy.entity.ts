import { Check, Entity, Enum, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { TicketPriority } from './enums';

@Entity({ tableName: 'sla_policy' })
@ObjectType({ description: 'Service levels of one priority, like GLPI’s: time to own and time to resolve (calendar minutes, pending time excluded)' })
export class SlaPolicy {
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
}
