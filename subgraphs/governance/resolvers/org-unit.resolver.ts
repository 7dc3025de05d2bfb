import { Ctx, Query, Resolver } from 'type-graphql';
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
}
