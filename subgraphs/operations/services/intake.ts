import type { Actor } from '../../../lib/audit';
import { changedFields, recordChange } from '../../../lib/audit';
import type { IntakePath, IntakeProblem, SectionDiff } from '../../../lib/intake';
import type { EntityManager } from '../../../lib/orm';
import { deleteDeployments, insertDeployment, lockDeploymentsOfYear } from '../data/deployments';
import { findProject, updateProject } from '../data/projects';
import { TEAMS } from '../seed/report-2018';
import { auditedProject, insertProjectOf, type ProjectRequest, projectRequestOf } from './record-project';

/*
 * Operations' part of the yearly intake: the deployments table of the year (counts per application,
 * the year only, as the report prints them) and the year's projects. Application ids and member
 * codes arrive already checked by the catalogue's and governance's parts. Run inside the intake's
 * transaction; problems are collected and the caller rolls back when there is one.
 */

/** Deployments a run of the intake records: year only, source "intake". */
export const INTAKE_SOURCE = 'intake';

export interface DeploymentCountRow {
  applicationId: string;
  /** As printed in the file, for messages. */
  printedName: string;
  count: number;
  path: IntakePath;
}

export interface ProjectRow {
  id?: string | null;
  title: string;
  description?: string | null;
  area: string;
  teamCode: string;
  memberCodes: string[];
  path: IntakePath;
}

export interface OperationsIntake {
  year: number;
  deployments: DeploymentCountRow[];
  projects: ProjectRow[];
  /** Who recorded the deployments (the command). */
  recordedBy: string;
}

/** `${year}-${applicationId}-${number, 2 digits}`: the ids the 2018 seed gave year-only deployments, continued. */
const deploymentId = (year: number, applicationId: string, number: number) => `${year}-${applicationId}-${String(number).padStart(2, '0')}`;

async function applyDeploymentCounts(tx: EntityManager, intake: OperationsIntake, actor: Actor, requestId: string, problems: IntakeProblem[]): Promise<SectionDiff> {
  const diff: SectionDiff = { subgraph: 'operations', section: 'deployments', items: [], unchanged: 0 };
  const recorded = await lockDeploymentsOfYear(tx, intake.year);
  const seen = new Map<string, DeploymentCountRow>();
  for (const row of intake.deployments) {
    const earlier = seen.get(row.applicationId);
    if (earlier) {
      problems.push({ path: row.path, message: `“${row.printedName}” is the application ${row.applicationId}, already counted as “${earlier.printedName}”`, expected: 'one row per application' });
      continue;
    }
    seen.set(row.applicationId, row);
    const ofApplication = recorded.filter((deployment) => deployment.applicationId === row.applicationId);
    const label = `${row.applicationId} ${intake.year}`;
    if (ofApplication.length === row.count) {
      diff.unchanged += 1;
      continue;
    }
    if (row.count > ofApplication.length) {
      const taken = new Set(recorded.map((deployment) => deployment.id));
      let number = 1;
      for (let added = 0; added < row.count - ofApplication.length; added += 1) {
        while (taken.has(deploymentId(intake.year, row.applicationId, number))) number += 1;
        const id = deploymentId(intake.year, row.applicationId, number);
        taken.add(id);
        const fields = { applicationId: row.applicationId, year: intake.year, deployedOn: null, version: null, summary: null, memberCodes: [], source: INTAKE_SOURCE };
        insertDeployment(tx, { id, ...fields, recordedBy: intake.recordedBy });
        await recordChange(tx, 'operations', { entity: 'Deployment', entityId: id, action: 'CREATE', before: null, after: fields, actor, requestId });
      }
    } else {
      // Only what an intake added may be taken back; a dated or reported deployment is a record, not a count.
      const removable = ofApplication.filter((deployment) => deployment.source === INTAKE_SOURCE && deployment.deployedOn === null).reverse();
      const excess = ofApplication.length - row.count;
      if (removable.length < excess) {
        problems.push({
          path: [...row.path, 'count'],
          message: `the hub records ${ofApplication.length} deployments of ${row.applicationId} in ${intake.year}, ${ofApplication.length - removable.length} of them dated or from a report; the file says ${row.count}`,
          expected: `at least ${ofApplication.length - removable.length}`,
        });
        continue;
      }
      const removed = removable.slice(0, excess);
      await deleteDeployments(tx, removed.map((deployment) => deployment.id));
      for (const deployment of removed) {
        await recordChange(tx, 'operations', {
          entity: 'Deployment',
          entityId: deployment.id,
          action: 'DELETE',
          before: { applicationId: deployment.applicationId, year: deployment.year, source: deployment.source },
          after: null,
          actor,
          requestId,
        });
      }
    }
    diff.items.push({ kind: ofApplication.length === 0 ? 'added' : 'changed', label, before: ofApplication.length === 0 ? null : String(ofApplication.length), after: String(row.count) });
  }
  return diff;
}

async function applyProjects(tx: EntityManager, intake: OperationsIntake, actor: Actor, requestId: string, problems: IntakeProblem[]): Promise<SectionDiff> {
  const diff: SectionDiff = { subgraph: 'operations', section: 'projects', items: [], unchanged: 0 };
  const seen = new Set<string>();
  for (const row of intake.projects) {
    let request: ProjectRequest;
    try {
      request = projectRequestOf({ ...row, year: intake.year });
    } catch (error) {
      const field = (error as { extensions?: { field?: string } }).extensions?.field;
      problems.push({ path: field ? [...row.path, field === 'teamCode' ? 'team' : field] : row.path, message: (error as Error).message });
      continue;
    }
    if (seen.has(request.id)) {
      problems.push({ path: row.path, message: `the project ${request.id} is given twice`, expected: 'each project once (titles of a year differ)' });
      continue;
    }
    seen.add(request.id);
    const existing = await findProject(tx, request.id);
    if (!existing) {
      await insertProjectOf(tx, request, actor, requestId);
      diff.items.push({ kind: 'added', label: `Project ${request.id}`, after: request.title });
      continue;
    }
    if (existing.year !== intake.year) {
      problems.push({ path: [...row.path, 'id'], message: `the project ${request.id} belongs to ${existing.year}, not ${intake.year}`, expected: 'a new id' });
      continue;
    }
    const { team: _team, ...wanted } = { ...request, team: null };
    const difference = changedFields(auditedProject(existing), auditedProject(wanted));
    if (!difference) {
      diff.unchanged += 1;
      continue;
    }
    const { title, description, area, teamCode, memberCodes } = request;
    await updateProject(tx, request.id, { title, description, area, teamCode, team: TEAMS[teamCode], memberCodes });
    await recordChange(tx, 'operations', { entity: 'Project', entityId: request.id, action: 'UPDATE', ...difference, actor, requestId });
    diff.items.push({ kind: 'changed', label: `Project ${request.id}`, before: Object.keys(difference.before).join(', '), after: 'updated' });
  }
  return diff;
}

/** Applies operations' sections of an intake file in `tx`. */
export async function applyOperationsIntake(tx: EntityManager, intake: OperationsIntake, actor: Actor, requestId: string): Promise<{ problems: IntakeProblem[]; diffs: SectionDiff[] }> {
  const problems: IntakeProblem[] = [];
  const diffs = [await applyDeploymentCounts(tx, intake, actor, requestId, problems), await applyProjects(tx, intake, actor, requestId, problems)];
  return { problems, diffs };
}
