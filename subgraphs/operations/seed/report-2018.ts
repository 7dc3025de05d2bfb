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
}

const ALL_MEMBERS = ['BOBIGNY', 'LE_BLANC_MESNIL', 'LA_COURNEUVE', 'TREMBLAY_EN_FRANCE', 'SIRESCO', 'SYREC'];
const FOUR_CITIES = ['BOBIGNY', 'LE_BLANC_MESNIL', 'LA_COURNEUVE', 'TREMBLAY_EN_FRANCE'];

export const PROJECTS_2018: ProjectSeed[] = [
  // 1. Études — S.I. Finances
  {
    id: 'demat-pieces-justificatives',
    title: 'Finalisation de la dématérialisation des pièces justificatives',
    description: null,
    area: 'S.I. Finances',
    teamCode: 'ETUDES',
    memberCodes: ['BOBIGNY', 'SIRESCO', 'SYREC'],
  },
  {
    id: 'audit-sigf',
    title: 'Réalisation d’un audit sur SIGF',
    description: null,
    area: 'S.I. Finances',
    teamCode: 'ETUDES',
    memberCodes: ['BOBIGNY'],
  },
  {
    id: 'migration-e-marches',
    title: 'Migration sur e-Marchés',
    description:
      'Gestion des marchés en web2, ayant nécessité un gros travail de correction des données venant du client serveur. ' +
      'Cette opération vise à préparer les adhérents aux obligations liées à la dématérialisation des marchés via PES-MARCHE.',
    area: 'S.I. Finances',
    teamCode: 'ETUDES',
    memberCodes: ['SIRESCO', 'SYREC'],
  },
  {
    id: 'e-achat',
    title: 'E-Achat',
    description:
      'Gestion des commandes en mode web2 permettant la mise en œuvre d’une décentralisation des demandes incluant un circuit de validations et de signatures. ' +
      'Cette solution offre également des possibilités d’interopérabilité pour les logiciels externes au processus de commande (voir par exemple la réalisation de ASTECH pour Blanc Mesnil).',
    area: 'S.I. Finances',
    teamCode: 'ETUDES',
    memberCodes: ['LE_BLANC_MESNIL', 'LA_COURNEUVE'],
  },
  {
    id: 'nouveau-cadre-budgetaire',
    title: 'Nouveau cadre budgétaire',
    description:
      'Module améliorant la gestion des budgets et qui incorpore aussi un requêteur beaucoup plus interactif et plus puissant que ce qui existait précédemment. ' +
      'Les principales améliorations sont un découpage plus simple entre la gestion du réglementaire et de l’analytique et surtout l’incorporation d’un mécanisme de workflow dans l’élaboration budgétaire.',
    area: 'S.I. Finances',
    teamCode: 'ETUDES',
    memberCodes: ['LE_BLANC_MESNIL', 'LA_COURNEUVE'],
  },
  {
    id: 'interface-astech-e-achat',
    title: 'Mise en place d’une interface ASTECH-e-Achat',
    description: 'Opération permettant de générer des commandes dans e-Achat à partir du logiciel ASTECH (gestion des services techniques).',
    area: 'S.I. Finances',
    teamCode: 'ETUDES',
    memberCodes: ['LE_BLANC_MESNIL'],
  },
  // 1. Études — S.I. Ressources Humaines
  {
    id: 'prelevement-a-la-source',
    title: 'Mise en œuvre de la chaîne de traitement du prélèvement à la source (PASRAU)',
    description:
      'Dans le cadre de la mise en place du prélèvement à la source à partir du 1 janvier 2019, le SII a déployé l’ensemble des outils nécessaires ' +
      'aux traitements et échanges des données (DGFIP, Net-entreprise, etc.) et a fourni l’assistance nécessaire aux services des ressources humaines.',
    area: 'S.I. Ressources Humaines',
    teamCode: 'ETUDES',
    memberCodes: ALL_MEMBERS,
  },
  {
    id: 'indemnites-assistantes-maternelles',
    title: 'Indemnités Assistantes Maternelles',
    description: 'Création rubriques, barèmes, formules de calculs pour le calcul des indemnités spécifiques Assistantes Maternelles.',
    area: 'S.I. Ressources Humaines',
    teamCode: 'ETUDES',
    memberCodes: ['LE_BLANC_MESNIL'],
  },
  {
    id: 'rifseep',
    title: 'Mise en place du RIFSEEP',
    description:
      'Accompagnement pour la mise en œuvre du Régime indemnitaire tenant compte des fonctions, des sujétions, de l’expertise et de l’engagement professionnel.',
    area: 'S.I. Ressources Humaines',
    teamCode: 'ETUDES',
    memberCodes: ['TREMBLAY_EN_FRANCE'],
  },
  {
    id: 'referentiel-agent',
    title: 'Référentiel Agent',
    description: 'Mise en place d’une interface entre le SIRH et le logiciel DIGITECH.',
    area: 'S.I. Ressources Humaines',
    teamCode: 'ETUDES',
    memberCodes: [],
  },
  {
    id: 'audit-sirh',
    title: 'Audit SIRH',
    description: 'Réalisation d’un audit sur le système d’information des ressources humaines.',
    area: 'S.I. Ressources Humaines',
    teamCode: 'ETUDES',
    memberCodes: ['BOBIGNY'],
  },
  {
    id: 'journee-de-carence',
    title: 'Paramétrage de la journée de carence',
    description: null,
    area: 'S.I. Ressources Humaines',
    teamCode: 'ETUDES',
    memberCodes: ALL_MEMBERS,
  },
  {
    id: 'indemnite-compensatrice-csg',
    title: 'Gestion de l’indemnité compensatrice de CSG',
    description: null,
    area: 'S.I. Ressources Humaines',
    teamCode: 'ETUDES',
    memberCodes: ALL_MEMBERS,
  },
  {
    id: 'n4ds-prepadecla-multidecla',
    title: 'N4DS : déploiement de PrépaDecla & MultiDecla',
    description: 'N4DS Déclarations Dématérialisées Des Données Sociales.',
    area: 'S.I. Ressources Humaines',
    teamCode: 'ETUDES',
    memberCodes: ALL_MEMBERS,
  },
  // 1. Études — Affaires Générales
  {
    id: 'gestion-courrier',
    title: 'Gestion courrier',
    description:
      'Application des préconisations de l’audit réalisé sur la solution AIRS Courrier visant à l’amélioration de l’outil via un paramétrage plus adapté.',
    area: 'Affaires Générales',
    teamCode: 'ETUDES',
    memberCodes: ['TREMBLAY_EN_FRANCE'],
  },
  {
    id: 'deliberations-dematerialisees',
    title: 'Gestion dématérialisée des délibérations',
    description:
      'Dans le cadre de la dématérialisation des documents administratifs, le SII a procédé au déploiement de la gestion des arrêtés et les décisions.',
    area: 'Affaires Générales',
    teamCode: 'ETUDES',
    memberCodes: ['LA_COURNEUVE'],
  },
  // 1. Études — Santé
  {
    id: 'cms-grilles-tarifaires',
    title: 'CMS',
    description: 'Intégration des nouvelles grilles tarifaires.',
    area: 'Santé',
    teamCode: 'ETUDES',
    memberCodes: [],
  },
  {
    id: 'hprim',
    title: 'HPRIM',
    description: 'Mise en place du dispositif de transmission des résultats d’analyses médicales dans l’application MAIDIS.',
    area: 'Santé',
    teamCode: 'ETUDES',
    memberCodes: ['BOBIGNY'],
  },
  {
    id: 'securite-rgpd-sante',
    title: 'Sécurité',
    description: 'Etude de mise en conformité RGPD du logiciel santé (gestion de confidentialité, cryptage des documents, etc.).',
    area: 'Santé',
    teamCode: 'ETUDES',
    memberCodes: ['BOBIGNY', 'LA_COURNEUVE', 'TREMBLAY_EN_FRANCE'],
  },
  // 1. Études — Elections, État civil, Logement, Restauration collective, Enfance, Services techniques, Médiathèque
  {
    id: 'repertoire-electoral-unique',
    title: 'R.E.U',
    description:
      'Etude de mise en œuvre du Répertoire Electoral Unique. Le Répertoire Électoral Unique recense en temps réel l’ensemble des électeurs de manière nationale et permanente, ' +
      'afin de produire des listes électorales au plus proche de la réalité, extraites et fournies aux communes avant chaque scrutin.',
    area: 'Elections',
    teamCode: 'ETUDES',
    memberCodes: FOUR_CITIES,
  },
  {
    id: 'comedec',
    title: 'COMEDec',
    description:
      'Le dispositif permet l’échange dématérialisé de données d’état civil. Le SII a installé une nouvelle version du logiciel Mélodie qui communique avec des « web services » fournis par l’ANTS. ' +
      'Les agents de l’état civil détenteurs d’un agrément accèdent aux services de l’ANTS via un mécanisme de carte RGS 3*, et peuvent ainsi faire leurs demandes de pièces d’état civil ' +
      'à d’autres mairies ou bien répondre à des demandes d’autres mairies, de notaires etc.',
    area: 'Etat civil',
    teamCode: 'ETUDES',
    memberCodes: ['LE_BLANC_MESNIL'],
  },
  {
    id: 'logement-numero-unique',
    title: 'Logement',
    description: 'Mise en place d’interfaces web service pour le logiciel de gestion du numéro unique.',
    area: 'Logement',
    teamCode: 'ETUDES',
    memberCodes: FOUR_CITIES,
  },
  {
    id: 'restor-gpao',
    title: 'Restor',
    description: 'Poursuite du développement de l’application GPAO restor pour la partie production et gestion de stock.',
    area: 'Restauration collective',
    teamCode: 'ETUDES',
    memberCodes: ['SYREC'],
  },
  {
    id: 'concerto-remplacement',
    title: 'Concerto',
    description: 'Début de l’étude de remplacement de la solution Concerto dont l’éditeur annonce l’arrêt des développements.',
    area: 'Enfance',
    teamCode: 'ETUDES',
    memberCodes: FOUR_CITIES,
  },
  {
    id: 'centres-de-loisirs',
    title: 'Centres de loisirs',
    description: 'Mise en œuvre du paramétrage des activités des centres de loisirs suite à une réorganisation des services.',
    area: 'Enfance',
    teamCode: 'ETUDES',
    memberCodes: ['BOBIGNY'],
  },
  {
    id: 'opus-mobilite',
    title: 'OPUS mobilité',
    description: 'Mise en place d’un nouveau dispositif de pointage.',
    area: 'Enfance',
    teamCode: 'ETUDES',
    memberCodes: ['LE_BLANC_MESNIL'],
  },
  {
    id: 'urbanisme-cartads',
    title: 'Urbanisme',
    description:
      'Remplacement de la solution URBAPRO par Carte@DS. Les usagers, les notaires, les services extérieurs (pompiers, bâtiments de France) ' +
      'pourront accéder et faire leur demandes via des portails internet.',
    area: 'Services techniques',
    teamCode: 'ETUDES',
    memberCodes: ['BOBIGNY', 'LE_BLANC_MESNIL', 'TREMBLAY_EN_FRANCE'],
  },
  {
    id: 'colbert-deploiement',
    title: 'Colbert',
    description: 'Poursuite du déploiement de la solution Colbert pour la gestion et le suivi des travaux.',
    area: 'Services techniques',
    teamCode: 'ETUDES',
    memberCodes: ['BOBIGNY'],
  },
  {
    id: 'si-gestion-bibliotheque',
    title: 'SI gestion bibliothèque',
    description: 'Mise en place de la nouvelle version de l’application ORPHEE NX.',
    area: 'Médiathèque',
    teamCode: 'ETUDES',
    memberCodes: ['BOBIGNY', 'TREMBLAY_EN_FRANCE'],
  },
  // 2. Production: the SII's own platform; only the directory migration names members.
  {
    id: 'pca-interconnexion',
    title: 'PCA : interconnexion à haut débit entre les deux salles',
    description: 'Etude pour l’interconnexion à haut débit entre les deux salles (site principal et locaux annexes).',
    area: 'PCA',
    teamCode: 'PRODUCTION',
    memberCodes: [],
  },
  {
    id: 'pca-hyper-convergence',
    title: 'PCA : plate-forme hyper convergente',
    description:
      'Début de la mise en place de la future plate-forme PCA du SII basée sur une architecture « hyper convergente ». ' +
      'Choix du matériel, et réalisation de la première phase correspondant au déploiement de la solution sur le site principal.',
    area: 'PCA',
    teamCode: 'PRODUCTION',
    memberCodes: [],
  },
  {
    id: 'pca-salle-cible',
    title: 'PCA : architecture cible de la nouvelle salle',
    description: 'Etude de l’architecture cible de la nouvelle salle PCA.',
    area: 'PCA',
    teamCode: 'PRODUCTION',
    memberCodes: [],
  },
  {
    id: 'pca-liens-de-secours',
    title: 'PCA : liens de secours',
    description: 'Etude d’optimisation et renforcement des liens de secours actuels.',
    area: 'PCA',
    teamCode: 'PRODUCTION',
    memberCodes: [],
  },
  {
    id: 'securite-donnees',
    title: 'Sécurité',
    description: 'Poursuite de la mise en production de la sécurisation renforcée des données et passage en archivage des bases critiques.',
    area: 'Sécurité',
    teamCode: 'PRODUCTION',
    memberCodes: [],
  },
  {
    id: 'exploitation-ordonnanceur',
    title: 'Exploitation : remplacement de l’ordonnanceur',
    description: 'Etude d’une solution de remplacement de l’ordonnanceur actuel.',
    area: 'Exploitation',
    teamCode: 'PRODUCTION',
    memberCodes: [],
  },
  {
    id: 'exploitation-impression',
    title: 'Exploitation : système d’impression',
    description: 'Remplacement du système d’impression.',
    area: 'Exploitation',
    teamCode: 'PRODUCTION',
    memberCodes: [],
  },
  {
    id: 'citrix-migration',
    title: 'Citrix',
    description: 'Poursuite de la migration des applications dans une version plus récente de Citrix.',
    area: 'Citrix',
    teamCode: 'PRODUCTION',
    memberCodes: [],
  },
  {
    id: 'annuaire-authentification',
    title: 'Annuaire',
    description:
      'Poursuite de la migration de la structure d’annuaire d’authentification pour la ville de La Courneuve. Début de la migration de la ville de Tremblay en France.',
    area: 'Annuaire',
    teamCode: 'PRODUCTION',
    memberCodes: ['LA_COURNEUVE', 'TREMBLAY_EN_FRANCE'],
  },
  {
    id: 'stockage-vplex',
    title: 'Stockage',
    description: 'Modification du système VPLEX et reconfiguration du stockage et de la réplication des données sous VMware.',
    area: 'Stockage',
    teamCode: 'PRODUCTION',
    memberCodes: [],
  },
  {
    id: 'messagerie-mdaemon',
    title: 'Messageries',
    description: 'Migration vers la dernière version de Mdaemon 18.5.3 sur deux serveurs de messagerie pour validation fonctionnelle et technique.',
    area: 'Messagerie',
    teamCode: 'PRODUCTION',
    memberCodes: [],
  },
  // 3. Assistance à Maîtrise d'Ouvrage et NTIC
  {
    id: 'convocation-des-elus',
    title: 'Convocation des Elus',
    description:
      'Mise en place de la plateforme Fast-Elus pour la dématérialisation des convocations pour le SIRESCO et préparation de mise à disposition de la plateforme pour Bobigny.',
    area: 'Affaires Générales',
    teamCode: 'AMO_NTIC',
    memberCodes: ['SIRESCO', 'BOBIGNY'],
  },
  {
    id: 'cms-subventions',
    title: 'CMS',
    description:
      'Mise en place du processus de recherche de subventions sur le plan national et européen afin de pouvoir acquérir une nouvelle solution ' +
      'dans le cadre d’un projet global visant l’amélioration de l’offre de soin médical.',
    area: 'Santé',
    teamCode: 'AMO_NTIC',
    memberCodes: [],
  },
  {
    id: 'e-redac',
    title: 'Marchés Publics',
    description: 'Mise en place de la plateforme E-rédac pour l’aide à la rédaction des DCE.',
    area: 'Marchés Publics',
    teamCode: 'AMO_NTIC',
    memberCodes: [],
  },
  {
    id: 'rgpd',
    title: 'Règlement Général pour la Protection des Données - RGPD',
    description:
      'En association avec le DPO du SII (Maître Cécile VERNUDACHI du Cabinet JCCV) : audit et cartographie du système d’information du SII en vue de sa mise en conformité ' +
      'avec la réglementation européenne ; réalisation d’un avenant RGPD à destination des différents éditeurs (sous-traitants) du SII ; ' +
      'vérification de la conformité des différentes applications avec le RGPD.',
    area: 'RGPD',
    teamCode: 'AMO_NTIC',
    memberCodes: [],
  },
  {
    id: 'gpao-cuisine-centrale',
    title: 'GPAO – Cuisine Centrale',
    description: 'Suivi du projet de réalisation de la GPAO.',
    area: 'Restauration collective',
    teamCode: 'AMO_NTIC',
    memberCodes: [],
  },
  {
    id: 'e-parapheur-tremblay',
    title: 'E-Parapheur',
    description: 'Déploiement du parapheur électronique sur la ville de Tremblay-en-France.',
    area: 'Affaires Générales',
    teamCode: 'AMO_NTIC',
    memberCodes: ['TREMBLAY_EN_FRANCE'],
  },
  {
    id: 'controle-de-legalite',
    title: 'Contrôle de légalité',
    description: 'Déploiement de la plateforme Fast-Actes auprès du CCAS de Bobigny.',
    area: 'Affaires Générales',
    teamCode: 'AMO_NTIC',
    memberCodes: ['BOBIGNY'],
  },
  {
    id: 'site-internet-siresco',
    title: 'Refonte du Site Internet du SIRESCO',
    description: 'Réalisation du cahier des charges fonctionnel et support à la préparation du DCE.',
    area: 'Communication',
    teamCode: 'AMO_NTIC',
    memberCodes: ['SIRESCO'],
  },
  // 4. Management Service et Qualité
  {
    id: 'mantis-amelioration',
    title: 'Mantis',
    description:
      'Travail sur l’amélioration de MANTIS et tests de la dernière version pour la prise en charge de fonctions permettant la mise en application des règles liées à la certification ISO 9001.',
    area: 'Qualité',
    teamCode: 'GSQ_SAU',
    memberCodes: [],
  },
  {
    id: 'iso-9001',
    title: 'ISO 9001',
    description:
      'Dans le cadre du service qualité et de l’amélioration continue, le SII a entrepris une démarche de maintien de la certification ISO 9001 obtenue en 2017 pour le support aux utilisateurs.',
    area: 'Qualité',
    teamCode: 'GSQ_SAU',
    memberCodes: [],
  },
];

/**
 * Default service levels per priority (calendar minutes), in GLPI's terms: time to own (TTO) and
 * time to resolve (TTR). The report states none; these are the desk's starting values, kept in
 * operations.sla_policy so that they can be tuned without a release.
 */
export const DEFAULT_SLA_POLICIES = [
  { priority: 'CRITICAL', timeToOwnMinutes: 30, timeToResolveMinutes: 4 * 60 },
  { priority: 'HIGH', timeToOwnMinutes: 60, timeToResolveMinutes: 8 * 60 },
  { priority: 'MEDIUM', timeToOwnMinutes: 4 * 60, timeToResolveMinutes: 3 * 24 * 60 },
  { priority: 'LOW', timeToOwnMinutes: 8 * 60, timeToResolveMinutes: 10 * 24 * 60 },
] as const;
