import 'reflect-metadata';
import { API_KEY_CHECK_PATH } from '../../lib/identity/api-keys';
import type { SubgraphDefinition } from '../../lib/subgraph';
import { ApiKey, Delegate, Member, Organization, OrgMission, OrgTeam, OrgUnit, QualityProcess, QualitySystem } from './entities';
import { createGovernanceLoaders, type GovernanceLoaders } from './loaders';
import { governanceMigrations } from './migrations';
import { ApiKeyResolver } from './resolvers/api-key.resolver';
import { CouncilResolver } from './resolvers/council.resolver';
import { DelegateMutationResolver } from './resolvers/delegate-mutations.resolver';
import { DelegateResolver } from './resolvers/delegate.resolver';
import { MemberResolver, resolveMemberReference } from './resolvers/member.resolver';
import { OrgMissionResolver, OrgTeamResolver, OrgUnitResolver } from './resolvers/org-unit.resolver';
import { OrganizationResolver, QualitySystemResolver } from './resolvers/organization.resolver';
import { seedGovernance } from './seed';
import { checkApiKey } from './services/api-keys';

/** Members, council delegates, the SII itself, its org units and its quality system, and the service accounts' API keys. */
export const governance: SubgraphDefinition<GovernanceLoaders> = {
  name: 'governance',
  entities: [Member, Delegate, OrgUnit, OrgTeam, OrgMission, Organization, QualitySystem, QualityProcess, ApiKey],
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
    ApiKeyResolver,
  ],
  referenceResolvers: { Member: resolveMemberReference },
  createLoaders: createGovernanceLoaders,
  seed: seedGovernance,
  internalRoutes: {
    // The gateway's only way to check an API key (never through the public graph): 200 with the viewer, or 401.
    [API_KEY_CHECK_PATH]: async (body, { em }) => {
      const check = await checkApiKey(em, (body as { key?: unknown } | null)?.key);
      return check.valid ? { status: 200, body: { viewer: check.viewer } } : { status: 401, body: { error: check.reason } };
    },
  },
};
