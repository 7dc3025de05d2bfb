import { recordChanges, seedActor } from '../../../lib/audit';
import type { EntityManager } from '../../../lib/orm';
import { runSeedOnce, searchKey } from '../../../lib/seed';
import { SeedChanges, upgradeSeededRow } from '../../../lib/seed-upgrade';
import { Application, Domain, Portfolio, PortfolioRow, ServiceCategory, ServiceOffering } from '../entities';
import { applicationProvenance, domainProvenance, portfolioProvenance, serviceOfferingProvenance } from './provenance-2018';
import {
  ANNOUNCED_APPLICATION_COUNT,
  APPLICATIONS,
  type ApplicationSeed,
  DOMAINS,
  PORTFOLIO_EXPLANATION,
  PORTFOLIO_ROWS,
  SERVICE_OFFERINGS,
} from './report-2018';

/** The searchable columns of an application, derived from what users see. */
export function searchColumns(application: Pick<ApplicationSeed, 'name' | 'aliases' | 'description'>) {
  const nameKeys = [application.name, ...application.aliases].map(searchKey);
  return { nameKeys, searchText: [...nameKeys, searchKey(application.description ?? '')].join(' | ') };
}

const SCHEMA = 'catalogue';
const actor = seedActor('report-2018');

/**
 * What the seed of the first version wrote where this one serves another value: the report's own
 * words instead of a silent correction, and no description or alias the report does not give.
 */
export const CORRECTIONS_SINCE_FIRST_SEED: Record<string, Partial<Record<'name' | 'description' | 'aliases', unknown>>> = {
  'geo-prev': { name: 'Géo prév' },
  planitec: { description: 'Gestion des équipements sportifs' },
  'bilan-social': { description: 'Bilan social' },
  cartads: { description: 'Urbanisme : remplace URBAPRO ; demandes des usagers par portails internet', aliases: ['CARTADS', "Cart'ADS"] },
  mantis: { description: 'Suivi des demandes et incidents du SAU (certification ISO 9001)' },
};

const offeringId = (offering: (typeof SERVICE_OFFERINGS)[number]) => `${offering.category.toLowerCase()}-${offering.number}`;

/** The printed portfolio table and the announced size, where missing. */
async function addPortfolio(tx: EntityManager, changes: SeedChanges, existingRows: Set<number>, hasPortfolio: boolean): Promise<void> {
  if (!hasPortfolio) {
    const fields = { id: 'report-2018', announcedCount: ANNOUNCED_APPLICATION_COUNT, explanation: PORTFOLIO_EXPLANATION, storedProvenance: portfolioProvenance() };
    tx.create(Portfolio, fields);
    changes.created('Portfolio', fields.id, fields);
  }
  for (const row of PORTFOLIO_ROWS) {
    if (existingRows.has(row.position)) continue;
    tx.create(PortfolioRow, row);
    changes.created('PortfolioRow', String(row.position), { ...row });
  }
  await tx.flush();
}

/** The report's catalogue, into an empty schema, with one audit entry per row. */
async function seedReport2018(tx: EntityManager): Promise<void> {
  const changes = new SeedChanges(actor);
  DOMAINS.forEach((domain, position) => {
    const fields = { ...domain, position, storedProvenance: domainProvenance(domain) };
    tx.create(Domain, fields);
    changes.created('Domain', domain.code, fields);
  });
  // Applications reference domains by a plain column, so the ORM cannot order the inserts itself.
  await tx.flush();
  for (const application of APPLICATIONS) {
    const fields = { ...application, ...searchColumns(application), storedProvenance: applicationProvenance(application) };
    tx.create(Application, fields);
    const { nameKeys: _nameKeys, searchText: _searchText, ...audited } = fields;
    changes.created('Application', application.id, audited);
  }
  for (const offering of SERVICE_OFFERINGS) {
    const fields = {
      id: offeringId(offering),
      category: ServiceCategory[offering.category],
      number: offering.number,
      name: offering.name,
      storedProvenance: serviceOfferingProvenance(offering.category),
    };
    tx.create(ServiceOffering, fields);
    changes.created('ServiceOffering', fields.id, fields);
  }
  await tx.flush();
  await addPortfolio(tx, changes, new Set(), false);
  await recordChanges(tx, SCHEMA, changes.records);
}

/**
 * Brings a database seeded before issue 14 to the same facts: the corrections above (only where
 * the old value is still there), provenance on the rows still as the report prints them, and the
 * printed portfolio table. A no-op right after seedReport2018.
 */
async function upgradeReport2018(tx: EntityManager): Promise<void> {
  const changes = new SeedChanges(actor);
  const domains = new Map(DOMAINS.map((domain, position) => [domain.code, { ...domain, position }]));
  for (const domain of await tx.find(Domain, {})) {
    const seed = domains.get(domain.code);
    if (seed) changes.updated('Domain', domain.code, upgradeSeededRow(domain, { expected: seed, provenance: domainProvenance(seed) }));
  }
  const applications = new Map(APPLICATIONS.map((application) => [application.id, application]));
  for (const application of await tx.find(Application, {})) {
    const seed = applications.get(application.id);
    if (!seed) continue;
    const change = upgradeSeededRow(application, {
      expected: seed,
      corrections: CORRECTIONS_SINCE_FIRST_SEED[application.id],
      provenance: applicationProvenance(seed),
    });
    // What search matches follows what users see.
    Object.assign(application, searchColumns(application));
    changes.updated('Application', application.id, change);
  }
  const offerings = new Map(SERVICE_OFFERINGS.map((offering) => [offeringId(offering), offering]));
  for (const offering of await tx.find(ServiceOffering, {})) {
    const seed = offerings.get(offering.id);
    if (!seed) continue;
    const expected = { category: ServiceCategory[seed.category], number: seed.number, name: seed.name };
    changes.updated('ServiceOffering', offering.id, upgradeSeededRow(offering, { expected, provenance: serviceOfferingProvenance(seed.category) }));
  }
  await tx.flush();
  const existingRows = new Set((await tx.find(PortfolioRow, {})).map((row) => row.position));
  await addPortfolio(tx, changes, existingRows, (await tx.count(Portfolio, {})) > 0);
  await recordChanges(tx, SCHEMA, changes.records);
}

export async function seedCatalogue(em: EntityManager): Promise<void> {
  await runSeedOnce(em, SCHEMA, 'report-2018', seedReport2018);
  await runSeedOnce(em, SCHEMA, 'report-2018-fidelity', upgradeReport2018);
}
