import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { findDomains } from '../data/domains';
import { Application, Domain } from '../entities';
import type { CatalogueContext } from '../loaders';

@Resolver(() => Domain)
export class DomainResolver {
  @Query(() => [Domain], { description: 'The catalogue’s domains, in the order of the report' })
  async domains(@Ctx() { em }: CatalogueContext): Promise<Domain[]> {
    return findDomains(em);
  }

  @Query(() => Domain, { nullable: true, description: 'A domain by its code (e.g. FIN); null when no domain has it' })
  async domain(@Arg('code', () => String) code: string, @Ctx() { loaders }: CatalogueContext): Promise<Domain | null> {
    return loaders.domainByCode.load(code.trim().toUpperCase());
  }

  @FieldResolver(() => [Application])
  async applications(@Root() domain: Domain, @Ctx() { loaders }: CatalogueContext): Promise<Application[]> {
    return loaders.applicationsByDomainCode.load(domain.code);
  }
}

/** Federation entry point for `Domain`, an entity keyed by code (no other subgraph holds a stub of it today). */
export function resolveDomainReference(reference: { code: string }, { loaders }: CatalogueContext) {
  return loaders.domainByCode.load(reference.code);
}
