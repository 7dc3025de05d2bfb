import 'reflect-metadata';
import type { SubgraphDefinition } from '../../lib/subgraph';
import { Delegate, Member, OrgUnit } from './entities';
import { createGovernanceLoaders, type GovernanceLoaders } from './loaders';
import { governanceMigrations } from './migrations';
import { CouncilResolver } from './resolvers/council.resolver';
import { DelegateMutationResolver } from './resolvers/delegate-mutations.resolver';
import { DelegateResolver } from './resolvers/delegate.resolver';
import { MemberResolver, resolveMemberReference } from './resolvers/member.resolver';
import { OrgUnitResolver } from './resolvers/org-unit.resolver';
import { seedGovernance } from './seed';

/** Members, council delegates and the SII's own org units. */
export const governance: SubgraphDefinition<GovernanceLoaders> = {
  name: 'governance',
  entities: [Member, Delegate, OrgUnit],
  migrations: governanceMigrations,
  resolvers: [MemberResolver, DelegateResolver, CouncilResolver, OrgUnitResolver, DelegateMutationResolver],
  referenceResolvers: { Member: resolveMemberReference as never },
  createLoaders: createGovernanceLoaders,
  seed: seedGovernance,
};
