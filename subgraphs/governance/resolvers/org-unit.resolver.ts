import { Ctx, Query, Resolver } from 'type-graphql';
import { OrgUnit, StaffSummary } from '../entities';
import type { GovernanceContext } from '../loaders';

@Resolver(() => OrgUnit)
export class OrgUnitResolver {
  @Query(() => [OrgUnit], { description: 'The SII’s departments, in the order of the report’s staff table' })
  async orgUnits(@Ctx() { em }: GovernanceContext): Promise<OrgUnit[]> {
    return em.find(OrgUnit, {}, { orderBy: { position: 'asc' } });
  }

  @Query(() => StaffSummary)
  async staff(@Ctx() { em }: GovernanceContext): Promise<StaffSummary> {
    const [totals] = await em.execute<{ women: string; men: string }[]>(
      'select coalesce(sum(women), 0) as women, coalesce(sum(men), 0) as men from "governance"."org_unit"',
    );
    const women = Number(totals.women);
    const men = Number(totals.men);
    return Object.assign(new StaffSummary(), { women, men, total: women + men });
  }
}
