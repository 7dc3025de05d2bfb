import { badUserInput } from '../../../lib/errors';
import type { EntityManager } from '../../../lib/orm';
import { searchKey } from '../../../lib/seed';
import { type ApplicationFilter, findApplications } from '../data/applications';
import type { Application } from '../entities';
import type { CatalogueLoaders } from '../loaders';

const MAX_SEARCH_LENGTH = 100;

/**
 * The `applications` query's arguments, checked and put in the form the data layer matches:
 * domain code upper-cased, search lower-cased without accents (a search that reduces to nothing
 * filters nothing).
 */
export function applicationFilter(
  search: string | null | undefined,
  domainCode: string | null | undefined,
  includeRetired?: boolean | null,
): ApplicationFilter {
  const filter: ApplicationFilter = { includeRetired: includeRetired === true };
  if (domainCode !== undefined && domainCode !== null) filter.domainCode = domainCode.trim().toUpperCase();
  if (search !== undefined && search !== null) {
    if (search.length > MAX_SEARCH_LENGTH) throw badUserInput(`search must be at most ${MAX_SEARCH_LENGTH} characters`, { field: 'search' });
    const key = searchKey(search);
    if (key !== '') filter.searchKey = key;
  }
  return filter;
}

/** Applications of a domain and/or matching a search (BAD_USER_INPUT for a search over 100 characters). */
export function searchApplications(
  em: EntityManager,
  search: string | null | undefined,
  domainCode: string | null | undefined,
  includeRetired?: boolean | null,
): Promise<Application[]> {
  return findApplications(em, applicationFilter(search, domainCode, includeRetired));
}

/** Whether the application is retired on `day` (ISO date; today by default). */
export const isRetired = (application: Pick<Application, 'retiredOn'>, day = new Date().toISOString().slice(0, 10)) =>
  application.retiredOn !== null && application.retiredOn <= day;

/** A domain's applications, those in service only unless asked (as the `applications` query). */
export async function applicationsOfDomain(loaders: CatalogueLoaders, domainCode: string, includeRetired?: boolean | null): Promise<Application[]> {
  const applications = await loaders.applicationsByDomainCode.load(domainCode);
  return includeRetired ? applications : applications.filter((application) => !isRetired(application));
}
