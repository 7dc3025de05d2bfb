import { Field, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../../../lib/connection';
import { Deployment, Ticket, TicketStatusChange } from '../entities';

@ObjectType()
export class TicketEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Ticket)
  node!: Ticket;
}

@ObjectType({ description: 'Tickets, newest first (opened_at, then id)' })
export class TicketConnection {
  @Field(() => [TicketEdge])
  edges!: TicketEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  /** Counted only when totalCount is asked for. */
  countTotal!: () => Promise<number>;
}

@ObjectType()
export class TicketStatusChangeEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => TicketStatusChange)
  node!: TicketStatusChange;
}

@ObjectType({ description: 'A ticket’s history, oldest first' })
export class TicketStatusChangeConnection {
  @Field(() => [TicketStatusChangeEdge])
  edges!: TicketStatusChangeEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

@ObjectType()
export class DeploymentEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Deployment)
  node!: Deployment;
}

@ObjectType({ description: 'Deployments by year, then day (unknown days first), then recording order' })
export class DeploymentConnection {
  @Field(() => [DeploymentEdge])
  edges!: DeploymentEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}
