import type { EntityManager } from '../../../lib/orm';
import { Portfolio, PortfolioRow } from '../entities';

/** The 2018 report's portfolio (one row); null only before the seed ran. */
export function findPortfolio(em: EntityManager): Promise<Portfolio | null> {
  return em.findOne(Portfolio, { id: 'report-2018' });
}

/** The printed rows of the portfolio table, in print order. */
export function findPortfolioRows(em: EntityManager): Promise<PortfolioRow[]> {
  return em.find(PortfolioRow, {}, { orderBy: { position: 'asc' } });
}

/** Applications in the portfolio and outside it, in one statement. */
export async function countApplications(em: EntityManager): Promise<{ inPortfolio: number; outsidePortfolio: number }> {
  const [row] = await em.execute<{ in_portfolio: string; outside: string }[]>(
    'select count(*) filter (where in_portfolio) as in_portfolio, count(*) filter (where not in_portfolio) as outside from "catalogue"."application"',
  );
  return { inPortfolio: Number(row.in_portfolio), outsidePortfolio: Number(row.outside) };
}
