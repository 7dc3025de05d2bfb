/**
 * What the synthetic data follows. The report's synthesis table (III.A) gives ticket totals per year
 * and queue and deployment totals per year (2011, 2016–2018); everything else (split by member,
 * application, month, priority, wording) is an assumption, written here.
 */

/** Tickets reported per year and queue (Tickets Support / Tickets techniques). */
export const REPORTED_TICKETS = [
  { year: 2011, queue: 'SUPPORT', count: 1497 },
  { year: 2011, queue: 'TECHNICAL', count: 1214 },
  { year: 2016, queue: 'SUPPORT', count: 4326 },
  { year: 2016, queue: 'TECHNICAL', count: 2599 },
  { year: 2017, queue: 'SUPPORT', count: 4183 },
  { year: 2017, queue: 'TECHNICAL', count: 3109 },
  { year: 2018, queue: 'SUPPORT', count: 4490 },
  { year: 2018, queue: 'TECHNICAL', count: 3190 },
] as const;

/** Deployments to production reported per year (Mises en Production, synthesis table III.A). */
export const REPORTED_DEPLOYMENTS = [
  { year: 2011, count: 38 },
  { year: 2016, count: 62 },
  { year: 2017, count: 88 },
  { year: 2018, count: 77 },
] as const;

/** Assumed shares (the report's per-member chart is an image without figures): larger cities open more tickets. */
export const MEMBER_WEIGHTS: [string, number][] = [
  ['BOBIGNY', 30],
  ['LA_COURNEUVE', 20],
  ['TREMBLAY_EN_FRANCE', 20],
  ['LE_BLANC_MESNIL', 18],
  ['SIRESCO', 6],
  ['SYREC', 6],
];

/** Catalogue application ids (a test checks each against the catalogue); the big business suites weigh more. */
export const APPLICATION_WEIGHTS: [string, number][] = [
  ['finances', 12], ['grh', 12], ['cms', 6], ['melodie', 5], ['concerto', 5], ['mdaemon', 8], ['prem', 4], ['maidis', 4],
  ['logement', 3], ['adagio', 3], ['airs-courriers', 3], ['delibs', 2], ['e-parapheur', 2], ['actes', 2], ['ccas-asweb', 3],
  ['restor', 2], ['restcollec', 2], ['requiem', 1], ['alto', 2], ['actesweb', 1], ['recette', 1], ['opale', 1], ['esabora', 1],
  ['orphee', 2], ['rrp', 1], ['incovar', 2], ['e-conges', 2], ['e-formation', 1], ['n4ds', 1], ['planitec', 1], ['gesdem', 1],
  ['lagos', 1], ['colbert', 1], ['annuaire', 1], ['bo-xi', 2], ['intranet-ez', 1], ['municipol', 1], ['cartads', 2],
  ['gestion-des-salles', 1], ['gestion-assoc', 1], ['mantis', 1], ['olfeo', 1],
];

/** August and December are quieter. */
export const MONTH_WEIGHTS = [9, 9, 10, 9, 9, 8, 7, 4, 10, 10, 9, 6];
export const PRIORITY_WEIGHTS: [string, number][] = [['LOW', 25], ['MEDIUM', 50], ['HIGH', 20], ['CRITICAL', 5]];
export const SYMPTOMS = ['lenteurs', 'erreur à la connexion', 'impression impossible', 'écran figé', 'données manquantes', 'export en échec'];
export const REQUESTS = ['création de compte', 'droits d’accès', 'installation du poste', 'paramétrage', 'formation', 'extraction de données'];
