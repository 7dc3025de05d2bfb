import type { EntityManager } from '../../../lib/orm';
import { Domain } from '../entities';

/** The catalogue's domains, in the order of the report. */
export function findDomains(em: EntityManager): Promise<Domain[]> {
  return em.find(Domain, {}, { orderBy: { position: 'asc' } });
}

export function domainsByCodes(em: EntityManager, codes: readonly string[]): Promise<Domain[]> {
  return em.find(Domain, { code: { $in: [...codes] } });
}
