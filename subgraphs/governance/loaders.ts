import type DataLoader from 'dataloader';
import { loaderByKey, loaderOfLists } from '../../lib/loaders';
import type { EntityManager } from '../../lib/orm';
import type { SubgraphContext } from '../../lib/subgraph';
import { Delegate, Member } from './entities';

export interface GovernanceLoaders {
  memberById: DataLoader<string, Member | null>;
  memberByCode: DataLoader<string, Member | null>;
  delegatesByMemberId: DataLoader<string, Delegate[]>;
}

export type GovernanceContext = SubgraphContext<GovernanceLoaders>;

/** Orders delegates as the report prints them: by seat, titular before substitute. */
export const DELEGATE_ORDER = { seat: 'asc', role: 'desc', lastName: 'asc' } as const;

export function createGovernanceLoaders(em: EntityManager): GovernanceLoaders {
  return {
    memberById: loaderByKey((ids) => em.find(Member, { id: { $in: [...ids] } }), (member) => member.id),
    memberByCode: loaderByKey((codes) => em.find(Member, { code: { $in: [...codes] } }), (member) => member.code),
    delegatesByMemberId: loaderOfLists(
      (memberIds) => em.find(Delegate, { memberId: { $in: [...memberIds] } }, { orderBy: DELEGATE_ORDER }),
      (delegate) => delegate.memberId,
    ),
  };
}
