import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { badUserInput } from '../../../lib/errors';
import { searchKey } from '../../../lib/seed';
import { Application, Domain } from '../entities';
import type { CatalogueContext } from '../loaders';

const MAX_SEARCH_LENGTH = 100;

/** Escapes LIKE's wildcards so that a user's "%" or "_" is matched literally. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (character) => `\\${character}`);

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
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    if (domainCode !== undefined && domainCode !== null) {
      conditions.push('domain_code = ?');
      parameters.push(domainCode.trim().toUpperCase());
    }
    let rank = '';
    const rankParameters: unknown[] = [];
    if (search !== undefined && search !== null) {
      if (search.length > MAX_SEARCH_LENGTH) throw badUserInput(`search must be at most ${MAX_SEARCH_LENGTH} characters`, { field: 'search' });
      const key = searchKey(search);
      if (key !== '') {
        conditions.push(`search_text like ? escape '\\'`);
        parameters.push(`%${likeLiteral(key)}%`);
        rank = `case when ? = any(name_keys) then 0 when exists (select 1 from unnest(name_keys) k where k like ? escape '\\') then 1 else 2 end, `;
        rankParameters.push(key, `${likeLiteral(key)}%`);
      }
    }
    const where = conditions.length > 0 ? `where ${conditions.join(' and ')}` : '';
    const rows = await em.execute(
      `select * from "catalogue"."application" ${where} order by ${rank}name_keys[1], id`,
      [...parameters, ...rankParameters],
    );
    return rows.map((row) => em.map(Application, row));
  }

  @Query(() => Application, { nullable: true, description: 'An application by id; null when no application has it' })
  async application(@Arg('id', () => ID) id: string, @Ctx() { loaders }: CatalogueContext): Promise<Application | null> {
    return loaders.applicationById.load(id);
  }

  @FieldResolver(() => Domain)
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
