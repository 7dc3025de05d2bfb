import 'reflect-metadata';
import type { SubgraphDefinition } from '../../lib/subgraph';
import { Delegate, Member, Organization, OrgMission, OrgTeam, OrgUnit, QualityProcess, QualitySystem } from './entities';
import { createGovernanceLoaders, type GovernanceLoaders } from './loaders';
import { governanceMigrations } from './migrations';
import { CouncilResolver } from './resolvers/council.resolver';
import { DelegateMutationResolver } from './resolvers/delegate-mutations.resolver';
import { DelegateResolver } from './resolvers/delegate.resolver';
import { MemberResolver, resolveMemberReference } from './resolvers/member.resolver';
import { OrgMissionResolver, OrgTeamResolver, OrgUnitResolver } from './resolvers/org-unit.resolver';
import { OrganizationResolver, QualitySystemResolver } from './resolvers/organization.resolver';
import { seedGovernance } from './seed';

/** Members, council delegates, the SII itself, its org units and its quality system. */
export const governance: SubgraphDefinition<GovernanceLoaders> = {
  name: 'governance',
  entities: [Member, Delegate, OrgUnit, OrgTeam, OrgMission, Organization, QualitySystem, QualityProcess],
  migrations: governanceMigrations,
  resolvers: [
    MemberResolver,
    DelegateResolver,
    CouncilResolver,
    OrgUnitResolver,
    DelegateMutationResolver,
    OrgTeamResolver,
    OrgMissionResolver,
    OrganizationResolver,
    QualitySystemResolver,
  ],
  referenceResolvers: { Member: resolveMemberReference },
  createLoaders: createGovernanceLoaders,
  seed: seedGovernance,
};
