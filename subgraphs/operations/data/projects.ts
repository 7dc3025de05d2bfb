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

export const findProject = (em: EntityManager, id: string) => em.findOne(Project, { id });

/** Projects of one year, locked until the transaction ends: writers of a year's list queue behind each other (positions stay distinct). */
export async function lockProjectsOfYear(em: EntityManager, year: number): Promise<Project[]> {
  const rows = await em.execute(`select * from "operations"."project" where year = ? order by position for update`, [year]);
  return rows.map((row) => em.map(Project, row));
}

export type NewProject = Pick<Project, 'id' | 'title' | 'description' | 'area' | 'teamCode' | 'team' | 'year' | 'memberCodes' | 'position'>;

/** Adds a project (written when the transaction commits). */
export const insertProject = (tx: EntityManager, project: NewProject) => tx.create(Project, project);

export type ProjectChanges = Partial<Pick<Project, 'title' | 'description' | 'area' | 'teamCode' | 'team' | 'memberCodes'>>;

export const updateProject = (tx: EntityManager, id: string, changes: ProjectChanges) => tx.nativeUpdate(Project, { id }, changes);
