import type { EntityManager } from '../../../lib/orm';
import { OrgMission, OrgTeam, OrgUnit } from '../entities';

/** The SII's departments, in the order of the report's staff table. */
export function findOrgUnits(em: EntityManager): Promise<OrgUnit[]> {
  return em.find(OrgUnit, {}, { orderBy: { position: 'asc' } });
}

/** Women and men over every department, in one statement (0 when there is none). */
export async function staffTotals(em: EntityManager): Promise<{ women: number; men: number }> {
  const [totals] = await em.execute<{ women: string; men: string }[]>(
    'select coalesce(sum(women), 0) as women, coalesce(sum(men), 0) as men from "governance"."org_unit"',
  );
  return { women: Number(totals.women), men: Number(totals.men) };
}

export function orgUnitsByIds(em: EntityManager, ids: readonly string[]): Promise<OrgUnit[]> {
  return em.find(OrgUnit, { id: { $in: [...ids] } });
}

/** The units reporting to each of the given units, in the staff table's order. */
export function orgUnitsReportingTo(em: EntityManager, ids: readonly string[]): Promise<OrgUnit[]> {
  return em.find(OrgUnit, { reportsToId: { $in: [...ids] } }, { orderBy: { position: 'asc' } });
}

export function teamsOfOrgUnits(em: EntityManager, orgUnitIds: readonly string[]): Promise<OrgTeam[]> {
  return em.find(OrgTeam, { orgUnitId: { $in: [...orgUnitIds] } }, { orderBy: { position: 'asc' } });
}

export function missionsOfOrgUnits(em: EntityManager, orgUnitIds: readonly string[]): Promise<OrgMission[]> {
  return em.find(OrgMission, { orgUnitId: { $in: [...orgUnitIds] } }, { orderBy: { position: 'asc' } });
}

/** Sets a department's headcount (the ORM entity is not touched: callers return what they computed). */
export const updateOrgUnitHeadcount = (tx: EntityManager, id: string, headcount: Pick<OrgUnit, 'women' | 'men' | 'storedProvenance'>) =>
  tx.nativeUpdate(OrgUnit, { id }, headcount);
