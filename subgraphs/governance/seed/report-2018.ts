import { DelegateRole, MemberKind } from '../entities/enums';

/**
 * Governance data of the SII's 2018 activity report (section I.A and I.C), transcribed by hand.
 * Delegates are printed "LASTNAME Firstname"; here the name is split and the last name put in
 * title case. Members with two printed pairs of delegates hold at least one optional competence.
 */

export interface MemberSeed {
  code: string;
  name: string;
  kind: MemberKind;
  hasOptionalCompetences: boolean;
}

export const MEMBERS: MemberSeed[] = [
  { code: 'BOBIGNY', name: 'Bobigny', kind: MemberKind.CITY, hasOptionalCompetences: true },
  { code: 'LE_BLANC_MESNIL', name: 'Le Blanc-Mesnil', kind: MemberKind.CITY, hasOptionalCompetences: false },
  { code: 'LA_COURNEUVE', name: 'La Courneuve', kind: MemberKind.CITY, hasOptionalCompetences: true },
  { code: 'TREMBLAY_EN_FRANCE', name: 'Tremblay-en-France', kind: MemberKind.CITY, hasOptionalCompetences: true },
  { code: 'SIRESCO', name: 'SIRESCO', kind: MemberKind.PUBLIC_BODY, hasOptionalCompetences: false },
  { code: 'SYREC', name: 'SYREC', kind: MemberKind.PUBLIC_BODY, hasOptionalCompetences: true },
];

export interface PersonName {
  firstName: string;
  lastName: string;
}

export interface DelegatePairSeed {
  memberCode: string;
  seat: number;
  titular: PersonName;
  substitute: PersonName;
}

/** The council table, row by row (titulaire, suppléant). */
export const DELEGATE_PAIRS: DelegatePairSeed[] = [
  { memberCode: 'BOBIGNY', seat: 1, titular: { firstName: 'Marc', lastName: 'Drane' }, substitute: { firstName: 'Christian', lastName: 'Bartholme' } },
  { memberCode: 'BOBIGNY', seat: 2, titular: { firstName: 'Christine', lastName: 'Gaberel' }, substitute: { firstName: 'Kumba', lastName: 'Konate' } },
  { memberCode: 'LA_COURNEUVE', seat: 1, titular: { firstName: 'Mélanie', lastName: 'Davaux' }, substitute: { firstName: 'Eric', lastName: 'Morisse' } },
  { memberCode: 'LA_COURNEUVE', seat: 2, titular: { firstName: 'Yohann', lastName: 'Elice' }, substitute: { firstName: 'Zaïnaba', lastName: 'Said-Anzum' } },
  { memberCode: 'LE_BLANC_MESNIL', seat: 1, titular: { firstName: 'Jean-Philippe', lastName: 'Ranquet' }, substitute: { firstName: 'Karim', lastName: 'Boumedjane' } },
  { memberCode: 'SIRESCO', seat: 1, titular: { firstName: 'Nicole', lastName: 'Duboe' }, substitute: { firstName: 'Patrice', lastName: 'Calsat' } },
  { memberCode: 'SYREC', seat: 1, titular: { firstName: 'Isabelle', lastName: 'Massard' }, substitute: { firstName: 'William', lastName: 'Delannoy' } },
  { memberCode: 'SYREC', seat: 2, titular: { firstName: 'Corinne', lastName: 'Le Moil' }, substitute: { firstName: 'Julien', lastName: 'Duro' } },
  { memberCode: 'TREMBLAY_EN_FRANCE', seat: 1, titular: { firstName: 'Philippe', lastName: 'Bruscolini' }, substitute: { firstName: 'Alexandre', lastName: 'Bergh' } },
  { memberCode: 'TREMBLAY_EN_FRANCE', seat: 2, titular: { firstName: 'Laurent', lastName: 'Chauvin' }, substitute: { firstName: 'Nijolé', lastName: 'Blanchard' } },
];

/** "Président : Laurent CHAUVIN", a titular delegate of Tremblay-en-France. */
export const PRESIDENT = { memberCode: 'TREMBLAY_EN_FRANCE', role: DelegateRole.TITULAR, firstName: 'Laurent', lastName: 'Chauvin' };

export interface OrgUnitSeed {
  code: string;
  name: string;
  women: number;
  men: number;
}

/** "Synthèse sur les services opérationnels": 22 men, 3 women, 25 agents. */
export const ORG_UNITS: OrgUnitSeed[] = [
  { code: 'DIRECTION_GENERALE', name: 'Direction Générale', women: 1, men: 0 },
  { code: 'DIRECTION_SI', name: 'Direction des Systèmes d’Information', women: 0, men: 1 },
  { code: 'AMO_NTIC', name: 'Assistance Maîtrise d’Ouvrage et NTIC', women: 0, men: 1 },
  { code: 'GSQ_SAU', name: 'Gestion des Services et Qualité / SAU', women: 0, men: 2 },
  { code: 'ADMINISTRATION', name: 'Administration', women: 2, men: 0 },
  { code: 'PRODUCTION', name: 'Production', women: 0, men: 7 },
  { code: 'ETUDES', name: 'Études Fonctionnelles', women: 0, men: 11 },
];
