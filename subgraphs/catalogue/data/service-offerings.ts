import type { EntityManager } from '../../../lib/orm';
import { ServiceCategory, ServiceOffering } from '../entities';

const CATEGORY_ORDER = Object.values(ServiceCategory);

/** The report's services, optionally of one category, by category (in the report's order) then number. */
export async function findServiceOfferings(em: EntityManager, category: ServiceCategory | undefined): Promise<ServiceOffering[]> {
  const offerings = await em.find(ServiceOffering, category ? { category } : {}, { orderBy: { number: 'asc' } });
  return offerings.sort((a, b) => CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) || a.number - b.number);
}
