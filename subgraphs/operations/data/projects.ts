import type { EntityManager } from '../../../lib/orm';
import { Project } from '../entities';

const inList = (values: readonly unknown[]) => values.map(() => '?').join(', ');

/** Projects of one year or of all (null), in the report's order. */
export const listProjects = (em: EntityManager, year: number | null) =>
  em.find(Project, year !== null ? { year } : {}, { orderBy: { year: 'asc', position: 'asc' } });

/** Projects naming any of the given members, of one year or of all (null), in the report's order. */
export async function projectsOfMembers(em: EntityManager, memberCodes: string[], year: number | null): Promise<Project[]> {
  const rows = await em.execute(
    `select * from "operations"."project" where member_codes && array[${inList(memberCodes)}]::text[] ${year !== null ? 'and year = ?' : ''} order by year, position`,
    year !== null ? [...memberCodes, year] : memberCodes,
  );
  return rows.map((row) => em.map(Project, row));
}
