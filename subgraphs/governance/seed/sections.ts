/** Sections of the 2018 report that governance's facts come from, named as its table of contents does. */
export const SECTION = {
  titlePage: 'Page de titre',
  presentation: 'I. Présentation générale du SII',
  members: 'I.A Adhérents et composition du conseil',
  council: 'I.A.1 Composition du Conseil',
  organisation: 'I.B Organisation du SII',
  direction: 'I.B.2 Direction de l’établissement',
  administration: 'I.B.3 Administration',
  etudes: 'I.B.4 Service Etudes Fonctionnelles',
  production: 'I.B.5 Service Production',
  amo: 'I.B.6 Service Assistance Maîtrise d’Ouvrage et NTIC',
  gsq: 'I.B.7 Gestion des Services et Qualité / SAU',
  staff: 'I.C Synthèse sur les services opérationnels',
  quality: 'II.B.4 Management Service et Qualité',
} as const;
