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
  portfolio('bilan-social', 'Bilan Social', 'Bilan social', 'GRH'),
  portfolio('n4ds', 'N4DS', 'Déclaration des données sociales', 'GRH'),
  portfolio('grh', 'Grh', 'Système d’information de gestion des ressources humaines', 'GRH', ['GRH', 'SIRH']),
  portfolio('planitec', 'Planitec', 'Gestion des équipements sportifs', 'SPD'),
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
  portfolio('geo-prev', 'Géo prév', CLSPD, 'VOA'),
  portfolio('canis', 'Canis', CLSPD, 'VOA'),
  portfolio('securville', 'Securville', CLSPD, 'VOA'),
  portfolio('personnalites', 'Personnalités', 'Gestion des personnalités', 'VOA'),
  // Named by the 2018 deployments table, absent from the portfolio table.
  {
    id: 'cartads',
    name: 'Carte@DS',
    description: 'Urbanisme : remplace URBAPRO ; demandes des usagers par portails internet',
    domainCode: 'LFO',
    aliases: ['CARTADS', "Cart'ADS"],
    inPortfolio: false,
  },
  {
    id: 'mantis',
    name: 'Mantis',
    description: 'Suivi des demandes et incidents du SAU (certification ISO 9001)',
    domainCode: 'TRA',
    aliases: ['MANTIS'],
    inPortfolio: false,
  },
  { id: 'olfeo', name: 'Olfeo', description: null, domainCode: 'TRA', aliases: ['OLFEO'], inPortfolio: false },
];

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
