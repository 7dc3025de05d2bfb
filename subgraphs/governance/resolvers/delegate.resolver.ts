import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { ChangeConnection, entityChanges } from '../../../lib/audit';
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

  @FieldResolver(() => ChangeConnection, { nullable: true, description: 'Its audit entries, newest first. SII_STAFF only' })
  async changes(
    @Root() delegate: Delegate,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() { viewer, loaders }: GovernanceContext,
  ): Promise<ChangeConnection> {
    return entityChanges(viewer, loaders.changes, 'Delegate', delegate.id, first, after);
  }
}

async function seatPartner(delegate: Delegate, role: DelegateRole, { loaders }: GovernanceContext): Promise<Delegate | null> {
  const colleagues = await loaders.delegatesByMemberId.load(delegate.memberId);
  return colleagues.find((other) => other.seat === delegate.seat && other.role === role) ?? null;
}
