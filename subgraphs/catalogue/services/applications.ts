import { badUserInput } from '../../../lib/errors';
import type { EntityManager } from '../../../lib/orm';
import { searchKey } from '../../../lib/seed';
import { type ApplicationFilter, findApplications } from '../data/applications';
import type { Application } from '../entities';

const MAX_SEARCH_LENGTH = 100;

/**
 * The `applications` query's arguments, checked and put in the form the data layer matches:
 * domain code upper-cased, search lower-cased without accents (a search that reduces to nothing
 * filters nothing).
 */
export function applicationFilter(search: string | null | undefined, domainCode: string | null | undefined): ApplicationFilter {
  const filter: ApplicationFilter = {};
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
): Promise<Application[]> {
  return findApplications(em, applicationFilter(search, domainCode));
}
