import type DataLoader from 'dataloader';
import { type ChangeConnection, createChangesLoader, type EntityChangesKey } from '../../lib/audit';
import { loaderByKey, loaderOfLists } from '../../lib/loaders';
import type { EntityManager } from '../../lib/orm';
import type { SubgraphContext } from '../../lib/subgraph';
import { delegatesByMemberIds } from './data/delegates';
import { membersByCodes, membersByIds } from './data/members';
import type { Delegate, Member } from './entities';

export interface GovernanceLoaders {
  memberById: DataLoader<string, Member | null>;
  memberByCode: DataLoader<string, Member | null>;
  delegatesByMemberId: DataLoader<string, Delegate[]>;
  /** Audit entries of governance's entities (Member, Delegate, OrgUnit). */
  changes: DataLoader<EntityChangesKey, ChangeConnection, string>;
}

export type GovernanceContext = SubgraphContext<GovernanceLoaders>;

export function createGovernanceLoaders(em: EntityManager): GovernanceLoaders {
  return {
    memberById: loaderByKey((ids) => membersByIds(em, ids), (member) => member.id),
    memberByCode: loaderByKey((codes) => membersByCodes(em, codes), (member) => member.code),
    delegatesByMemberId: loaderOfLists((memberIds) => delegatesByMemberIds(em, memberIds), (delegate) => delegate.memberId),
    changes: createChangesLoader(em, 'governance'),
  };
}
