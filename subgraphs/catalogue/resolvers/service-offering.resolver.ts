import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { ServiceCategory, ServiceOffering } from '../entities';
import type { CatalogueContext } from '../loaders';

const CATEGORY_ORDER = Object.values(ServiceCategory);

@Resolver(() => ServiceOffering)
export class ServiceOfferingResolver {
  @Query(() => [ServiceOffering], { description: 'The 13 services of the report, by category then number' })
  async serviceOfferings(
    @Arg('category', () => ServiceCategory, { nullable: true }) category: ServiceCategory | undefined,
    @Ctx() { em }: CatalogueContext,
  ): Promise<ServiceOffering[]> {
    const offerings = await em.find(ServiceOffering, category ? { category } : {}, { orderBy: { number: 'asc' } });
    return offerings.sort((a, b) => CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) || a.number - b.number);
  }
}
