import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Ticket } from '../entities';
import type { OperationsContext } from '../loaders';
import { changeTicketStatus } from '../services/change-ticket-status';
import { openTicket } from '../services/open-ticket';
import { ChangeTicketStatusInput, OpenTicketInput } from '../types';

@Resolver()
export class TicketMutationResolver {
  @Mutation(() => Ticket, {
    description:
      'Opens a ticket (status NEW) with its due dates from the priority’s service level. MEMBER_AGENT (for its own member) or SII_STAFF. ' +
      'With an idempotencyKey, a retry returns the ticket already created instead of opening a second one.',
  })
  openTicket(@Arg('input', () => OpenTicketInput) input: OpenTicketInput, @Ctx() context: OperationsContext): Promise<Ticket> {
    return openTicket(context, input);
  }

  @Mutation(() => Ticket, {
    description:
      'Moves a ticket along the state machine. expectedVersion must be the version read: a stale one is CONFLICT, an illegal transition BAD_USER_INPUT; ' +
      'both change nothing. MEMBER_AGENT (own member’s tickets) or SII_STAFF',
  })
  changeTicketStatus(
    @Arg('input', () => ChangeTicketStatusInput) input: ChangeTicketStatusInput,
    @Ctx() context: OperationsContext,
  ): Promise<Ticket> {
    return changeTicketStatus(context, input);
  }
}
