import type { EntityManager } from '../../../lib/orm';
import { Organization, QualityProcess, QualitySystem } from '../entities';

/** The SII (one row, id "sii"); null only before the seed ran. */
export function findOrganization(em: EntityManager): Promise<Organization | null> {
  return em.findOne(Organization, { id: 'sii' });
}

export function findQualitySystem(em: EntityManager, organizationId: string): Promise<QualitySystem | null> {
  return em.findOne(QualitySystem, { id: organizationId });
}

/** The processes of the quality system, in the report's order. */
export function findQualityProcesses(em: EntityManager): Promise<QualityProcess[]> {
  return em.find(QualityProcess, {}, { orderBy: { position: 'asc' } });
}
