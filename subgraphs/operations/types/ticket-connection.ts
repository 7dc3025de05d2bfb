import { Field, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../../../lib/connection';
import { Ticket, TicketStatusChange } from '../entities';

// Bulk types (a page holds up to 100 nodes): plain properties read by graphql's default resolver,
// without type-graphql's per-field middleware wrapper (none applies to them). See `npm run bench`.

@ObjectType({ simpleResolvers: true })
export class TicketEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Ticket)
  node!: Ticket;
}

@ObjectType({ simpleResolvers: true, description: 'Tickets, newest first (opened_at, then id)' })
export class TicketConnection {
  @Field(() => [TicketEdge])
  edges!: TicketEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  /** Counted only when totalCount is asked for. */
  countTotal!: () => Promise<number>;
}

@ObjectType({ simpleResolvers: true })
export class TicketStatusChangeEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => TicketStatusChange)
  node!: TicketStatusChange;
}

@ObjectType({ simpleResolvers: true, description: 'A ticket’s history, oldest first' })
export class TicketStatusChangeConnection {
  @Field(() => [TicketStatusChangeEdge])
  edges!: TicketStatusChangeEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}
