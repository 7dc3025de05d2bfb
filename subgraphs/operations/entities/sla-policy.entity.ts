import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { TicketPriority } from './enums';

@Entity({ tableName: 'sla_policy' })
@ObjectType({ description: 'Service levels of one priority, like GLPI’s: time to own and time to resolve (calendar minutes, pending time excluded)' })
export class SlaPolicy {
  @PrimaryKey({ type: 'text' })
  @Field(() => TicketPriority)
  priority!: TicketPriority;

  @Property({ type: 'integer' })
  @Field(() => Int)
  timeToOwnMinutes!: number;

  @Property({ type: 'integer' })
  @Field(() => Int)
  timeToResolveMinutes!: number;
}
