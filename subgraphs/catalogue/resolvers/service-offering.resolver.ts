import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { findServiceOfferings } from '../data/service-offerings';
import { ServiceCategory, ServiceOffering } from '../entities';
import type { CatalogueContext } from '../loaders';

@Resolver(() => ServiceOffering)
export class ServiceOfferingResolver {
  @Query(() => [ServiceOffering], { description: 'The 13 services of the report, by category then number' })
  async serviceOfferings(
    @Arg('category', () => ServiceCategory, { nullable: true }) category: ServiceCategory | undefined,
    @Ctx() { em }: CatalogueContext,
  ): Promise<ServiceOffering[]> {
    return findServiceOfferings(em, category);
  }
}
