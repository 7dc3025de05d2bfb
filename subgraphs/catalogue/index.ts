import 'reflect-metadata';
import type { SubgraphDefinition } from '../../lib/subgraph';
import { Application, Domain, ServiceOffering } from './entities';
import { createCatalogueLoaders, type CatalogueLoaders } from './loaders';
import { catalogueMigrations } from './migrations';
import { ApplicationResolver, resolveApplicationReference } from './resolvers/application.resolver';
import { DomainResolver, resolveDomainReference } from './resolvers/domain.resolver';
import { ServiceOfferingResolver } from './resolvers/service-offering.resolver';
import { seedCatalogue } from './seed';

/** Domains, applications and service offerings. */
export const catalogue: SubgraphDefinition<CatalogueLoaders> = {
  name: 'catalogue',
  entities: [Domain, Application, ServiceOffering],
  migrations: catalogueMigrations,
  resolvers: [DomainResolver, ApplicationResolver, ServiceOfferingResolver],
  referenceResolvers: {
    Application: resolveApplicationReference as never,
    Domain: resolveDomainReference as never,
  },
  createLoaders: createCatalogueLoaders,
  seed: seedCatalogue,
};
