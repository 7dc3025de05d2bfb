import type { EntityManager } from '../../../lib/orm';
import { OrgUnit } from '../entities';

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

/** Sets a department's headcount (the ORM entity is not touched: callers return what they computed). */
export const updateOrgUnitHeadcount = (tx: EntityManager, id: string, headcount: { women: number; men: number }) =>
  tx.nativeUpdate(OrgUnit, { id }, headcount);
