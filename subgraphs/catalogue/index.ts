import 'reflect-metadata';
import type { SubgraphDefinition } from '../../lib/subgraph';
import { Application, Domain, Portfolio, PortfolioRow, ServiceOffering } from './entities';
import { createCatalogueLoaders, type CatalogueLoaders } from './loaders';
import { catalogueMigrations } from './migrations';
import { ApplicationResolver, resolveApplicationReference } from './resolvers/application.resolver';
import { DomainResolver, resolveDomainReference } from './resolvers/domain.resolver';
import { PortfolioResolver, PortfolioRowResolver } from './resolvers/portfolio.resolver';
import { ServiceOfferingResolver } from './resolvers/service-offering.resolver';
import { seedCatalogue } from './seed';

/** Domains, applications, service offerings and the report's portfolio table. */
export const catalogue: SubgraphDefinition<CatalogueLoaders> = {
  name: 'catalogue',
  entities: [Domain, Application, ServiceOffering, Portfolio, PortfolioRow],
  migrations: catalogueMigrations,
  resolvers: [DomainResolver, ApplicationResolver, ServiceOfferingResolver, PortfolioResolver, PortfolioRowResolver],
  referenceResolvers: {
    Application: resolveApplicationReference,
    Domain: resolveDomainReference,
  },
  createLoaders: createCatalogueLoaders,
  seed: seedCatalogue,
};
