import { Arg, Ctx, FieldResolver, Query, Resolver } from 'type-graphql';
import { delegatesInCouncilOrder, findPresident } from '../data/delegates';
import { Delegate, DelegateRole } from '../entities';
import type { GovernanceContext } from '../loaders';
import { Council } from '../types';

@Resolver(() => Council)
export class CouncilResolver {
  @Query(() => Council)
  council(): Council {
    return new Council();
  }

  @FieldResolver(() => Delegate)
  async president(@Ctx() { em }: GovernanceContext): Promise<Delegate> {
    return findPresident(em);
  }

  @FieldResolver(() => [Delegate], { description: 'All delegates, by member in the report’s order, then seat, titular first' })
  async delegates(
    @Arg('role', () => DelegateRole, { nullable: true }) role: DelegateRole | undefined,
    @Ctx() { em }: GovernanceContext,
  ): Promise<Delegate[]> {
    return delegatesInCouncilOrder(em, role);
  }
}
