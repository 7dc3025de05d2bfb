import { Arg, Ctx, FieldResolver, ObjectType, Query, Resolver } from 'type-graphql';
import { Delegate, DelegateRole, Member } from '../entities';
import { DELEGATE_ORDER, type GovernanceContext } from '../loaders';

@ObjectType({ description: 'The syndicate committee (comité syndical): every member’s delegates and its president' })
export class Council {}

@Resolver(() => Council)
export class CouncilResolver {
  @Query(() => Council)
  council(): Council {
    return new Council();
  }

  @FieldResolver(() => Delegate)
  async president(@Ctx() { em }: GovernanceContext): Promise<Delegate> {
    return em.findOneOrFail(Delegate, { isPresident: true });
  }

  @FieldResolver(() => [Delegate], { description: 'All delegates, by member in the report’s order, then seat, titular first' })
  async delegates(
    @Arg('role', () => DelegateRole, { nullable: true }) role: DelegateRole | undefined,
    @Ctx() { em }: GovernanceContext,
  ): Promise<Delegate[]> {
    const [members, delegates] = await Promise.all([
      em.find(Member, {}, { fields: ['id', 'position'] }),
      em.find(Delegate, role ? { role } : {}, { orderBy: DELEGATE_ORDER }),
    ]);
    const position = new Map(members.map((member) => [member.id, member.position]));
    return delegates.sort((a, b) => (position.get(a.memberId) ?? 0) - (position.get(b.memberId) ?? 0));
  }
}
