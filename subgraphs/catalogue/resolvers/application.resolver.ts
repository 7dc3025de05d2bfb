import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ChangeConnection, entityChanges } from '../../../lib/audit';
import { Application, Domain } from '../entities';
import type { CatalogueContext } from '../loaders';
import { addApplication, retireApplication, updateApplication } from '../services/application-lifecycle';
import { searchApplications } from '../services/applications';
import { AddApplicationInput, RetireApplicationInput, UpdateApplicationInput } from '../types';

@Resolver(() => Application)
export class ApplicationResolver {
  @Query(() => [Application], {
    description:
      'Applications, optionally of one domain and/or matching `search` (case- and accent-insensitive, on name, aliases and description). ' +
      'Exact name or alias matches come first, then names starting with the search, then the rest, each by name. ' +
      'Applications in service only, unless includeRetired: true (a retired one is still answered by `application(id:)`).',
  })
  async applications(
    @Arg('search', () => String, { nullable: true }) search: string | undefined,
    @Arg('domainCode', () => String, { nullable: true }) domainCode: string | undefined,
    @Arg('includeRetired', () => Boolean, { nullable: true, description: 'Also list retired applications (default false)' }) includeRetired: boolean | undefined,
    @Ctx() { em }: CatalogueContext,
  ): Promise<Application[]> {
    return searchApplications(em, search, domainCode, includeRetired);
  }

  @Query(() => Application, { nullable: true, description: 'An application by id; null when no application has it' })
  async application(@Arg('id', () => ID) id: string, @Ctx() { loaders }: CatalogueContext): Promise<Application | null> {
    return loaders.applicationById.load(id);
  }

  @FieldResolver(() => ChangeConnection, { nullable: true, description: 'Its audit entries, newest first. SII_STAFF only' })
  async changes(
    @Root() application: Application,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() { viewer, loaders }: CatalogueContext,
  ): Promise<ChangeConnection> {
    return entityChanges(viewer, loaders.changes, 'Application', application.id, first, after);
  }

  @Mutation(() => Application, {
    description: 'Adds an application to the catalogue (its id by default made from its name). A name or alias of another application is BAD_USER_INPUT. SII_STAFF only',
  })
  async addApplication(
    @Arg('input', () => AddApplicationInput) input: AddApplicationInput,
    @Ctx() { em, viewer, requestId }: CatalogueContext,
  ): Promise<Application> {
    return addApplication(em, viewer, input, requestId);
  }

  @Mutation(() => Application, {
    description:
      'Renames an application (the old name stays an alias), moves it to another domain, changes its description or other names. ' +
      'expectedVersion must be the version read: a stale one is CONFLICT. SII_STAFF only',
  })
  async updateApplication(
    @Arg('input', () => UpdateApplicationInput) input: UpdateApplicationInput,
    @Ctx() { em, viewer, requestId }: CatalogueContext,
  ): Promise<Application> {
    return updateApplication(em, viewer, input, requestId);
  }

  @Mutation(() => Application, {
    description:
      'Retires an application from a day on: it leaves the lists (unless includeRetired) but stays answerable, so that old deployments and tickets still resolve it. ' +
      'expectedVersion must be the version read. SII_STAFF only',
  })
  async retireApplication(
    @Arg('input', () => RetireApplicationInput) input: RetireApplicationInput,
    @Ctx() { em, viewer, requestId }: CatalogueContext,
  ): Promise<Application> {
    return retireApplication(em, viewer, input, requestId);
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
