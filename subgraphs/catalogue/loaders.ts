import type DataLoader from 'dataloader';
import { loaderByKey, loaderOfLists } from '../../lib/loaders';
import type { EntityManager } from '../../lib/orm';
import type { SubgraphContext } from '../../lib/subgraph';
import { Application, Domain } from './entities';

export interface CatalogueLoaders {
  applicationById: DataLoader<string, Application | null>;
  domainByCode: DataLoader<string, Domain | null>;
  applicationsByDomainCode: DataLoader<string, Application[]>;
}

export type CatalogueContext = SubgraphContext<CatalogueLoaders>;

export function createCatalogueLoaders(em: EntityManager): CatalogueLoaders {
  return {
    applicationById: loaderByKey((ids) => em.find(Application, { id: { $in: [...ids] } }), (application) => application.id),
    domainByCode: loaderByKey((codes) => em.find(Domain, { code: { $in: [...codes] } }), (domain) => domain.code),
    applicationsByDomainCode: loaderOfLists(
      (codes) => em.find(Application, { domainCode: { $in: [...codes] } }, { orderBy: { name: 'asc' } }),
      (application) => application.domainCode,
    ),
  };
}
