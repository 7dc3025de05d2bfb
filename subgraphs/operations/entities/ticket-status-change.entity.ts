import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { DateTimeResolver } from '../../../lib/scalars';
import { Field, ObjectType } from 'type-graphql';
import { TicketStatus } from './enums';
import { Ticket } from './ticket.entity';

@Entity({ tableName: 'ticket_status_change' })
@ObjectType({ simpleResolvers: true, description: 'One step of a ticket’s life: its opening (from null) or a status change' })
export class TicketStatusChange {
  [OptionalProps]?: 'seq';

  /** Monotonic: orders a ticket's history and serves as its cursor. */
  @PrimaryKey({ type: 'integer', autoincrement: true, generated: 'by default as identity' })
  seq!: number;

  /** The ticket's id; a foreign key, mapped to the id alone (no Ticket is loaded with its history). */
  @Index({ name: 'ticket_status_change_ticket_index', properties: ['ticketId', 'seq'] })
  @ManyToOne(() => Ticket, {
    fieldName: 'ticket_id',
    mapToPk: true,
    foreignKeyName: 'ticket_status_change_ticket_id_fkey',
    updateRule: 'no action',
    deleteRule: 'no action',
  })
  ticketId!: string;

  @Enum({ items: () => TicketStatus, type: 'text', nullable: true })
  @Field(() => TicketStatus, { nullable: true, description: 'null for the opening of the ticket' })
  from!: TicketStatus | null;

  @Enum({ items: () => TicketStatus, type: 'text' })
  @Field(() => TicketStatus)
  to!: TicketStatus;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  @Field(() => DateTimeResolver)
  at!: Date;

  @Property({ type: 'text' })
  @Field(() => String, { description: 'Subject (sub claim) of whoever made the change' })
  by!: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  comment!: string | null;
}
