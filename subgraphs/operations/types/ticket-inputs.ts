import { DateTimeResolver } from '../../../lib/scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { TicketKind, TicketPriority, TicketQueue, TicketStatus } from '../entities';

@InputType({ description: 'Every given criterion must hold; list criteria match any of their values' })
export class TicketFilter {
  @Field(() => String, { nullable: true, description: 'Member code, e.g. BOBIGNY (a MEMBER_AGENT only ever sees its own)' })
  memberCode?: string | null;

  @Field(() => ID, { nullable: true, description: 'Catalogue application id, e.g. melodie' })
  applicationId?: string | null;

  @Field(() => [TicketStatus], { nullable: true })
  status?: TicketStatus[] | null;

  @Field(() => [TicketKind], { nullable: true })
  kind?: TicketKind[] | null;

  @Field(() => [TicketQueue], { nullable: true })
  queue?: TicketQueue[] | null;

  @Field(() => [TicketPriority], { nullable: true })
  priority?: TicketPriority[] | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'Opened at or after this instant' })
  openedFrom?: Date | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'Opened strictly before this instant' })
  openedBefore?: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only generated demo data; false: only real tickets' })
  synthetic?: boolean | null;
}

@InputType()
export class OpenTicketInput {
  @Field(() => TicketKind)
  kind!: TicketKind;

  @Field(() => TicketQueue, { defaultValue: TicketQueue.SUPPORT })
  queue!: TicketQueue;

  @Field(() => TicketPriority, { defaultValue: TicketPriority.MEDIUM })
  priority!: TicketPriority;

  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Member code; required for SII_STAFF, defaults to the token’s member for a MEMBER_AGENT (who may not name another)',
  })
  memberCode?: string | null;

  @Field(() => ID, { nullable: true, description: 'Catalogue application id, checked against the graph' })
  applicationId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Client-chosen key (≤ 200 characters) making retries safe: the same key with the same input returns the ticket it created; ' +
      'the same key with a different input is BAD_USER_INPUT. Keys are scoped to the caller (token subject).',
  })
  idempotencyKey?: string | null;
}

@InputType({ description: 'Moves a ticket (given by id or reference) to a new status' })
export class ChangeTicketStatusInput {
  @Field(() => ID, { nullable: true })
  id?: string | null;

  @Field(() => String, { nullable: true })
  reference?: string | null;

  @Field(() => TicketStatus)
  status!: TicketStatus;

  @Field(() => Int, { description: 'The version the client read; another change since then makes this one a CONFLICT' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true })
  comment?: string | null;
}
