import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { type Actor, type AuditValue, actorOf, recordChange } from '../../../lib/audit';
import { requireStaff } from '../../../lib/auth';
import { badUserInput, conflict } from '../../../lib/errors';
import { SLUG, slugOf } from '../../../lib/ids';
import type { EntityManager } from '../../../lib/orm';
import { checkReferences } from '../data/graph-references';
import { findProject, insertProject, lockProjectsOfYear, type NewProject } from '../data/projects';
import type { Project } from '../entities';
import type { OperationsContext } from '../loaders';
import { TEAMS, type TeamCode } from '../seed/report-2018';
import type { RecordProjectInput } from '../types';
import { operationsClock } from './clock';
import { cleanText } from './text';

const FIRST_YEAR = 1971;
const MAX_TITLE_LENGTH = 300;
const MAX_AREA_LENGTH = 100;
const MAX_DESCRIPTION_LENGTH = 2_000;

/** A project as asked, validated (its members still to be checked against the graph). */
export interface ProjectRequest {
  id: string;
  year: number;
  title: string;
  description: string | null;
  area: string;
  teamCode: TeamCode;
  memberCodes: string[];
}

export const TEAM_CODES = Object.keys(TEAMS) as TeamCode[];

/** "2019-portail-famille": the default id of a project, from its year and title. */
export const projectIdOf = (year: number, title: string) => `${year}-${slugOf(title, 80)}`;

export function projectRequestOf(input: RecordProjectInput, now = operationsClock.now()): ProjectRequest {
  const latest = now.getUTCFullYear();
  if (!Number.isInteger(input.year) || input.year < FIRST_YEAR || input.year > latest) {
    throw badUserInput(`year must be between ${FIRST_YEAR} and ${latest}`, { field: 'year' });
  }
  const title = cleanText(input.title, 'title', MAX_TITLE_LENGTH, true) as string;
  const area = cleanText(input.area, 'area', MAX_AREA_LENGTH, true) as string;
  const description = cleanText(input.description, 'description', MAX_DESCRIPTION_LENGTH, false);
  const teamCode = input.teamCode.trim().toUpperCase() as TeamCode;
  if (!TEAM_CODES.includes(teamCode)) throw badUserInput(`teamCode must be one of ${TEAM_CODES.join(', ')}`, { field: 'teamCode' });
  const memberCodes = [...new Set((input.memberCodes ?? []).map((code) => code.trim().toUpperCase()))];
  const id = input.id === undefined || input.id === null ? projectIdOf(input.year, title) : input.id.trim();
  if (!SLUG.test(id) || id.length > 100) throw badUserInput('id must be lower-case letters, digits and single dashes, at most 100 characters', { field: 'id' });
  return { id, year: input.year, title, description, area, teamCode, memberCodes };
}

/** What the audit trail records of a project. */
export const auditedProject = (project: Pick<Project, 'year' | 'title' | 'description' | 'area' | 'teamCode' | 'memberCodes'>): AuditValue => ({
  year: project.year,
  title: project.title,
  description: project.description,
  area: project.area,
  teamCode: project.teamCode,
  memberCodes: project.memberCodes,
});

/** Adds the project at the end of its year's list, with its audit entry, in `tx`; CONFLICT when the id is taken. */
export async function insertProjectOf(tx: EntityManager, request: ProjectRequest, actor: Actor, requestId: string | null): Promise<Project> {
  const projectsOfYear = await lockProjectsOfYear(tx, request.year);
  const project: NewProject = {
    ...request,
    team: TEAMS[request.teamCode],
    position: projectsOfYear.reduce((last, other) => Math.max(last, other.position + 1), 0),
  };
  const created = insertProject(tx, project);
  await recordChange(tx, 'operations', { entity: 'Project', entityId: request.id, action: 'CREATE', before: null, after: auditedProject(project), actor, requestId });
  return created;
}

/** recordProject: SII_STAFF records a project of a year; its members must exist in the graph. */
export async function recordProject(context: OperationsContext, input: RecordProjectInput): Promise<Project> {
  requireStaff(context.viewer);
  const request = projectRequestOf(input);
  const references = await checkReferences(context.gatewayUrl, { memberCodes: request.memberCodes }, context.requestId);
  if (references.missingMemberCodes.length > 0) {
    throw badUserInput(`No member has the code ${references.missingMemberCodes.join(', ')}`, { field: 'memberCodes' });
  }
  try {
    return await context.em.transactional(async (tx) => {
      if (await findProject(tx, request.id)) throw conflict(`A project already has the id ${request.id}`, { field: 'id' });
      return insertProjectOf(tx, request, actorOf(context.viewer), context.requestId);
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw conflict(`A project with the id ${request.id} was recorded meanwhile`, { field: 'id' });
    throw error;
  }
}
