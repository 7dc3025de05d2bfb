import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { ChangeConnection, entityChanges } from '../../../lib/audit';
import { findOrgUnits, staffTotals } from '../data/org-units';
import { OrgUnit } from '../entities';
import type { GovernanceContext } from '../loaders';
import { StaffSummary } from '../types';

@Resolver(() => OrgUnit)
export class OrgUnitResolver {
  @Query(() => [OrgUnit], { description: 'The SII’s departments, in the order of the report’s staff table' })
  async orgUnits(@Ctx() { em }: GovernanceContext): Promise<OrgUnit[]> {
    return findOrgUnits(em);
  }

  @Query(() => StaffSummary)
  async staff(@Ctx() { em }: GovernanceContext): Promise<StaffSummary> {
    const { women, men } = await staffTotals(em);
    return Object.assign(new StaffSummary(), { women, men, total: women + men });
  }

  @FieldResolver(() => ChangeConnection, { nullable: true, description: 'Its audit entries, newest first. SII_STAFF only' })
  async changes(
    @Root() unit: OrgUnit,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() { viewer, loaders }: GovernanceContext,
  ): Promise<ChangeConnection> {
    return entityChanges(viewer, loaders.changes, 'OrgUnit', unit.id, first, after);
  }
}
