import type DataLoader from 'dataloader';
import { type ChangeConnection, createChangesLoader, type EntityChangesKey } from '../../lib/audit';
import { loaderByKey, loaderOfLists } from '../../lib/loaders';
import type { EntityManager } from '../../lib/orm';
import type { SubgraphContext } from '../../lib/subgraph';
import { delegatesByMemberIds } from './data/delegates';
import { membersByCodes, membersByIds } from './data/members';
import { missionsOfOrgUnits, orgUnitsByIds, orgUnitsReportingTo, teamsOfOrgUnits } from './data/org-units';
import type { Delegate, Member, OrgMission, OrgTeam, OrgUnit } from './entities';

export interface GovernanceLoaders {
  memberById: DataLoader<string, Member | null>;
  memberByCode: DataLoader<string, Member | null>;
  delegatesByMemberId: DataLoader<string, Delegate[]>;
  orgUnitById: DataLoader<string, OrgUnit | null>;
  orgUnitsByReportsToId: DataLoader<string, OrgUnit[]>;
  teamsByOrgUnitId: DataLoader<string, OrgTeam[]>;
  missionsByOrgUnitId: DataLoader<string, OrgMission[]>;
  /** Audit entries of governance's entities (Member, Delegate, OrgUnit). */
  changes: DataLoader<EntityChangesKey, ChangeConnection, string>;
}

export type GovernanceContext = SubgraphContext<GovernanceLoaders>;

export function createGovernanceLoaders(em: EntityManager): GovernanceLoaders {
  return {
    memberById: loaderByKey((ids) => membersByIds(em, ids), (member) => member.id),
    memberByCode: loaderByKey((codes) => membersByCodes(em, codes), (member) => member.code),
    delegatesByMemberId: loaderOfLists((memberIds) => delegatesByMemberIds(em, memberIds), (delegate) => delegate.memberId),
    orgUnitById: loaderByKey((ids) => orgUnitsByIds(em, ids), (unit) => unit.id),
    orgUnitsByReportsToId: loaderOfLists((ids) => orgUnitsReportingTo(em, ids), (unit) => unit.reportsToId as string),
    teamsByOrgUnitId: loaderOfLists((ids) => teamsOfOrgUnits(em, ids), (team) => team.orgUnitId),
    missionsByOrgUnitId: loaderOfLists((ids) => missionsOfOrgUnits(em, ids), (mission) => mission.orgUnitId),
    changes: createChangesLoader(em, 'governance'),
  };
}
