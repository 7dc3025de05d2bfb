import { type FactProvenance, withFields } from '../../../lib/field-provenance';
import { fromReport2018, hubChoice } from '../../../lib/provenance';

/**
 * Operations data of the SII's 2018 activity report, transcribed by hand.
 *
 * - DEPLOYMENTS_2018: table "Les Mises en Production en 2018" (III.B.7): 73 deployments over 20
 *   applications, year only. Each printed name is mapped to the catalogue application id that
 *   carries it as an alias (FAST PARAPHEUR → e-parapheur, MESSAGERIE → mdaemon, …). The synthesis
 *   table (III.A) prints 77 for 2018: that disagreement is the report's own and is left to metrics.
 * - PROJECTS_2018: section II.B "Activités et réalisations 2018", one entry per bullet, with the
 *   members the bullet names (none when it names none: work on the SII's own platform, or where the
 *   report does not say). "Tremblay" is TREMBLAY_EN_FRANCE; the CCAS of Bobigny is counted under BOBIGNY.
 */

export interface DeploymentCountSeed {
  /** Name as printed in the report's table. */
  printedName: string;
  /** Catalogue application id (its aliases include the printed name). */
  applicationId: string;
  count: number;
}

export const DEPLOYMENTS_2018: DeploymentCountSeed[] = [
  { printedName: 'ADAGIO', applicationId: 'adagio', count: 1 },
  { printedName: 'ALTO', applicationId: 'alto', count: 1 },
  { printedName: 'CARTADS', applicationId: 'cartads', count: 2 },
  { printedName: 'CCAS/ASWEB', applicationId: 'ccas-asweb', count: 3 },
  { printedName: 'CMS', applicationId: 'cms', count: 10 },
  { printedName: 'COLBERT', applicationId: 'colbert', count: 1 },
  { printedName: 'CONCERTO', applicationId: 'concerto', count: 4 },
  { printedName: 'ESABORA', applicationId: 'esabora', count: 1 },
  { printedName: 'FAST PARAPHEUR', applicationId: 'e-parapheur', count: 1 },
  { printedName: 'FINANCES', applicationId: 'finances', count: 10 },
  { printedName: 'GRH', applicationId: 'grh', count: 8 },
  { printedName: 'LOGEMENT', applicationId: 'logement', count: 3 },
  { printedName: 'MAIDIS', applicationId: 'maidis', count: 3 },
  { printedName: 'MANTIS', applicationId: 'mantis', count: 4 },
  { printedName: 'MELODIE', applicationId: 'melodie', count: 3 },
  { printedName: 'MESSAGERIE', applicationId: 'mdaemon', count: 4 },
  { printedName: 'MUNICIPOL', applicationId: 'municipol', count: 2 },
  { printedName: 'OLFEO', applicationId: 'olfeo', count: 1 },
  { printedName: 'PREM', applicationId: 'prem', count: 9 },
  { printedName: 'REQUIEM', applicationId: 'requiem', count: 2 },
];

/** The table's printed total. */
export const DEPLOYMENTS_2018_TOTAL = 73;

/** One of the `count` deployments the table prints for an application (the day, version and members are not printed). */
export const deploymentProvenance = (row: DeploymentCountSeed): FactProvenance =>
  fromReport2018(
    'III.B.7 Les Mises en Production en 2018',
    row.printedName,
    `One of the ${row.count} deployment${row.count > 1 ? 's' : ''} the table counts for ${row.printedName} in 2018; the table gives no day, version nor member`,
  );

export type TeamCode = 'ETUDES' | 'PRODUCTION' | 'AMO_NTIC' | 'GSQ_SAU';

/** The SII services that run projects, named as governance's org units. */
export const TEAMS: Record<TeamCode, string> = {
  ETUDES: 'Études Fonctionnelles',
  PRODUCTION: 'Production',
  AMO_NTIC: 'Assistance Maîtrise d’Ouvrage et NTIC',
  GSQ_SAU: 'Gestion des Services et Qualité / SAU',
};

export interface ProjectSeed {
  id: string;
  title: string;
  description: string | null;
  area: string;
  teamCode: TeamCode;
  memberCodes: string[];
  /** Where the bullet is printed. */
  section: string;
  /** The bullet's heading exactly as printed (with the members it names and its final punctuation). */
  printed: string;
  /** Why the title differs from the printed heading beyond the members moved out of it, if it does. */
  titleNote?: string;
  /** The printed text, where the hub serves the description corrected. */
  descriptionPrinted?: string;
  descriptionNote?: string;
  /** Why the hub gives this area: set when the report prints the bullet under no area heading. */
  areaChoice?: string;
  /** The printed label the area comes from, where it differs (e.g. "SECURITE"). */
  areaPrinted?: string;
}

const ALL_MEMBERS = ['BOBIGNY', 'LE_BLANC_MESNIL', 'LA_COURNEUVE', 'TREMBLAY_EN_FRANCE', 'SIRESCO', 'SYREC'];
const FOUR_CITIES = ['BOBIGNY', 'LE_BLANC_MESNIL', 'LA_COURNEUVE', 'TREMBLAY_EN_FRANCE'];

const ETUDES = 'II.B.1 Etudes';
const PRODUCTION = 'II.B.2 Production';
const AMO = 'II.B.3 Assistance à Maîtrise d’Ouvrage et NTIC';
const GSQ = 'II.B.4 Management Service et Qualité';

/** An Études bullet: its area is the sub-heading it is printed under. */
const etudes = (area: string, project: Omit<ProjectSeed, 'area' | 'teamCode' | 'section'>): ProjectSeed => ({
  ...project,
  area,
  teamCode: 'ETUDES',
  section: `${ETUDES} — ${area}`,
});

/** A Production bullet: printed "LABEL :" in capitals; the label is its title and its area. */
const production = (label: string, printed: string, project: Pick<ProjectSeed, 'id' | 'description' | 'memberCodes'>): ProjectSeed => ({
  ...project,
  title: label,
  area: label,
  teamCode: 'PRODUCTION',
  section: PRODUCTION,
  printed,
  ...(printed.replace(/ ?:$/, '') === label
    ? {}
    : { titleNote: 'The label is printed in capitals; served in sentence case with its accents', areaPrinted: printed.replace(/ ?:$/, '') }),
});

const AMO_AREA_CHOICE =
  'Section II.B.3 prints its bullets under no area heading; the hub files this one under the area that Études uses for the same field, so that a filter by area finds both';

const amo = (area: string, project: Omit<ProjectSeed, 'area' | 'teamCode' | 'section' | 'areaChoice'>): ProjectSeed => ({
  ...project,
  area,
  teamCode: 'AMO_NTIC',
  section: AMO,
  areaChoice: AMO_AREA_CHOICE,
});

const GSQ_AREA_CHOICE =
  'Section II.B.4 prints its bullets under no area heading; the hub files them under "Qualité", after the section’s title "Management Service et Qualité"';

export const PROJECTS_2018: ProjectSeed[] = [
  // 1. Études — S.I. Finances
  etudes('S.I. Finances', {
    id: 'demat-pieces-justificatives',
    title: 'Finalisation de la dématérialisation des Pièces Justificatives',
    printed: 'Finalisation de la dématérialisation des Pièces Justificatives pour Bobigny, le SIRESCO et le SYREC.',
    description: null,
    memberCodes: ['BOBIGNY', 'SIRESCO', 'SYREC'],
  }),
  etudes('S.I. Finances', {
    id: 'audit-sigf',
    title: 'Réalisation d’un audit sur SIGF',
    printed: 'Réalisation d’un audit sur SIGF pour la ville de Bobigny.',
    description: null,
    memberCodes: ['BOBIGNY'],
  }),
  etudes('S.I. Finances', {
    id: 'migration-e-marches',
    title: 'Migration sur e-Marchés',
    printed: 'Migration sur e-Marchés (Pour le SIRESCO et le SYREC) :',
    description:
      'Gestion des marchés en web2, ayant nécessité un gros travail de correction des données venant du client serveur. ' +
      'Cette opération vise à préparer les adhérents aux obligations liées à la dématérialisation des marchés via PES-MARCHE.',
    memberCodes: ['SIRESCO', 'SYREC'],
  }),
  etudes('S.I. Finances', {
    id: 'e-achat',
    title: 'E-Achat',
    printed: 'E-Achat (pour Le Blanc-Mesnil et La Courneuve):',
    description:
      'Il s’agit de la gestion des commandes en mode web2 permettant la mise en œuvre d’une décentralisation des demandes incluant un circuit de validations et de signatures. ' +
      'Cette solution offre également des possibilités d’interopérabilité pour les logiciels externes au processus de commande (voir par exemple la réalisation de ASTECH pour Blanc Mesnil).',
    memberCodes: ['LE_BLANC_MESNIL', 'LA_COURNEUVE'],
  }),
  etudes('S.I. Finances', {
    id: 'nouveau-cadre-budgetaire',
    title: 'Nouveau cadre budgétaire',
    printed: 'Nouveau cadre budgétaire (pour Le Blanc-Mesnil et La Courneuve) :',
    description:
      'Module améliorant la gestion des budgets et qui incorpore aussi un requêteur beaucoup plus interactif et plus puissant que ce qui existait précédemment. ' +
      'Les principales améliorations sont un découpage plus simple entre la gestion du réglementaire et de l’analytique et surtout l’incorporation d’un mécanisme de workflow dans l’élaboration budgétaire.',
    memberCodes: ['LE_BLANC_MESNIL', 'LA_COURNEUVE'],
  }),
  etudes('S.I. Finances', {
    id: 'interface-astech-e-achat',
    title: 'Mise en place d’une interface ASTECH-e-Achat',
    printed: 'Mise en place d’une interface ASTECH-e-Achat (pour le Blanc-Mesnil) :',
    description: 'Opération permettant de générer des commandes dans e-Achat à partir du logiciel ASTECH (gestion des services techniques).',
    memberCodes: ['LE_BLANC_MESNIL'],
  }),
  // 1. Études — S.I. Ressources Humaines
  etudes('S.I. Ressources Humaines', {
    id: 'prelevement-a-la-source',
    title: 'Mise en œuvre de l’ensemble de la chaîne de traitement fonctionnel et technique du prélèvement à la source (PASRAU)',
    printed:
      'Mise en œuvre de l’ensemble de la chaîne de traitement fonctionnel et technique du prélèvement à la source (PASRAU) ' +
      'Pour Bobigny, La Courneuve, Le Blanc-Mesnil, Tremblay en France, SYREC, SIRESCO :',
    description:
      'Dans le cadre de la mise en place du prélèvement à la source à partir du 1 janvier 2019, le SII a déployé l’ensemble des outils nécessaires ' +
      'aux traitements et échanges des données (DGFIP, Net-entreprise, etc.) et a fourni l’assistance nécessaire aux services des ressources humaines.',
    memberCodes: ALL_MEMBERS,
  }),
  etudes('S.I. Ressources Humaines', {
    id: 'indemnites-assistantes-maternelles',
    title: 'Indemnités Assistantes Maternelles',
    printed: 'Indemnités Assistantes Maternelles (Le Blanc-Mesnil) :',
    description: 'Création rubriques, barèmes, formules de calculs pour le calcul des indemnités spécifiques Assistantes Maternelles.',
    memberCodes: ['LE_BLANC_MESNIL'],
  }),
  etudes('S.I. Ressources Humaines', {
    id: 'rifseep',
    title: 'Mise en place du RIFSEEP',
    printed: 'Mise en place du RIFSEEP (Pour Tremblay en France) :',
    description:
      'Accompagnement pour la mise en œuvre du Régime indemnitaire tenant compte des fonctions, des sujétions, de l’expertise et de l’engagement professionnel.',
    memberCodes: ['TREMBLAY_EN_FRANCE'],
  }),
  etudes('S.I. Ressources Humaines', {
    id: 'referentiel-agent',
    title: 'Référentiel Agent',
    printed: 'Référentiel Agent :',
    description: 'Mise en place d’une interface entre le SIRH et le logiciel DIGITECH.',
    memberCodes: [],
  }),
  etudes('S.I. Ressources Humaines', {
    id: 'audit-sirh',
    title: 'Audit SIRH',
    printed: 'Audit SIRH (Bobigny) :',
    description: 'Réalisation d’un audit sur le système d’information des ressources humaines.',
    memberCodes: ['BOBIGNY'],
  }),
  etudes('S.I. Ressources Humaines', {
    id: 'journee-de-carence',
    title: 'Paramétrage de la journée de carence',
    printed: 'Paramétrage de la journée de carence (Bobigny, La Courneuve, Le Blanc-Mesnil, Tremblay en France, SIRESCO, SYREC).',
    description: null,
    memberCodes: ALL_MEMBERS,
  }),
  etudes('S.I. Ressources Humaines', {
    id: 'indemnite-compensatrice-csg',
    title: 'Gestion de l’indemnité compensatrice de CSG',
    printed: 'Gestion de l’indemnité compensatrice de CSG (Bobigny, La Courneuve, Le Blanc-Mesnil, Tremblay en France, SIRESCO, SYREC).',
    description: null,
    memberCodes: ALL_MEMBERS,
  }),
  etudes('S.I. Ressources Humaines', {
    id: 'n4ds-prepadecla-multidecla',
    title: 'N4DS : déploiement de PrépaDecla & MultiDecla',
    printed: 'N4DS:déploiement de PrépaDecla & MultiDecla (Bobigny, La Courneuve, Le Blanc-Mesnil, Tremblay en France, SIRESCO, SYREC).',
    titleNote: 'Spaces put around the colon',
    description: 'N4DS Déclarations Dématérialisées Des Données Sociales.',
    memberCodes: ALL_MEMBERS,
  }),
  // 1. Études — Affaires Générales
  etudes('Affaires Générales', {
    id: 'gestion-courrier',
    title: 'Gestion courrier',
    printed: 'Gestion courrier (pour la ville de TREMBLAY) :',
    description:
      'Application des préconisations de l’audit réalisé sur la solution AIRS Courrier visant à l’amélioration de l’outil via un paramétrage plus adapté.',
    memberCodes: ['TREMBLAY_EN_FRANCE'],
  }),
  etudes('Affaires Générales', {
    id: 'deliberations-dematerialisees',
    title: 'Gestion dématérialisée des délibérations',
    printed: 'Gestion dématérialisée des délibérations (La Courneuve) :',
    description:
      'Dans le cadre de la dématérialisation des documents administratifs, le SII a procédé au déploiement de la gestion des arrêtés et les décisions.',
    memberCodes: ['LA_COURNEUVE'],
  }),
  // 1. Études — Santé
  etudes('Santé', {
    id: 'cms-grilles-tarifaires',
    title: 'CMS',
    printed: 'CMS :',
    description: 'Intégration des nouvelles grilles tarifaires.',
    memberCodes: [],
  }),
  etudes('Santé', {
    id: 'hprim',
    title: 'HPRIM',
    printed: 'HPRIM (Bobigny) :',
    description: 'Mise en place du dispositif de transmission des résultats d’analyses médicales dans l’application MAIDIS.',
    memberCodes: ['BOBIGNY'],
  }),
  etudes('Santé', {
    id: 'securite-rgpd-sante',
    title: 'Sécurité',
    printed: 'Sécurité (Bobigny, La Courneuve, Tremblay en France) :',
    description: 'Etude de mise en conformité RGPD du logiciel santé (gestion de confidentialité, cryptage des documents, etc.).',
    memberCodes: ['BOBIGNY', 'LA_COURNEUVE', 'TREMBLAY_EN_FRANCE'],
  }),
  // 1. Études — Elections, Etat civil, Logement, Restauration collective, Enfance, Services techniques, Médiathèque
  etudes('Elections', {
    id: 'repertoire-electoral-unique',
    title: 'R.E.U',
    printed: 'R.E.U (Bobigny, La Courneuve, Le Blanc-Mesnil, Tremblay en France):',
    description:
      'Etude de mise en œuvre du Répertoire Electoral Unique. Le Répertoire Électoral Unique recense en temps réel l’ensemble des électeurs de manière nationale et permanente, ' +
      'afin de produire des listes électorales au plus proche de la réalité, extraites et fournies aux communes avant chaque scrutin.',
    memberCodes: FOUR_CITIES,
  }),
  etudes('Etat civil', {
    id: 'comedec',
    title: 'COMEDec',
    printed: 'COMEDec (Le Blanc-Mesnil) :',
    description:
      'Le dispositif permet l’échange dématérialisé de données d’état civil. Le SII a installé une nouvelle version du logiciel Mélodie qui communique avec des « web services » fournis par l’ANTS.\n\n' +
      'Les agents de l’état civil détenteurs d’un agrément accèdent aux services de l’ANTS via un mécanisme de carte RGS 3*, et peuvent ainsi faire leurs demandes de pièces d’état civil ' +
      'à d’autres mairies ou bien répondre à des demandes d’autres mairies, de notaires etc.',
    memberCodes: ['LE_BLANC_MESNIL'],
  }),
  etudes('Logement', {
    id: 'logement-numero-unique',
    title: 'Logement',
    printed: 'Logement (Bobigny, La Courneuve, Le Blanc-Mesnil, Tremblay en France):',
    description: 'Mise en place d’interfaces web service pour le logiciel de gestion du numéro unique.',
    memberCodes: FOUR_CITIES,
  }),
  etudes('Restauration collective', {
    id: 'restor-gpao',
    title: 'Restor',
    printed: 'Restor (SYREC) :',
    description: 'Poursuite du développement de l’application GPAO restor pour la partie production et gestion de stock.',
    memberCodes: ['SYREC'],
  }),
  etudes('Enfance', {
    id: 'concerto-remplacement',
    title: 'Concerto',
    printed: 'Concerto (Bobigny, La Courneuve, Le Blanc-Mesnil, Tremblay en France):',
    description: 'Début de l’étude de remplacement de la solution Concerto dont l’éditeur annonce l’arrêt des développements.',
    memberCodes: FOUR_CITIES,
  }),
  etudes('Enfance', {
    id: 'centres-de-loisirs',
    title: 'Centres de loisirs',
    printed: 'Centres de loisirs (Bobigny) :',
    description: 'Mise en œuvre du paramétrage des activités des centres de loisirs suite à une réorganisation des services.',
    memberCodes: ['BOBIGNY'],
  }),
  etudes('Enfance', {
    id: 'opus-mobilite',
    title: 'OPUS mobilité',
    printed: 'OPUS mobilité (Le Blanc-Mesnil) :',
    description: 'Mise en place d’un nouveau dispositif de pointage.',
    memberCodes: ['LE_BLANC_MESNIL'],
  }),
  etudes('Services techniques', {
    id: 'urbanisme-cartads',
    title: 'Urbanisme',
    printed: 'Urbanisme (Bobigny, Le Blanc-Mesnil, Tremblay en France) :',
    description:
      'Remplacement de la solution URBAPRO par Carte@DS. Les usagers, les notaires, les services extérieurs (pompiers, bâtiments de France) ' +
      'pourront accéder et faire leur demandes via des portails internet.',
    memberCodes: ['BOBIGNY', 'LE_BLANC_MESNIL', 'TREMBLAY_EN_FRANCE'],
  }),
  etudes('Services techniques', {
    id: 'colbert-deploiement',
    title: 'Colbert',
    printed: 'Colbert (Bobigny) :',
    description: 'Poursuite du déploiement de la solution Colbert pour la gestion et le suivi des travaux.',
    memberCodes: ['BOBIGNY'],
  }),
  etudes('Médiathèque', {
    id: 'si-gestion-bibliotheque',
    title: 'SI gestion bibliothèque',
    printed: 'SI gestion bibliothèque (Bobigny, Tremblay en France):',
    description: 'Mise en place de la nouvelle version de l’application ORPHEE NX.',
    memberCodes: ['BOBIGNY', 'TREMBLAY_EN_FRANCE'],
  }),
  // 2. Production: the SII's own platform; only the directory migration names members. The four PCA
  // sub-bullets are printed under one "PCA :" label, which each keeps as its title.
  production('PCA', 'PCA :', {
    id: 'pca-interconnexion',
    description: 'Etude pour l’interconnexion à haut débit entre les deux salles (site principal et locaux annexes).',
    memberCodes: [],
  }),
  production('PCA', 'PCA :', {
    id: 'pca-hyper-convergence',
    description:
      'Début de la mise en place de la future plate-forme PCA du SII basée sur une architecture « hyper convergente ». ' +
      'Choix du matériel, et réalisation de la première phase correspondant au déploiement de la solution sur le site principal.',
    memberCodes: [],
  }),
  production('PCA', 'PCA :', {
    id: 'pca-salle-cible',
    description: 'Etude de l’architecture cible de la nouvelle salle PCA.',
    memberCodes: [],
  }),
  production('PCA', 'PCA :', {
    id: 'pca-liens-de-secours',
    description: 'Etude d’optimisation et renforcement des liens de secours actuels.',
    memberCodes: [],
  }),
  production('Sécurité', 'SECURITE :', {
    id: 'securite-donnees',
    description: 'Poursuite de la mise en production de la sécurisation renforcée des données et passage en archivage des bases critiques.',
    memberCodes: [],
  }),
  production('Exploitation', 'EXPLOITATION :', {
    id: 'exploitation-ordonnanceur',
    description: 'Etude d’une solution de remplacement de l’ordonnanceur actuel.',
    memberCodes: [],
  }),
  production('Exploitation', 'EXPLOITATION :', {
    id: 'exploitation-impression',
    description: 'Remplacement du système d’impression.',
    memberCodes: [],
  }),
  production('Citrix', 'CITRIX :', {
    id: 'citrix-migration',
    description: 'Poursuite de la migration des applications dans une version plus récente de Citrix.',
    memberCodes: [],
  }),
  production('Annuaire', 'ANNUAIRE :', {
    id: 'annuaire-authentification',
    description:
      'Poursuite de la migration de la structure d’annuaire d’authentification pour la ville de La Courneuve. Début de la migration de la ville de Tremblay en France.',
    memberCodes: ['LA_COURNEUVE', 'TREMBLAY_EN_FRANCE'],
  }),
  production('Stockage', 'STOCKAGE :', {
    id: 'stockage-vplex',
    description: 'Modification du système VPLEX et reconfiguration du stockage et de la réplication des données sous VMware.',
    memberCodes: [],
  }),
  production('Messageries', 'MESSAGERIES :', {
    id: 'messagerie-mdaemon',
    description: 'Migration vers la dernière version de Mdaemon 18.5.3 sur deux serveurs de messagerie pour validation fonctionnelle et technique.',
    memberCodes: [],
  }),
  // 3. Assistance à Maîtrise d'Ouvrage et NTIC: no area headings.
  amo('Affaires Générales', {
    id: 'convocation-des-elus',
    title: 'Convocation des Elus',
    printed: 'Convocation des Elus :',
    description:
      'Mise en place de la plateforme Fast-Elus pour la dématérialisation des convocations pour le SIRESCO et préparation de mise à disposition de la plateforme pour Bobigny.',
    memberCodes: ['SIRESCO', 'BOBIGNY'],
  }),
  amo('Santé', {
    id: 'cms-subventions',
    title: 'CMS',
    printed: 'CMS :',
    description:
      'Mise en place du processus de recherche de subventions sur le plan national et européen afin de pouvoir acquérir une nouvelle solution ' +
      'dans le cadre d’un projet global visant l’amélioration de l’offre de soin médical.',
    memberCodes: [],
  }),
  amo('Marchés Publics', {
    id: 'e-redac',
    title: 'Marchés Publics',
    printed: 'Marchés Publics :',
    description: 'Mise en place de la plateforme E-rédac pour l’aide à la rédaction des DCE.',
    memberCodes: [],
  }),
  amo('RGPD', {
    id: 'rgpd',
    title: 'Règlement Général Pour la Protection des Données - RGPD',
    printed: 'Règlement Général Pour la Protection des Données - RGPD :',
    description:
      'En association avec le DPO du SII (Maître Cécile VERNUDACHI du Cabinet JCCV) :\n' +
      '- Audit et cartographie du système d’information du SII en vue de sa mise en conformité avec la réglementation européenne.\n' +
      '- Réalisation d’un avenant RGPD à destination des différents éditeurs (Sous-traitants) du SII.\n' +
      '- Vérification de la conformité des différentes applications avec le RGPD.',
    memberCodes: [],
  }),
  amo('Restauration collective', {
    id: 'gpao-cuisine-centrale',
    title: 'GPAO – Cuisine Centrale',
    printed: 'GPAO – Cuisine Centrale :',
    description: 'Suivi du projet de réalisation de la GPAO.',
    memberCodes: [],
  }),
  amo('Affaires Générales', {
    id: 'e-parapheur-tremblay',
    title: 'E-Parapheur',
    printed: 'E-Parapheur :',
    description: 'Déploiement du parapheur électronique sur la ville de Tremblay-en-France.',
    memberCodes: ['TREMBLAY_EN_FRANCE'],
  }),
  amo('Affaires Générales', {
    id: 'controle-de-legalite',
    title: 'Contrôle de légalité',
    printed: 'Contrôle de légalité :',
    description: 'Déploiement de la plateforme Fast-Actes auprès du CCAS de Bobigny.',
    descriptionPrinted: 'Déploiement de la plateforme Fast-Actes auprès du CCAS de Bobigny,',
    descriptionNote: 'The sentence ends with a comma in print; served with a full stop',
    memberCodes: ['BOBIGNY'],
  }),
  amo('Communication', {
    id: 'site-internet-siresco',
    title: 'Refonte du Site Internet du SIRESCO',
    printed: 'Refonte du Site Internet du SIRESCO :',
    description: 'Réalisation du cahier des charges fonctionnel et support à la préparation du DCE.',
    memberCodes: ['SIRESCO'],
  }),
  // 4. Management Service et Qualité: no area headings either.
  {
    id: 'mantis-amelioration',
    title: 'Mantis',
    printed: 'Mantis :',
    description:
      'Travail sur l’amélioration de MANTIS et tests de la dernière version pour la prise en charge de fonctions permettant la mise en application des règles liées à la certification ISO 9001.',
    area: 'Qualité',
    areaChoice: GSQ_AREA_CHOICE,
    teamCode: 'GSQ_SAU',
    section: GSQ,
    memberCodes: [],
  },
  {
    id: 'iso-9001',
    title: 'ISO 9001',
    printed: 'ISO 9001 :',
    description:
      'Dans le cadre du service qualité et de l’amélioration continue, le SII a entrepris une démarche de maintien de la certification ISO 9001 obtenue en 2017 pour le support aux utilisateurs.',
    area: 'Qualité',
    areaChoice: GSQ_AREA_CHOICE,
    teamCode: 'GSQ_SAU',
    section: GSQ,
    memberCodes: [],
  },
];

/** Provenance of a project: its bullet, with the printed heading when the title differs, and its area's reason. */
export function projectProvenance(project: ProjectSeed): FactProvenance {
  const titleIsPrinted = project.printed === project.title;
  const membersNote = project.memberCodes.length > 0 ? 'The members the heading names are served in members' : undefined;
  const record = fromReport2018(
    project.section,
    titleIsPrinted ? undefined : project.printed,
    [project.titleNote, titleIsPrinted ? undefined : membersNote ?? 'Served without the final punctuation'].filter(Boolean).join('. ') || undefined,
  );
  return withFields(record, {
    area: project.areaChoice
      ? hubChoice(project.areaChoice)
      : project.areaPrinted
        ? fromReport2018(project.section, project.areaPrinted, 'The label, in sentence case')
        : undefined,
    description: project.descriptionPrinted ? fromReport2018(project.section, project.descriptionPrinted, project.descriptionNote) : undefined,
    team: fromReport2018(project.section.split(' — ')[0], undefined, 'The SII service whose section of II.B lists the bullet'),
  });
}

/**
 * Default service levels per priority (calendar minutes), in GLPI's terms: time to own (TTO) and
 * time to resolve (TTR). The report states none; these are the desk's starting values, kept in
 * operations.sla_policy so that they can be tuned without a release.
 */
export const SLA_POLICY_PROVENANCE: FactProvenance = hubChoice(
  'The report states no service levels; these are the support desk’s starting values (GLPI-like time to own and time to resolve per priority), ' +
    'kept in operations.sla_policy so that SII staff can tune them (updateSlaPolicy)',
);

export const DEFAULT_SLA_POLICIES = [
  { priority: 'CRITICAL', timeToOwnMinutes: 30, timeToResolveMinutes: 4 * 60 },
  { priority: 'HIGH', timeToOwnMinutes: 60, timeToResolveMinutes: 8 * 60 },
  { priority: 'MEDIUM', timeToOwnMinutes: 4 * 60, timeToResolveMinutes: 3 * 24 * 60 },
  { priority: 'LOW', timeToOwnMinutes: 8 * 60, timeToResolveMinutes: 10 * 24 * 60 },
] as const;
