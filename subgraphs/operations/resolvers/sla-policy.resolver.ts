import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { SlaPolicy, TicketPriority } from '../entities';
import type { OperationsContext } from '../loaders';
import { slaPoliciesByUrgency, updateSlaPolicy } from '../services/sla-policies';

@Resolver(() => SlaPolicy)
export class SlaPolicyResolver {
  @Query(() => [SlaPolicy], { description: 'Service levels per priority, from the most to the least urgent' })
  slaPolicies(@Ctx() { em }: OperationsContext): Promise<SlaPolicy[]> {
    return slaPoliciesByUrgency(em);
  }

  @Mutation(() => SlaPolicy, {
    description: 'Changes the service levels of a priority, for tickets opened from now on (open tickets keep their due dates). SII_STAFF only',
  })
  updateSlaPolicy(
    @Arg('priority', () => TicketPriority) priority: TicketPriority,
    @Arg('timeToOwnMinutes', () => Int) timeToOwnMinutes: number,
    @Arg('timeToResolveMinutes', () => Int) timeToResolveMinutes: number,
    @Ctx() context: OperationsContext,
  ): Promise<SlaPolicy> {
    return updateSlaPolicy(context, priority, timeToOwnMinutes, timeToResolveMinutes);
  }
}
