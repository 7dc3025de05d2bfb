/**
 * Catalogue of the SII's 2018 activity report (section II.A), transcribed by hand.
 *
 * Cleaning applied to the scanned table:
 * - merged rows split: "RestCollec / Restor", "Cms /Maidis", "Méloдие / ActesWeb" and
 *   "Municipol/Geo prév/Canis/Securville" are separate products, each keeping the row's description
 *   (or its own half of it where the cell held two);
 * - "Méloдие" (Cyrillic letters from the scan) is Mélodie; the "Grh" row, shifted one column to the
 *   left by the scan, belongs to Ressources Humaines;
 * - "Ccas,asweb" is one product (the 2018 deployments table names it CCAS/ASWEB).
 *
 * Aliases hold every other name the report uses for a product, so that each name of the 2018
 * deployments table ("Les Mises en Production en 2018") resolves to exactly one application.
 * Products named only in that table are added with `inPortfolio: false`.
 */

export type ServiceCategoryName = 'ACCOMPANIMENT' | 'TECHNICAL' | 'QUALITY';

export interface DomainSeed {
  code: string;
  name: string;
}

export interface ApplicationSeed {
  /** Stable id: lower-case ASCII slug of the name. */
  id: string;
  name: string;
  description: string | null;
  domainCode: string;
  aliases: string[];
  inPortfolio: boolean;
}

export interface ServiceOfferingSeed {
  category: ServiceCategoryName;
  number: number;
  name: string;
}

export const DOMAINS: DomainSeed[] = [
  { code: 'ACH', name: 'Achats' },
  { code: 'ACT', name: 'Actes Administratifs' },
  { code: 'ACU', name: 'Affaires culturelles' },
  { code: 'AMI', name: 'Affaires Militaires' },
  { code: 'ASO', name: 'Affaires Sociales' },
  { code: 'COM', name: 'Communication Interne' },
  { code: 'CUI', name: 'Cuisine Centrale' },
  { code: 'ELE', name: 'Elections' },
  { code: 'ENF', name: 'Enfance' },
  { code: 'CIV', name: 'État Civil' },
  { code: 'FIN', name: 'Finances' },
  { code: 'LOC', name: 'Gestion locative' },
  { code: 'HSA', name: 'Hygiène & Santé' },
  { code: 'LPU', name: 'Lecture Publique' },
  { code: 'LOG', name: 'Logement' },
  { code: 'POP', name: 'Population' },
  { code: 'GRH', name: 'Ressources Humaines' },
  { code: 'SPD', name: 'Sports' },
  { code: 'TEC', name: 'Technique' },
  { code: 'TRA', name: 'Transversal' },
  { code: 'URB', name: 'Urbanisation' },
  { code: 'LFO', name: 'Urbanisme' },
  { code: 'VOA', name: 'Vie Quotidienne et Associations' },
];

const CLSPD = 'Gestion CLSPD (Conseil Local de Sécurité et de Prévoyance de la Délinquance)';

const portfolio = (
  id: string,
  name: string,
  description: string,
  domainCode: string,
  aliases: string[] = [],
): ApplicationSeed => ({ id, name, description, domainCode, aliases, inPortfolio: true });

export const APPLICATIONS: ApplicationSeed[] = [
  portfolio('achat-public', 'Achat public', 'Gestion des appels d’offre', 'ACH'),
  portfolio('airs-courriers', 'Airs Courriers', 'Gestion électronique du courrier', 'ACT', ['AIRS Courrier']),
  portfolio('delibs', 'Delibs', 'Gestion des actes administratifs (délibérations, décisions, arrêtés)', 'ACT'),
  portfolio('e-parapheur', 'E-parapheur', 'Parapheurs électroniques', 'ACT', ['FAST PARAPHEUR']),
  portfolio('actes', 'Actes', 'Transmission des actes au contrôle de légalité', 'ACT', ['Fast-Actes']),
  portfolio('adac', 'ADAC', 'Annuaire des affaires culturelles', 'ACU'),
  portfolio('avenir', 'Avenir', 'Gestion des affaires militaires', 'AMI'),
  portfolio('ccas-asweb', 'CCAS / Asweb', 'Gestion des centres d’action sociale', 'ASO', ['CCAS/ASWEB', 'Ccas,asweb']),
  portfolio('maison-des-parents', 'Maison des parents', 'Gestion d’annuaire organismes sociaux', 'COM'),
  portfolio('bibliographie', 'Bibliographie', 'Gestion des bibliographies', 'COM'),
  portfolio('gepel', 'Gepel', 'Gestion de la permanence des élus', 'COM'),
  portfolio('phraseanet', 'Phraseanet', 'Gestion des photothèques', 'COM'),
  portfolio('intranet-ez', 'Intranet Ez', 'Intranet', 'COM'),
  portfolio('restcollec', 'RestCollec', 'Gestion restauration collective', 'CUI'),
  portfolio('restor', 'Restor', 'Gestion production cuisine centrale', 'CUI', ['GPAO restor']),
  portfolio('vox-populi', 'Vox populi', 'Gestion des soirées électorales', 'ELE'),
  portfolio('adagio', 'Adagio', 'Gestion des listes électorales', 'ELE', ['ADAGIO']),
  portfolio('concerto', 'Concerto', 'Gestion de l’enfance et petite enfance', 'ENF', ['CONCERTO']),
  portfolio('requiem', 'Requiem', 'Gestion des cimetières', 'CIV', ['REQUIEM']),
  portfolio('alto', 'Alto', 'Gestion des demandes de pièces d’identité', 'CIV', ['ALTO']),
  portfolio('melodie', 'Mélodie', 'Gestion des actes d’état civil', 'CIV', ['MELODIE']),
  portfolio('actesweb', 'ActesWeb', 'Gestion des actes d’état civil', 'CIV'),
  portfolio('recette', 'Recette', 'Gestion des régies de recette', 'FIN'),
  portfolio('opale', 'Opale', 'Gestion des immobilisations', 'FIN'),
  portfolio('finances', 'Finances', 'Système d’information de gestion financière', 'FIN', ['FINANCES', 'SIGF']),
  portfolio('prem', 'Prem', 'Gestion office HLM', 'LOC', ['PREM']),
  portfolio('esabora', 'ESABORA', 'Gestion d’hygiène et de sécurité', 'HSA'),
  portfolio('cms', 'CMS', 'Gestion des centres de santé municipaux', 'HSA'),
  portfolio('maidis', 'Maidis', 'Gestion du dossier médical', 'HSA', ['MAIDIS']),
  portfolio('orphee', 'Orphée', 'Gestion des bibliothèques', 'LPU', ['ORPHEE NX']),
  portfolio('logement', 'Logement', 'Gestion demande de logement', 'LOG', ['LOGEMENT']),
  portfolio('rrp', 'RRP', 'Gestion du recensement', 'POP'),
  portfolio('e-medecine-preventive', 'E-Médecine Préventive', 'Gestion médecine préventive', 'GRH'),
  portfolio('incovar', 'Incovar', 'Gestion du temps (horaires et congés)', 'GRH'),
  portfolio('e-formation', 'E-Formation', 'Gestion des formations', 'GRH'),
  portfolio('e-conges', 'E-Congés', 'Gestion des congés', 'GRH'),
  portfolio('bilan-social', 'Bilan Social', 'bilan social', 'GRH'),
  portfolio('n4ds', 'N4DS', 'Déclaration des données sociales', 'GRH'),
  portfolio('grh', 'Grh', 'Système d’information de gestion des ressources humaines', 'GRH', ['GRH', 'SIRH']),
  portfolio('planitec', 'Planitec', 'Gestion des équipement sportifs', 'SPD'),
  portfolio('energie-territoria', 'Energie territoria', 'Gestion des fluides et analyse des coûts', 'TEC'),
  portfolio('gesdem', 'Gesdem', 'Gestion des demandes de voirie', 'TEC'),
  portfolio('lagos', 'Lagos', 'Gestion des ordres de travaux', 'TEC'),
  portfolio('colbert', 'Colbert', 'Gestion du patrimoine', 'TEC', ['COLBERT']),
  portfolio('sectorisation', 'Sectorisation', 'Gestion de découpage géographique', 'TRA'),
  portfolio('annuaire', 'Annuaire', 'Gestion annuaire mairie', 'TRA'),
  portfolio('bo-xi', 'BO XI', 'Gestion décisionnel', 'TRA'),
  portfolio('mdaemon', 'MDaemon', 'Messagerie électronique', 'TRA', ['MESSAGERIE', 'mdaemon']),
  portfolio('entrepot', 'Entrepôt', 'Entrepôt des données', 'URB'),
  portfolio('livre-foncier', 'Livre foncier', 'Gestion de l’urbanisme', 'LFO'),
  portfolio('gestion-assoc', 'Gestion Assoc', 'Gestion des associations', 'VOA'),
  portfolio('gestion-des-salles', 'Gestion des salles', 'Gestion de réservation des salles', 'VOA'),
  portfolio('municipol', 'Municipol', CLSPD, 'VOA', ['MUNICIPOL']),
  portfolio('geo-prev', 'Geo prév', CLSPD, 'VOA'),
  portfolio('canis', 'Canis', CLSPD, 'VOA'),
  portfolio('securville', 'Securville', CLSPD, 'VOA'),
  portfolio('personnalites', 'Personnalités', 'Gestion des personnalités', 'VOA'),
  // Named by the 2018 deployments table, absent from the portfolio table: the report describes none of them.
  { id: 'cartads', name: 'Carte@DS', description: null, domainCode: 'LFO', aliases: ['CARTADS'], inPortfolio: false },
  { id: 'mantis', name: 'Mantis', description: null, domainCode: 'TRA', aliases: ['MANTIS'], inPortfolio: false },
  { id: 'olfeo', name: 'Olfeo', description: null, domainCode: 'TRA', aliases: ['OLFEO'], inPortfolio: false },
];

/** One printed row of the portfolio table (II.A.4), as printed, with the application(s) the hub serves for it. */
export interface PortfolioRowSeed {
  position: number;
  /** The DOMAINE and Code domaine cells, printed on a domain's first row only. */
  printedDomain: string | null;
  printedDomainCode: string | null;
  printedApplications: string;
  printedDescription: string | null;
  domainCode: string;
  applicationIds: string[];
  note: string | null;
}

const MERGED = 'Merged row: the cell names several products, served as separate applications';

/** The table's 51 rows in print order; `rows` lists a domain's rows after its first. */
const domainRows = (
  printedDomain: string,
  code: string,
  rows: [printedApplications: string, printedDescription: string | null, applicationIds: string[], note?: string][],
): Omit<PortfolioRowSeed, 'position'>[] =>
  rows.map(([printedApplications, printedDescription, applicationIds, note], index) => ({
    printedDomain: index === 0 ? printedDomain : null,
    printedDomainCode: index === 0 ? code : null,
    printedApplications,
    printedDescription,
    domainCode: code,
    applicationIds,
    note: note ?? null,
  }));

export const PORTFOLIO_ROWS: PortfolioRowSeed[] = [
  ...domainRows('Achats', 'ACH', [['Achat public', 'Gestion des appels d’offre', ['achat-public']]]),
  ...domainRows('Actes Administratifs', 'ACT', [
    ['Airs Courriers', 'Gestion électronique du courrier', ['airs-courriers']],
    ['Delibs', 'Gestion des actes administratifs (délibérations, décisions, arrêtés)', ['delibs']],
    ['E-parapheur', 'Parapheurs électroniques', ['e-parapheur']],
    ['Actes', 'Transmission des actes au contrôle de légalité', ['actes']],
  ]),
  ...domainRows('Affaires culturelles', 'ACU', [['ADAC', 'Annuaire des affaires culturelles', ['adac']]]),
  ...domainRows('Affaires Militaires', 'AMI', [['Avenir', 'Gestion des affaires militaires', ['avenir']]]),
  ...domainRows('Affaires Sociales', 'ASO', [
    ['Ccas,asweb', 'Gestion des centres d’action sociale', ['ccas-asweb'], 'One product (the 2018 deployments table names it CCAS/ASWEB)'],
  ]),
  ...domainRows('Communication Interne', 'COM', [
    ['Maison des parents', 'Gestion d’annuaire organismes sociaux', ['maison-des-parents']],
    ['Bibliographie', 'Gestion des bibliographies', ['bibliographie']],
    ['Gepel', 'Gestion de la permanence des élus', ['gepel']],
    ['Phraseanet', 'Gestion des photothèques', ['phraseanet']],
    ['Intranet Ez', 'Intranet', ['intranet-ez']],
  ]),
  ...domainRows('Cuisine Centrale', 'CUI', [
    ['RestCollec / Restor', 'Gestion restauration collective Gestion production cuisine centrale', ['restcollec', 'restor'], `${MERGED}, each with its half of the description`],
  ]),
  ...domainRows('Elections', 'ELE', [
    ['Vox populi', 'Gestion des soirées électorales', ['vox-populi']],
    ['Adagio', 'Gestion des listes électorales', ['adagio']],
  ]),
  ...domainRows('Enfance', 'ENF', [['Concerto', 'Gestion de l’enfance et petite enfance', ['concerto']]]),
  ...domainRows('État Civil', 'CIV', [
    ['Requiem', 'Gestion des cimetières', ['requiem']],
    ['Alto', 'Gestion des demandes de pièces d’identité', ['alto']],
    ['Méloдие / ActesWeb', 'Gestion des actes d’état civil', ['melodie', 'actesweb'], `${MERGED}, sharing the description; "Méloдие" is Mélodie with Cyrillic letters from the scan`],
  ]),
  ...domainRows('Finances', 'FIN', [
    ['Recette', 'Gestion des régies de recette', ['recette']],
    ['Opale', 'Gestion des immobilisations', ['opale']],
    ['Finances', 'Système d’information de gestion financière', ['finances']],
  ]),
  ...domainRows('Gestion locative', 'LOC', [['Prem', 'Gestion office HLM', ['prem']]]),
  ...domainRows('Hygiène & Santé', 'HSA', [
    ['ESABORA', 'Gestion d’hygiène et de sécurité', ['esabora']],
    ['Cms /Maidis', 'Gestion des centres de santé municipaux Gestion du dossier médical', ['cms', 'maidis'], `${MERGED}, each with its half of the description`],
  ]),
  ...domainRows('Lecture Publique', 'LPU', [['Orphée', 'Gestion des bibliothèques', ['orphee']]]),
  ...domainRows('Logement', 'LOG', [['Logement', 'Gestion demande de logement', ['logement']]]),
  ...domainRows('Population', 'POP', [['RRP', 'Gestion du recensement', ['rrp']]]),
  ...domainRows('Ressources Humaines', 'GRH', [
    ['E-Médecine Préventive', 'Gestion médecine préventive', ['e-medecine-preventive']],
    ['Incovar', 'Gestion du temps (horaires et congés)', ['incovar']],
    ['E-Formation', 'Gestion des formations', ['e-formation']],
    ['E-Congés', 'Gestion des congés', ['e-conges']],
    ['Bilan Social', 'bilan social', ['bilan-social']],
    ['N4DS', 'Déclaration des données sociales', ['n4ds']],
    ['Grh', 'Système d’information de gestion des ressources humaines', ['grh'], 'Printed one column to the left by the scan (the name in the DOMAINE column): the last row of Ressources Humaines'],
  ]),
  ...domainRows('Sports', 'SPD', [['Planitec', 'Gestion des équipement sportifs', ['planitec']]]),
  ...domainRows('Technique', 'TEC', [
    ['Energie territoria', 'Gestion des fluides et analyse des coûts', ['energie-territoria']],
    ['Gesdem', 'Gestion des demandes de voirie', ['gesdem']],
    ['Lagos', 'Gestion des ordres de travaux', ['lagos']],
    ['Colbert', 'Gestion du patrimoine', ['colbert']],
  ]),
  ...domainRows('Transversal', 'TRA', [
    ['Sectorisation', 'Gestion de découpage géographique', ['sectorisation']],
    ['Annuaire', 'Gestion annuaire mairie', ['annuaire']],
    ['BO XI', 'Gestion décisionnel', ['bo-xi']],
    ['mdaemon', 'Messagerie électronique', ['mdaemon']],
  ]),
  ...domainRows('Urbanisation', 'URB', [['Entrepôt', 'Entrepôt des données', ['entrepot']]]),
  ...domainRows('Urbanisme', 'LFO', [['Livre foncier', 'Gestion de l’urbanisme', ['livre-foncier']]]),
  ...domainRows('Vie Quotidienne et Associations', 'VOA', [
    ['Gestion Assoc', 'Gestion des associations', ['gestion-assoc']],
    ['Gestion des salles', 'Gestion de réservation des salles', ['gestion-des-salles']],
    ['Municipol/Geo prév/Canis/Securville', CLSPD, ['municipol', 'geo-prev', 'canis', 'securville'], `${MERGED}, sharing the description`],
    ['Personnalités', 'Gestion des personnalités', ['personnalites']],
  ]),
].map((row, index) => ({ ...row, position: index + 1 }));

/** "Un portefeuille de 50 applications informatiques" (I), against the table's 51 rows and the hub's 57 applications. */
export const ANNOUNCED_APPLICATION_COUNT = 50;

export const PORTFOLIO_EXPLANATION =
  'The report announces 50 applications (I. Présentation générale) and its portfolio table (II.A.4) prints 51 rows; it does not say why ' +
  'the two differ. The hub serves 57 portfolio applications because 4 of the rows each name several products ' +
  '(RestCollec / Restor, Cms /Maidis, Méloдие / ActesWeb, Municipol/Geo prév/Canis/Securville: 10 products on 4 rows), ' +
  'plus 3 applications outside the portfolio that other tables name (Carte@DS, Mantis, Olfeo).';

/** The three service catalogues of section II.A, numbered as printed. */
export const SERVICE_OFFERINGS: ServiceOfferingSeed[] = [
  { category: 'ACCOMPANIMENT', number: 1, name: 'Assistance à Maîtrise d’Ouvrage' },
  { category: 'ACCOMPANIMENT', number: 2, name: 'Assistance à Maîtrise d’Œuvre' },
  { category: 'ACCOMPANIMENT', number: 3, name: 'Pilotage de projets' },
  { category: 'ACCOMPANIMENT', number: 4, name: 'Conseil' },
  { category: 'TECHNICAL', number: 1, name: 'Hébergement technique' },
  { category: 'TECHNICAL', number: 2, name: 'Fourniture de services internet (FAI)' },
  { category: 'TECHNICAL', number: 3, name: 'Service de production informatique' },
  { category: 'TECHNICAL', number: 4, name: 'Sécurité informatique' },
  { category: 'TECHNICAL', number: 5, name: 'Service d’exploitation' },
  { category: 'QUALITY', number: 1, name: 'Préparation, suivi et contrôle des projets' },
  { category: 'QUALITY', number: 2, name: 'Assistance des utilisateurs' },
  { category: 'QUALITY', number: 3, name: 'Gestion des changements' },
  { category: 'QUALITY', number: 4, name: 'Analyse et rapports d’activité' },
];

/** The 2018 deployments table's application names, as printed (used to check the aliases). */
export const DEPLOYMENT_TABLE_NAMES_2018 = [
  'ADAGIO', 'ALTO', 'CARTADS', 'CCAS/ASWEB', 'CMS', 'COLBERT', 'CONCERTO', 'ESABORA', 'FAST PARAPHEUR', 'FINANCES',
  'GRH', 'LOGEMENT', 'MAIDIS', 'MANTIS', 'MELODIE', 'MESSAGERIE', 'MUNICIPOL', 'OLFEO', 'PREM', 'REQUIEM',
];
