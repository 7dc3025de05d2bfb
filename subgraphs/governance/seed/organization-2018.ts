import { type FactProvenance, withFields } from '../../../lib/field-provenance';
import { fromReport2018, hubChoice } from '../../../lib/provenance';
import { SECTION } from './sections';

/**
 * The SII itself, its organisation and its quality system, as the 2018 report describes them
 * (title page, sections I, I.B and II.B.4), transcribed by hand. Text is as printed, apostrophes
 * set typographically (’); where the hub serves another form, `printedAs` keeps the printed one.
 */

export interface OrganizationSeed {
  id: 'sii';
  name: string;
  acronym: string;
  legalForm: string;
  legalStatus: string;
  yearFounded: number;
  purpose: string;
  street: string;
  postalCode: string;
  city: string;
  phone: string;
  fax: string;
  website: string;
  internetServices: string[];
  announcedApplicationCount: number;
  announcedMemberCount: number;
  provenance: FactProvenance;
}

export const ORGANIZATION: OrganizationSeed = {
  id: 'sii',
  name: 'Syndicat Mixte des Systèmes d’Information',
  acronym: 'SII',
  legalForm: 'syndicat mixte fermé',
  legalStatus: 'établissement public',
  yearFounded: 1971,
  purpose:
    'permettre aux agents des membres adhérents de remplir plus efficacement leur mission de service public, ' +
    'en s’appuyant sur des ressources informatiques applicatives et techniques',
  street: '1, rue de l’Union',
  postalCode: '93000',
  city: 'Bobigny Cedex',
  phone: '01 41 60 85 00',
  fax: '01 41 60 88 70',
  website: 'http://www.sib.fr',
  internetServices: [
    'accessibilité au système d’information',
    'hébergement de sites WEB',
    'services de télé-procédures',
    'navigation sur le WEB',
    'service de messagerie',
    'service de nom de domaine',
    'interconnexion de sites distants en mode VPN',
  ],
  announcedApplicationCount: 50,
  announcedMemberCount: 6,
  provenance: withFields(fromReport2018(SECTION.presentation), {
    name: fromReport2018(SECTION.titlePage, 'Syndicat Mixte des Systèmes d’Information SII', 'The acronym SII is served apart, in acronym'),
    address: fromReport2018(SECTION.titlePage, '1, rue de l’Union / 93000 Bobigny Cedex'),
    phone: fromReport2018(SECTION.titlePage, 'Tél. : 01 41 60 85 00'),
    fax: fromReport2018(SECTION.titlePage, 'Fax : 01 41 60 88 70'),
    website: fromReport2018(SECTION.titlePage, '<http://www.sib.fr>', 'Printed as is: the domain differs from the acronym, and the hub does not guess another'),
    internetServices: fromReport2018(
      SECTION.presentation,
      'l’accessibilité au système d’information, l’hébergement de sites WEB, les services de télé-procédures, la navigation sur le WEB, ' +
        'le service de messagerie, le service de nom de domaine, d’interconnexion de sites distants en mode VPN, etc.',
      'One entry per service, articles dropped; the printed list ends with "etc.": it is not exhaustive',
    ),
    announcedApplicationCount: fromReport2018(
      SECTION.presentation,
      'Un portefeuille de 50 applications informatiques',
      'The portfolio table (II.A.4) prints 51 rows, and the catalogue serves 57 applications after splitting its 4 merged rows: see Query.portfolio',
    ),
    announcedMemberCount: fromReport2018(SECTION.members, 'Le SII compte 6 adhérents, 4 villes et 2 établissements publics'),
  }),
};

export interface OrgUnitDetailSeed {
  code: string;
  /** The staff table's row label (I.C). */
  shortName: string;
  /** Head of a direction: "Directrice", "Directeur". */
  headTitle: string | null;
  /** The unit's paragraph(s) in section I.B, paragraphs separated by a blank line. */
  description: string | null;
  reportsTo: string | null;
  /** The unit's heading in I.B with its headcount, as printed. */
  printedHeading: string;
  provenance: FactProvenance;
}

const DIRECTION_TEXT =
  'La directrice générale et le DSI contribuent à la définition des orientations de la collectivité et à l’élaboration, ' +
  'sous la responsabilité de l’équipe politique, d’un projet partagé par toutes les parties prenantes de l’action publique. ' +
  'Dirigent les services et pilote l’organisation territoriale en cohérence avec les orientations préalablement définies.';

/** Why the hub attaches the four IT services to the DSI (the report's organisation chart is an image). */
const SERVICES_UNDER_DSI = hubChoice(
  'The report’s organisation chart (I.B.1) is an image the transcription lost, and the text says only that the Direction Générale and the DSI ' +
    '"dirigent les services" (I.B.2); the hub attaches the four IT services to the Direction des Systèmes d’Information. ' +
    'Only Administration’s attachment is printed (to the Directrice Générale, I.B.3)',
);

/** Headcounts come from the staff table (I.C), whose row label is `label`. */
const staffRow = (label: string) => {
  const row = fromReport2018(SECTION.staff, label);
  return { headcount: row, women: row, men: row };
};

/** Section I.B unit by unit, keyed by governance's org unit codes (same order as the staff table). */
export const ORG_UNIT_DETAILS: OrgUnitDetailSeed[] = [
  {
    code: 'DIRECTION_GENERALE',
    shortName: 'Direction Générale',
    headTitle: 'Directrice',
    description: DIRECTION_TEXT,
    reportsTo: null,
    printedHeading: 'Direction Générale (1 Directrice)',
    provenance: withFields(fromReport2018(SECTION.direction), {
      ...staffRow('Direction Générale'),
      reportsTo: fromReport2018(SECTION.direction, undefined, 'Heads the establishment "sous la responsabilité de l’équipe politique" (the council): no unit above it'),
    }),
  },
  {
    code: 'DIRECTION_SI',
    shortName: 'Direction SI',
    headTitle: 'Directeur',
    description: DIRECTION_TEXT,
    reportsTo: 'DIRECTION_GENERALE',
    printedHeading: 'Direction des Systèmes d’Information (1 Directeur)',
    provenance: withFields(fromReport2018(SECTION.direction), {
      ...staffRow('Direction SI'),
      reportsTo: hubChoice(
        'The report names the Directrice Générale and the DSI together as the establishment’s direction (I.B.2) and does not say whom the DSI reports to; ' +
          'the hub places the DSI under the Direction Générale, the establishment’s general management',
      ),
    }),
  },
  {
    code: 'AMO_NTIC',
    shortName: 'AMO / NTIC',
    headTitle: null,
    description:
      'Il se positionne en amont des nouveaux projets. Il est en charge, auprès des partenaires, de les accompagner dans les phases préliminaires des projets, ' +
      'notamment pour le recueil des besoins des services utilisateurs, l’analyse des aspects organisationnels, pour l’élaboration des DCE ' +
      '(dossiers de consultation des entreprises), analyse des offres fournisseurs etc.\n\n' +
      'Il a également en charge la veille sur les nouvelles technologies notamment en matière de dématérialisation',
    reportsTo: 'DIRECTION_SI',
    printedHeading: 'Service Assistance Maitrise d’Ouvrage et NTIC (1 agent)',
    provenance: withFields(fromReport2018(SECTION.amo), {
      name: fromReport2018(
        SECTION.amo,
        'Service Assistance Maitrise d’Ouvrage et NTIC',
        'Served as the table of contents prints it ("Maîtrise"), without the word "Service"',
      ),
      ...staffRow('AMO / NTIC'),
      reportsTo: SERVICES_UNDER_DSI,
    }),
  },
  {
    code: 'GSQ_SAU',
    shortName: 'GSQ / SAU',
    headTitle: null,
    description:
      'La cellule « Gestion des Services » a pour rôle d’améliorer la qualité des prestations du SII auprès de ses adhérents et partenaires non adhérents. ' +
      'Elle veille, sur la base du règlement de service, de tableaux de bords de suivi d’activités, au respect des objectifs du SII vis-à-vis de ses adhérents ' +
      'et partenaires non adhérents.\n\n' +
      'La gestion des incidents et des demandes fait également partie des processus déployés par le SII pour répondre aux critères de qualité de service. ' +
      'Le SAU (Service d’Assistance aux Utilisateurs) prend en charge les incidents et les demandes signalés et en assure le suivi.\n\n' +
      'Pour cette dernière activité le SII est certifié ISO 9001-2015 depuis juin 2017.',
    reportsTo: 'DIRECTION_SI',
    printedHeading: 'Gestion des Services et Qualité / SAU (2 agents)',
    provenance: withFields(fromReport2018(SECTION.gsq), { ...staffRow('GSQ / SAU'), reportsTo: SERVICES_UNDER_DSI }),
  },
  {
    code: 'ADMINISTRATION',
    shortName: 'Administration',
    headTitle: null,
    description: 'Le service administration est composé de deux agents directement rattachés à la Directrice Générale.',
    reportsTo: 'DIRECTION_GENERALE',
    printedHeading: 'Administration (2 agents)',
    provenance: withFields(fromReport2018(SECTION.administration), {
      ...staffRow('Administration'),
      reportsTo: fromReport2018(SECTION.administration, undefined, '"deux agents directement rattachés à la Directrice Générale"'),
    }),
  },
  {
    code: 'PRODUCTION',
    shortName: 'Production',
    headTitle: null,
    description:
      'Il est garant du maintien en condition opérationnelle des systèmes d’information. Il est organisé autour de 2 pôles essentiels :',
    reportsTo: 'DIRECTION_SI',
    printedHeading: 'Service Production (7 agents)',
    provenance: withFields(fromReport2018(SECTION.production), { ...staffRow('Production'), reportsTo: SERVICES_UNDER_DSI }),
  },
  {
    code: 'ETUDES',
    shortName: 'Etudes',
    headTitle: null,
    description:
      'L’équipe, composée de chefs de projets et d’analystes réalisateurs, est en charge de la mise en place de nouvelles applications informatiques ' +
      'et du support fonctionnel « métier ».\n\n' +
      'Chaque chef de projet est en relation avec les services utilisateurs et les éditeurs de logiciels et anime les activités liées au portefeuille ' +
      'd’application dont il a la charge.\n\n' +
      'Ainsi, l’activité du service études fonctionnelles est divisée principalement en gestion de projet, support utilisateur, développement d’application, ' +
      'maintenance évolutive et maintenance corrective.',
    reportsTo: 'DIRECTION_SI',
    printedHeading: 'Service Etudes Fonctionnelles (11 agents)',
    provenance: withFields(fromReport2018(SECTION.etudes), {
      name: fromReport2018(SECTION.etudes, 'Service Etudes Fonctionnelles', 'Without the word "Service"; the accent of the capital É restored'),
      ...staffRow('Etudes'),
      reportsTo: SERVICES_UNDER_DSI,
    }),
  },
];

export interface OrgTeamSeed {
  id: string;
  orgUnitCode: string;
  name: string;
  description: string;
  provenance: FactProvenance;
}

/** The cells ("pôles", "cellules") the report describes within a service. */
export const ORG_TEAMS: OrgTeamSeed[] = [
  {
    id: 'production-support-technique',
    orgUnitCode: 'PRODUCTION',
    name: 'Support technique',
    description:
      'La cellule a en charge l’architecture du système d’information, la gestion du réseau interne et externe, l’administration de l’infrastructure ' +
      'technique et logicielle des serveurs (système d’exploitation, bases de données, outils de supervision etc.). ' +
      'Elle prend également part au support utilisateur de 2ème niveau en y apportant son expertise.',
    provenance: fromReport2018(SECTION.production),
  },
  {
    id: 'production-exploitation',
    orgUnitCode: 'PRODUCTION',
    name: 'Exploitation',
    description:
      'La cellule est en charge du lancement et contrôle des traitements, des sauvegardes, de la surveillance des réseaux et serveurs ainsi que du service des impressions.',
    provenance: fromReport2018(SECTION.production),
  },
  {
    id: 'gsq-gestion-des-services',
    orgUnitCode: 'GSQ_SAU',
    name: 'Gestion des Services',
    description:
      'La cellule « Gestion des Services » a pour rôle d’améliorer la qualité des prestations du SII auprès de ses adhérents et partenaires non adhérents.',
    provenance: fromReport2018(SECTION.gsq),
  },
  {
    id: 'gsq-sau',
    orgUnitCode: 'GSQ_SAU',
    name: 'SAU (Service d’Assistance aux Utilisateurs)',
    description: 'Le SAU (Service d’Assistance aux Utilisateurs) prend en charge les incidents et les demandes signalés et en assure le suivi.',
    provenance: fromReport2018(SECTION.gsq),
  },
];

export interface OrgMissionSeed {
  id: string;
  orgUnitCode: string;
  name: string;
  tasks: string[];
  provenance: FactProvenance;
}

const mission = (id: string, name: string, printed: string, tasks: string[]): OrgMissionSeed => ({
  id,
  orgUnitCode: 'ADMINISTRATION',
  name,
  tasks,
  provenance: fromReport2018(SECTION.administration, printed, 'Heading without its article'),
});

/** "Les missions dévolues à ce secteur d’activité portent sur :" (I.B.3), with their tasks as printed. */
export const ORG_MISSIONS: OrgMissionSeed[] = [
  mission('administration-generale', 'Administration générale', 'L’administration générale', [
    'Organisation et suivi des réunions des différentes instances (Comités Syndicaux, groupes de travail...)',
    'Suivi de l’archivage',
    'Réception des visiteurs',
    'Enregistrement du courrier',
    'Entretien des locaux.',
  ]),
  mission('gestion-financiere', 'Gestion financière', 'La gestion financière :', [
    'Aide à l’élaboration du budget',
    'Suivi de l’exécution du budget (dépenses et recettes)',
    'Gestion des immobilisations.',
  ]),
  mission('marches-publics', 'Marchés publics', 'Les marchés publics', [
    'Elaboration des DCE en collaboration avec les services concernés',
    'Lancement et suivi de la procédure de mise en concurrence (Mise en ligne de l’annonce, suivi des questions/réponses, convocation de la CAO le cas échéant...)',
    'Exécution administrative et financière du marché.',
  ]),
  mission('ressources-humaines', 'Ressources Humaines', 'Les Ressources Humaines', [
    'Gestion de la paie des agents',
    'Gestion des carrières des agents',
    'Gestion de la formation des agents',
    'Saisine des instances paritaires (élaboration des rapports, saisie des informations sur l’outil du CIG).',
  ]),
];

export interface QualitySystemSeed {
  id: 'sii';
  standard: string;
  scope: string;
  certifiedUnitCode: string;
  certifiedSince: string;
  principles: string[];
  aim: string;
  processEvaluation: string;
  internalAudit: string;
  internalAuditsPerYear: number;
  certificationAudit: string;
  provenance: FactProvenance;
}

export const QUALITY_SYSTEM: QualitySystemSeed = {
  id: 'sii',
  standard: 'ISO 9001:2015',
  scope: 'support aux utilisateurs',
  certifiedUnitCode: 'GSQ_SAU',
  certifiedSince: '2017-06',
  principles: ['engagement de la direction', 'implication des agents', 'approche processus', 'amélioration continue'],
  aim:
    'Cette démarche vise à garantir pour les utilisateurs des services de qualité et conformes au règlement de service, ' +
    'lequel définit les modalités de mise en œuvre des prestations du SII.',
  processEvaluation:
    'Tous les processus font l’objet d’évaluation via des indicateurs qui sont régulièrement analysés lors de réunions de suivi ou d’audit.',
  internalAudit: 'Un audit interne complet du système de management de la qualité est organisé chaque année.',
  internalAuditsPerYear: 1,
  certificationAudit:
    'La certification est planifiée par le responsable qualité, et réalisée par un auditeur externe. ' +
    'Il donne lieu à un rapport d’audit, diffusé à la direction et aux pilotes de processus.',
  provenance: withFields(fromReport2018(SECTION.quality), {
    standard: fromReport2018(SECTION.gsq, 'ISO 9001-2015', 'The standard’s name is ISO 9001:2015 (II.B.4 prints "ISO 9001")'),
    certifiedSince: fromReport2018(SECTION.gsq, 'depuis juin 2017', 'II.B.4: "la certification ISO 9001 obtenue en 2017"'),
    certifiedUnit: fromReport2018(SECTION.gsq, undefined, 'The SAU’s handling of incidents and requests is the certified activity'),
    scope: fromReport2018(SECTION.quality, 'S’agissant du domaine support aux utilisateurs, pour lequel le SII est certifié'),
    principles: fromReport2018(
      SECTION.quality,
      'notamment l’engagement de la direction, l’implication des agents, l’approche processus et l’amélioration continue',
      'One entry per principle, articles dropped; "notamment": not exhaustive',
    ),
  }),
};

export interface QualityProcessSeed {
  id: string;
  name: string;
  description: string;
}

/** "S’agissant du domaine support aux utilisateurs, pour lequel le SII est certifié, les processus sont les suivants" (II.B.4). */
export const QUALITY_PROCESSES: QualityProcessSeed[] = [
  { id: 'gouvernance', name: 'Processus Gouvernance', description: 'garantit les bonnes pratiques concernant les arbitrages et leur mise en application.' },
  { id: 'qualite', name: 'Processus qualité', description: 'contribue à la mise en œuvre de l’amélioration continue.' },
  {
    id: 'support-utilisateurs',
    name: 'Processus Support Utilisateurs',
    description: 'assure la mise en application des règles et procédures relative à l’assistance utilisateurs.',
  },
  { id: 'rh', name: 'Processus RH', description: 'permet le maintien des compétences liées aux activités support.' },
  { id: 'achats', name: 'Processus Achats', description: 'vérifie l’adéquation des fournisseurs aux objectifs de qualité du SII.' },
  {
    id: 'production',
    name: 'Processus Production',
    description: 'régit les bonnes pratiques concernant le maintien en condition opérationnelle des systèmes d’information.',
  },
];
