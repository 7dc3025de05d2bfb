import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { ChangeConnection, entityChanges } from '../../../lib/audit';
import { findMembers } from '../data/members';
import { Delegate, DelegateRole, Member, MemberKind } from '../entities';
import type { GovernanceContext } from '../loaders';

@Resolver(() => Member)
export class MemberResolver {
  @Query(() => [Member], { description: 'The six members, in the order of the report (cities first)' })
  async members(
    @Arg('kind', () => MemberKind, { nullable: true }) kind: MemberKind | undefined,
    @Ctx() { em }: GovernanceContext,
  ): Promise<Member[]> {
    return findMembers(em, kind);
  }

  @Query(() => Member, { nullable: true, description: 'A member by its code (e.g. BOBIGNY); null when no member has it' })
  async member(@Arg('code', () => String) code: string, @Ctx() { loaders }: GovernanceContext): Promise<Member | null> {
    return loaders.memberByCode.load(code.trim().toUpperCase());
  }

  @FieldResolver(() => [Delegate])
  async delegates(
    @Root() member: Member,
    @Arg('role', () => DelegateRole, { nullable: true }) role: DelegateRole | undefined,
    @Ctx() { loaders }: GovernanceContext,
  ): Promise<Delegate[]> {
    const delegates = await loaders.delegatesByMemberId.load(member.id);
    return role ? delegates.filter((delegate) => delegate.role === role) : delegates;
  }

  @FieldResolver(() => ChangeConnection, { nullable: true, description: 'Its audit entries, newest first. SII_STAFF only' })
  async changes(
    @Root() member: Member,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() { viewer, loaders }: GovernanceContext,
  ): Promise<ChangeConnection> {
    return entityChanges(viewer, loaders.changes, 'Member', member.id, first, after);
  }
}

/** Federation entry point: other subgraphs hold `Member` stubs keyed by id or by code. */
export function resolveMemberReference(reference: { id?: string; code?: string }, { loaders }: GovernanceContext) {
  if (reference.id !== undefined) return loaders.memberById.load(reference.id);
  if (reference.code !== undefined) return loaders.memberByCode.load(reference.code);
  return null;
}
