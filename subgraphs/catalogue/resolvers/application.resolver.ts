import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Application, Domain } from '../entities';
import type { CatalogueContext } from '../loaders';
import { searchApplications } from '../services/applications';

@Resolver(() => Application)
export class ApplicationResolver {
  @Query(() => [Application], {
    description:
      'Applications, optionally of one domain and/or matching `search` (case- and accent-insensitive, on name, aliases and description). ' +
      'Exact name or alias matches come first, then names starting with the search, then the rest, each by name.',
  })
  async applications(
    @Arg('search', () => String, { nullable: true }) search: string | undefined,
    @Arg('domainCode', () => String, { nullable: true }) domainCode: string | undefined,
    @Ctx() { em }: CatalogueContext,
  ): Promise<Application[]> {
    return searchApplications(em, search, domainCode);
  }

  @Query(() => Application, { nullable: true, description: 'An application by id; null when no application has it' })
  async application(@Arg('id', () => ID) id: string, @Ctx() { loaders }: CatalogueContext): Promise<Application | null> {
    return loaders.applicationById.load(id);
  }

  @FieldResolver(() => Domain, {
    description:
      'Its domain: the portfolio table’s for its 57 applications; for the 3 it does not list (Carte@DS, Mantis, Olfeo) a hub choice, ' +
      'whose reason fieldProvenance "domain" gives',
  })
  async domain(@Root() application: Application, @Ctx() { loaders }: CatalogueContext): Promise<Domain> {
    const domain = await loaders.domainByCode.load(application.domainCode);
    if (!domain) throw new Error(`Application ${application.id} points at missing domain ${application.domainCode}`);
    return domain;
  }
}

/** Federation entry point: operations and metrics hold `Application` stubs keyed by id. */
export function resolveApplicationReference(reference: { id: string }, { loaders }: CatalogueContext) {
  return loaders.applicationById.load(reference.id);
}
