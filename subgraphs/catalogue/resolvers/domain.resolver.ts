import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { ChangeConnection, entityChanges } from '../../../lib/audit';
import { findDomains } from '../data/domains';
import { Application, Domain } from '../entities';
import type { CatalogueContext } from '../loaders';
import { applicationsOfDomain } from '../services/applications';

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

  @FieldResolver(() => [Application], { description: 'Its applications in service, by name; retired ones too with includeRetired: true' })
  async applications(
    @Root() domain: Domain,
    @Arg('includeRetired', () => Boolean, { nullable: true, description: 'Also list retired applications (default false)' }) includeRetired: boolean | undefined,
    @Ctx() { loaders }: CatalogueContext,
  ): Promise<Application[]> {
    return applicationsOfDomain(loaders, domain.code, includeRetired);
  }

  @FieldResolver(() => ChangeConnection, { nullable: true, description: 'Its audit entries, newest first. SII_STAFF only' })
  async changes(
    @Root() domain: Domain,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() { viewer, loaders }: CatalogueContext,
  ): Promise<ChangeConnection> {
    return entityChanges(viewer, loaders.changes, 'Domain', domain.code, first, after);
  }
}

/** Federation entry point for `Domain`, an entity keyed by code (no other subgraph holds a stub of it today). */
export function resolveDomainReference(reference: { code: string }, { loaders }: CatalogueContext) {
  return loaders.domainByCode.load(reference.code);
}
