import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { findOrganization, findQualityProcesses, findQualitySystem } from '../data/organization';
import { Organization, OrgUnit, QualityProcess, QualitySystem } from '../entities';
import type { GovernanceContext } from '../loaders';

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => Organization, { description: 'The SII itself: name, legal form, year founded, address, contacts, internet services, announced portfolio' })
  async organization(@Ctx() { em }: GovernanceContext): Promise<Organization> {
    const organization = await findOrganization(em);
    if (!organization) throw new Error('The organization row is missing: the governance seed has not run');
    return organization;
  }

  @FieldResolver(() => QualitySystem, { description: 'Its ISO 9001 quality management system' })
  async quality(@Root() organization: Organization, @Ctx() { em }: GovernanceContext): Promise<QualitySystem> {
    const quality = await findQualitySystem(em, organization.id);
    if (!quality) throw new Error('The quality system row is missing: the governance seed has not run');
    return quality;
  }
}

@Resolver(() => QualitySystem)
export class QualitySystemResolver {
  @FieldResolver(() => OrgUnit, { description: 'The unit whose activity is certified: Gestion des Services et Qualité / SAU' })
  async certifiedUnit(@Root() quality: QualitySystem, @Ctx() { loaders }: GovernanceContext): Promise<OrgUnit> {
    const unit = await loaders.orgUnitById.load(quality.certifiedUnitId);
    if (!unit) throw new Error(`Org unit ${quality.certifiedUnitId} is missing`);
    return unit;
  }

  @FieldResolver(() => [QualityProcess], { description: 'The six processes of the certified domain, in the report’s order' })
  processes(@Ctx() { em }: GovernanceContext): Promise<QualityProcess[]> {
    return findQualityProcesses(em);
  }
}
