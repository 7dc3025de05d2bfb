import type DataLoader from 'dataloader';
import { type ChangeConnection, createChangesLoader, type EntityChangesKey } from '../../lib/audit';
import { loaderByKey, loaderOfLists } from '../../lib/loaders';
import type { EntityManager } from '../../lib/orm';
import type { SubgraphContext } from '../../lib/subgraph';
import { applicationsByDomainCodes, applicationsByIds } from './data/applications';
import { domainsByCodes } from './data/domains';
import type { Application, Domain } from './entities';

export interface CatalogueLoaders {
  applicationById: DataLoader<string, Application | null>;
  domainByCode: DataLoader<string, Domain | null>;
  applicationsByDomainCode: DataLoader<string, Application[]>;
  /** Audit entries of the catalogue's entities (Application, Domain). */
  changes: DataLoader<EntityChangesKey, ChangeConnection, string>;
}

export type CatalogueContext = SubgraphContext<CatalogueLoaders>;

export function createCatalogueLoaders(em: EntityManager): CatalogueLoaders {
  return {
    applicationById: loaderByKey((ids) => applicationsByIds(em, ids), (application) => application.id),
    domainByCode: loaderByKey((codes) => domainsByCodes(em, codes), (domain) => domain.code),
    applicationsByDomainCode: loaderOfLists((codes) => applicationsByDomainCodes(em, codes), (application) => application.domainCode),
    changes: createChangesLoader(em, 'catalogue'),
  };
}
