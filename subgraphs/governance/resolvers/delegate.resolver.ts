import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Delegate, DelegateRole, Member } from '../entities';
import type { GovernanceContext } from '../loaders';

@Resolver(() => Delegate)
export class DelegateResolver {
  @FieldResolver(() => Member)
  async member(@Root() delegate: Delegate, @Ctx() { loaders }: GovernanceContext): Promise<Member> {
    const member = await loaders.memberById.load(delegate.memberId);
    if (!member) throw new Error(`Delegate ${delegate.id} points at missing member ${delegate.memberId}`);
    return member;
  }

  @FieldResolver(() => Delegate, { nullable: true, description: 'On a titular: the substitute sharing their seat' })
  async substitute(@Root() delegate: Delegate, @Ctx() ctx: GovernanceContext): Promise<Delegate | null> {
    if (delegate.role !== DelegateRole.TITULAR) return null;
    return seatPartner(delegate, DelegateRole.SUBSTITUTE, ctx);
  }

  @FieldResolver(() => Delegate, { nullable: true, description: 'On a substitute: the titular sharing their seat' })
  async titular(@Root() delegate: Delegate, @Ctx() ctx: GovernanceContext): Promise<Delegate | null> {
    if (delegate.role !== DelegateRole.SUBSTITUTE) return null;
    return seatPartner(delegate, DelegateRole.TITULAR, ctx);
  }
}

async function seatPartner(delegate: Delegate, role: DelegateRole, { loaders }: GovernanceContext): Promise<Delegate | null> {
  const colleagues = await loaders.delegatesByMemberId.load(delegate.memberId);
  return colleagues.find((other) => other.seat === delegate.seat && other.role === role) ?? null;
}
