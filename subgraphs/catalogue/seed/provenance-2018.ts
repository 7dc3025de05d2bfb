import { type FactProvenance, withFields } from '../../../lib/field-provenance';
import { fromReport2018, hubChoice, type ProvenanceRecord } from '../../../lib/provenance';
import { type ApplicationSeed, type DomainSeed, PORTFOLIO_ROWS, type ServiceCategoryName } from './report-2018';

/** Where each catalogue fact comes from in the 2018 report, or why the hub chose it. */

export const SECTION = {
  presentation: 'I. Présentation générale du SII',
  accompaniment: 'II.A.1 Les Services d’Accompagnement',
  technical: 'II.A.2 Les Services Techniques',
  quality: 'II.A.3 Les Services Qualités',
  portfolio: 'II.A.4 Liste des applications fournies par le SII',
  etudes: 'II.B.1 Etudes',
  production: 'II.B.2 Production',
  amo: 'II.B.3 Assistance à Maîtrise d’Ouvrage et NTIC',
  managementQuality: 'II.B.4 Management Service et Qualité',
  deployments: 'III.B.7 Les Mises en Production en 2018',
} as const;

export const domainProvenance = (_domain: DomainSeed): FactProvenance => fromReport2018(SECTION.portfolio);

const OFFERING_SECTIONS: Record<ServiceCategoryName, string> = {
  ACCOMPANIMENT: SECTION.accompaniment,
  TECHNICAL: SECTION.technical,
  QUALITY: SECTION.quality,
};
export const serviceOfferingProvenance = (category: ServiceCategoryName): FactProvenance => fromReport2018(OFFERING_SECTIONS[category]);

/** Where each alias is printed; `inferred` when the hub identified the printed name with the application. */
const ALIAS_SOURCES: Record<string, { where: string; inferred?: string }> = {
  'AIRS Courrier': { where: `${SECTION.etudes}, Affaires Générales ("la solution AIRS Courrier")` },
  'FAST PARAPHEUR': {
    where: SECTION.deployments,
    inferred: 'taken for the portfolio’s E-parapheur (II.B.3 deploys "le parapheur électronique")',
  },
  'Fast-Actes': {
    where: `${SECTION.amo}, Contrôle de légalité ("la plateforme Fast-Actes")`,
    inferred: 'taken for Actes, "Transmission des actes au contrôle de légalité"',
  },
  'CCAS/ASWEB': { where: SECTION.deployments },
  'Ccas,asweb': { where: SECTION.portfolio },
  'GPAO restor': { where: `${SECTION.etudes}, Restauration collective ("l’application GPAO restor")` },
  SIGF: {
    where: `${SECTION.etudes}, S.I. Finances ("audit sur SIGF")`,
    inferred: 'read as Système d’Information de Gestion Financière, the portfolio’s description of Finances',
  },
  'ORPHEE NX': { where: `${SECTION.etudes}, Médiathèque ("l’application ORPHEE NX")` },
  SIRH: {
    where: `${SECTION.etudes}, S.I. Ressources Humaines ("Audit SIRH", "entre le SIRH et le logiciel DIGITECH")`,
    inferred: 'read as Système d’Information des Ressources Humaines, the portfolio’s description of Grh',
  },
  MESSAGERIE: {
    where: SECTION.deployments,
    inferred: 'taken for the mail server MDaemon (II.B.2 migrates "Mdaemon 18.5.3" on the mail servers)',
  },
  mdaemon: { where: SECTION.portfolio },
};

function aliasesProvenance(aliases: string[]): ProvenanceRecord | undefined {
  if (aliases.length === 0) return undefined;
  const sources = aliases.map((alias) => ({ alias, ...(ALIAS_SOURCES[alias] ?? { where: SECTION.deployments }) }));
  const note = sources.map(({ alias, where, inferred }) => `${alias}: ${where}${inferred ? `; ${inferred}` : ''}`).join(' | ');
  return sources.some((source) => source.inferred) ? hubChoice(note) : fromReport2018(sources[0].where, undefined, note);
}

/** Names the hub serves in another form than the cell prints, beyond the split of merged rows. */
const NAME_NOTES: Record<string, string> = {
  'ccas-asweb': 'One product; served as the deployments table names it (CCAS/ASWEB), spaced',
  mdaemon: 'Served with the product’s own capitals (II.B.2 prints "Mdaemon")',
  cms: 'Served in capitals as the deployments table and II.B print it',
  melodie: '"Méloдие" is Mélodie with Cyrillic letters from the scan (the deployments table prints MELODIE, II.B.1 "Mélodie")',
};

interface OutsidePortfolio {
  record: ProvenanceRecord;
  /** Why the hub gives it the domain it has: the report gives none. */
  domainNote: string;
}

const outside = (where: string, domainNote: string, printedAs?: string, note?: string): OutsidePortfolio => ({
  record: fromReport2018(where, printedAs, note ?? 'Named by the report, but not in its portfolio table (II.A.4)'),
  domainNote,
});

const OUTSIDE_PORTFOLIO: Record<string, OutsidePortfolio> = {
  cartads: outside(
    `${SECTION.etudes}, Services techniques ("Remplacement de la solution URBAPRO par Carte@DS")`,
    'The portfolio table does not list Carte@DS; the hub files it under Urbanisme (LFO) because II.B.1 has it replace URBAPRO for urban planning requests',
  ),
  mantis: outside(
    `${SECTION.managementQuality} ("Mantis :")`,
    'The portfolio table does not list Mantis; the hub files it under Transversal (TRA), the SII’s cross-cutting tools, as it serves every member’s support requests',
  ),
  olfeo: outside(
    SECTION.deployments,
    'The report says nothing of Olfeo but its deployment count; the hub files it under Transversal (TRA), where the portfolio puts cross-cutting tools',
    'OLFEO',
    'Named only in the deployments table (OLFEO), served with an initial capital',
  ),
};

export function applicationProvenance(application: ApplicationSeed): FactProvenance {
  const elsewhere = OUTSIDE_PORTFOLIO[application.id];
  if (elsewhere) {
    return withFields(elsewhere.record, { domain: hubChoice(elsewhere.domainNote), aliases: aliasesProvenance(application.aliases) });
  }
  const row = PORTFOLIO_ROWS.find((candidate) => candidate.applicationIds.includes(application.id));
  if (!row) throw new Error(`Application ${application.id} is in no printed row of the portfolio table`);
  const printedName = application.name === row.printedApplications ? undefined : row.printedApplications;
  const notes = [row.note, NAME_NOTES[application.id]].filter((note): note is string => Boolean(note));
  return withFields(fromReport2018(SECTION.portfolio, printedName, notes.length > 0 ? notes.join('. ') : undefined), {
    description:
      application.description === row.printedDescription
        ? undefined
        : fromReport2018(SECTION.portfolio, row.printedDescription ?? undefined, 'The cell holds the descriptions of the row’s products one after the other'),
    aliases: aliasesProvenance(application.aliases),
  });
}

export const portfolioProvenance = (): FactProvenance =>
  withFields(fromReport2018(SECTION.portfolio), {
    announcedCount: fromReport2018(SECTION.presentation, 'Un portefeuille de 50 applications informatiques'),
  });
