import type { EntityManager } from '../../../lib/orm';
import { runSeedOnce, searchKey } from '../../../lib/seed';
import { Application, Domain, ServiceCategory, ServiceOffering } from '../entities';
import { APPLICATIONS, DOMAINS, SERVICE_OFFERINGS, type ApplicationSeed } from './report-2018';

/** The searchable columns of an application, derived from what users see. */
export function searchColumns(application: Pick<ApplicationSeed, 'name' | 'aliases' | 'description'>) {
  const nameKeys = [application.name, ...application.aliases].map(searchKey);
  return { nameKeys, searchText: [...nameKeys, searchKey(application.description ?? '')].join(' | ') };
}

export async function seedCatalogue(em: EntityManager): Promise<void> {
  await runSeedOnce(em, 'catalogue', 'report-2018', async (tx) => {
    DOMAINS.forEach((domain, position) => tx.create(Domain, { ...domain, position }));
    // Applications reference domains by a plain column, so the ORM cannot order the inserts itself.
    await tx.flush();
    for (const application of APPLICATIONS) tx.create(Application, { ...application, ...searchColumns(application) });
    for (const offering of SERVICE_OFFERINGS) {
      tx.create(ServiceOffering, {
        id: `${offering.category.toLowerCase()}-${offering.number}`,
        category: ServiceCategory[offering.category],
        number: offering.number,
        name: offering.name,
      });
    }
  });
}
