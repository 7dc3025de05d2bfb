import { type FactProvenance, withFields } from '../../../lib/field-provenance';
import { fromReport2018, hubChoice } from '../../../lib/provenance';
import { DelegateRole, MemberKind } from '../entities/enums';
import { SECTION } from './sections';

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
  /** As the council table prints it: "LASTNAME Firstname". */
  printed: string;
}

export interface DelegatePairSeed {
  memberCode: string;
  seat: number;
  titular: PersonName;
  substitute: PersonName;
}

/** The council table, row by row (titulaire, suppléant). */
export const DELEGATE_PAIRS: DelegatePairSeed[] = [
  { memberCode: 'BOBIGNY', seat: 1, titular: { firstName: 'Marc', lastName: 'Drane', printed: 'DRANE Marc' }, substitute: { firstName: 'Christian', lastName: 'Bartholme', printed: 'BARTHOLME Christian' } },
  { memberCode: 'BOBIGNY', seat: 2, titular: { firstName: 'Christine', lastName: 'Gaberel', printed: 'GABEREL Christine' }, substitute: { firstName: 'Kumba', lastName: 'Konate', printed: 'KONATE Kumba' } },
  { memberCode: 'LA_COURNEUVE', seat: 1, titular: { firstName: 'Mélanie', lastName: 'Davaux', printed: 'DAVAUX Mélanie' }, substitute: { firstName: 'Eric', lastName: 'Morisse', printed: 'MORISSE Eric' } },
  { memberCode: 'LA_COURNEUVE', seat: 2, titular: { firstName: 'Yohann', lastName: 'Elice', printed: 'ELICE Yohann' }, substitute: { firstName: 'Zaïnaba', lastName: 'Said-Anzum', printed: 'SAID-ANZUM Zaïnaba' } },
  { memberCode: 'LE_BLANC_MESNIL', seat: 1, titular: { firstName: 'Jean-Philippe', lastName: 'Ranquet', printed: 'RANQUET Jean-Philippe' }, substitute: { firstName: 'Karim', lastName: 'Boumedjane', printed: 'BOUMEDJANE Karim' } },
  { memberCode: 'SIRESCO', seat: 1, titular: { firstName: 'Nicole', lastName: 'Duboe', printed: 'DUBOE Nicole' }, substitute: { firstName: 'Patrice', lastName: 'Calsat', printed: 'CALSAT Patrice' } },
  { memberCode: 'SYREC', seat: 1, titular: { firstName: 'Isabelle', lastName: 'Massard', printed: 'MASSARD Isabelle' }, substitute: { firstName: 'William', lastName: 'Delannoy', printed: 'DELANNOY William' } },
  { memberCode: 'SYREC', seat: 2, titular: { firstName: 'Corinne', lastName: 'Le Moil', printed: 'LE MOIL Corinne' }, substitute: { firstName: 'Julien', lastName: 'Duro', printed: 'DURO Julien' } },
  { memberCode: 'TREMBLAY_EN_FRANCE', seat: 1, titular: { firstName: 'Philippe', lastName: 'Bruscolini', printed: 'BRUSCOLINI Philippe' }, substitute: { firstName: 'Alexandre', lastName: 'Bergh', printed: 'BERGH Alexandre' } },
  { memberCode: 'TREMBLAY_EN_FRANCE', seat: 2, titular: { firstName: 'Laurent', lastName: 'Chauvin', printed: 'CHAUVIN Laurent' }, substitute: { firstName: 'Nijolé', lastName: 'Blanchard', printed: 'BLANCHARD Nijolé' } },
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

// ---------------------------------------------------------------- provenance of the rows above

/** Members: listed in I.A; the statutes' rule (I.A.1) read off the council table. */
export function memberProvenance(member: MemberSeed): FactProvenance {
  const pairs = DELEGATE_PAIRS.filter((pair) => pair.memberCode === member.code).length;
  return withFields(fromReport2018(SECTION.members), {
    code: hubChoice('The hub’s natural key (API.md conventions): the name in capitals, words joined by "_"'),
    hasOptionalCompetences: fromReport2018(
      SECTION.council,
      undefined,
      `Read off the council table: ${pairs} pair${pairs > 1 ? 's' : ''} of delegates printed, and article 5.1 of the statutes gives two pairs ` +
        'to a member with at least one optional competence, one pair otherwise',
    ),
  });
}

/** Delegates: one cell of the council table (I.A.1), printed "LASTNAME Firstname". */
export function delegateProvenance(person: PersonName, isPresident: boolean): FactProvenance {
  return withFields(
    fromReport2018(SECTION.council, person.printed, 'Name split into first and last name, the last name in title case'),
    { isPresident: isPresident ? fromReport2018(SECTION.council, 'Président : Laurent CHAUVIN') : undefined },
  );
}

