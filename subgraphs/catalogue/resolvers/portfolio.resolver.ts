import { Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { countApplications, findPortfolio, findPortfolioRows } from '../data/portfolio';
import { Application, Domain, Portfolio, PortfolioRow } from '../entities';
import type { CatalogueContext } from '../loaders';

@Resolver(() => Portfolio)
export class PortfolioResolver {
  @Query(() => Portfolio, {
    description:
      'The portfolio’s three figures: announced (50, in the presentation), printed (51 rows in the table) and served (57 applications, the merged rows split), and why they differ',
  })
  async portfolio(@Ctx() { em }: CatalogueContext): Promise<Portfolio> {
    const portfolio = await findPortfolio(em);
    if (!portfolio) throw new Error('The portfolio row is missing: the catalogue seed has not run');
    return portfolio;
  }

  @FieldResolver(() => Int, { description: 'Rows the report’s portfolio table prints: 51' })
  async printedRowCount(@Ctx() { em }: CatalogueContext): Promise<number> {
    return (await findPortfolioRows(em)).length;
  }

  @FieldResolver(() => Int, { description: 'Applications the hub serves as in the portfolio (inPortfolio: true): 57 as seeded' })
  async applicationCount(@Ctx() { em }: CatalogueContext): Promise<number> {
    return (await countApplications(em)).inPortfolio;
  }

  @FieldResolver(() => Int, { description: 'Applications the report names elsewhere but not in its portfolio (inPortfolio: false): 3 as seeded' })
  async outsidePortfolioCount(@Ctx() { em }: CatalogueContext): Promise<number> {
    return (await countApplications(em)).outsidePortfolio;
  }

  @FieldResolver(() => [PortfolioRow], { description: 'The table’s rows as printed, in print order' })
  rows(@Root() _portfolio: Portfolio, @Ctx() { em }: CatalogueContext): Promise<PortfolioRow[]> {
    return findPortfolioRows(em);
  }
}

@Resolver(() => PortfolioRow)
export class PortfolioRowResolver {
  @FieldResolver(() => Domain, { description: 'The domain the row belongs to (its own DOMAINE cell, or the last one printed above it)' })
  async domain(@Root() row: PortfolioRow, @Ctx() { loaders }: CatalogueContext): Promise<Domain> {
    const domain = await loaders.domainByCode.load(row.domainCode);
    if (!domain) throw new Error(`Portfolio row ${row.position} points at missing domain ${row.domainCode}`);
    return domain;
  }

  @FieldResolver(() => [Application], { description: 'The application(s) the hub serves for the row: several where the row names several products' })
  async applications(@Root() row: PortfolioRow, @Ctx() { loaders }: CatalogueContext): Promise<Application[]> {
    const applications = await loaders.applicationById.loadMany(row.applicationIds);
    return applications.filter((application): application is Application => application instanceof Application);
  }
}
