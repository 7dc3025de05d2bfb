import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { Delegate } from '../entities';
import type { GovernanceContext } from '../loaders';
import { appointDelegate, removeDelegate } from '../services/delegates';
import { AppointDelegateInput } from '../types';

/** Writes to the council; the seat rule, validation and authorisation are in services/delegates.ts. */
@Resolver()
export class DelegateMutationResolver {
  @Mutation(() => Delegate, { description: 'Appoints a delegate to a vacant seat; SII_STAFF only' })
  async appointDelegate(
    @Arg('input', () => AppointDelegateInput) input: AppointDelegateInput,
    @Ctx() { em, viewer, requestId }: GovernanceContext,
  ): Promise<Delegate> {
    return appointDelegate(em, viewer, input, requestId);
  }

  @Mutation(() => Delegate, { description: 'Removes a delegate, leaving their seat vacant; returns the removed delegate. SII_STAFF only' })
  async removeDelegate(@Arg('id', () => ID) id: string, @Ctx() { em, viewer, requestId }: GovernanceContext): Promise<Delegate> {
    return removeDelegate(em, viewer, id, requestId);
  }
}
