import type { GraphQLError } from 'graphql';
import type { Actor } from '../../../lib/audit';
import { closestNames, findByName, type IntakePath, type IntakeProblem, matchKey, type SectionDiff } from '../../../lib/intake';
import { slugOf } from '../../../lib/ids';
import type { EntityManager } from '../../../lib/orm';
import { badUserInput } from '../../../lib/errors';
import { allApplications } from '../data/applications';
import { domainsByCodes } from '../data/domains';
import type { Application } from '../entities';
import { searchColumns } from '../seed';
import { type ApplicationDraft, applicationCandidates, changeApplication, checkRetirementDay, cleanDraft, insertApplication } from './application-lifecycle';

/*
 * The catalogue's part of the yearly intake: applications added and retired, and the application
 * names other sections print (the deployments table), resolved to ids. Run inside the intake's
 * transaction; problems are collected, and the caller rolls everything back when there is one.
 */

export interface ApplicationAdditionRow extends ApplicationDraft {
  path: IntakePath;
}

export interface ApplicationRetirementRow {
  application: string;
  retiredOn: string;
  path: IntakePath;
}

export interface ApplicationReference {
  /** As printed: a name, an alias or an id. */
  name: string;
  path: IntakePath;
}

export interface CatalogueIntake {
  /** The file's year: a retirement is dated within it, a referenced application must not be retired before it. */
  year: number;
  additions: ApplicationAdditionRow[];
  retirements: ApplicationRetirementRow[];
  references: ApplicationReference[];
}

export interface CatalogueIntakeOutcome {
  problems: IntakeProblem[];
  diffs: SectionDiff[];
  /** Each reference's application id (in the order given), null when it named none. */
  resolved: (string | null)[];
}

/** A service error (BAD_USER_INPUT naming a field) as a problem at the row's field. */
function problemOf(error: unknown, path: IntakePath): IntakeProblem {
  const graphQLError = error as GraphQLError;
  if (!graphQLError?.extensions?.code || graphQLError.extensions.code === 'INTERNAL_SERVER_ERROR') throw error;
  const field = typeof graphQLError.extensions.field === 'string' ? graphQLError.extensions.field : null;
  const fileField = field === 'domainCode' ? 'domain' : field;
  return { path: fileField ? [...path, fileField] : path, message: graphQLError.message };
}

function unknownApplication(name: string, applications: readonly Application[], path: IntakePath): IntakeProblem {
  const close = closestNames(name, applicationCandidates(applications));
  return {
    path,
    message: `unknown application “${name}”`,
    expected: 'an application of the catalogue: its name, one of its aliases, or its id (or one added under catalogue.add)',
    hint:
      close.length === 0
        ? undefined
        : `did you mean ${close.map((entry) => `“${entry.name}”${matchKey(entry.name) === matchKey(entry.value.name) ? '' : ` (${entry.value.name})`}`).join(' or ')}?`,
  };
}

async function applyAdditions(tx: EntityManager, rows: readonly ApplicationAdditionRow[], actor: Actor, requestId: string, problems: IntakeProblem[]): Promise<SectionDiff> {
  const diff: SectionDiff = { subgraph: 'catalogue', section: 'catalogue.add', items: [], unchanged: 0 };
  for (const row of rows) {
    const applications = await allApplications(tx);
    const id = row.id ?? slugOf(row.name);
    const existing = applications.find((application) => application.id === id);
    try {
      if (!existing) {
        await insertApplication(tx, row, actor, requestId);
        diff.items.push({ kind: 'added', label: `Application ${id}`, after: `${row.name} (${row.domainCode})` });
        continue;
      }
      // Already there (an earlier run of this file, or a corrected one): what differs is updated.
      const updated = await changeApplication(
        tx,
        id,
        existing.version,
        async () => {
          const { name, aliases, description } = cleanDraft(row);
          const domainCode = row.domainCode.trim().toUpperCase();
          if (domainCode !== existing.domainCode && (await domainsByCodes(tx, [domainCode])).length === 0) {
            throw badUserInput(`No domain has the code ${domainCode}`, { field: 'domainCode' });
          }
          return { name, aliases, description, domainCode, ...searchColumns({ name, aliases, description }) };
        },
        actor,
        requestId,
      );
      if (updated.version === existing.version) diff.unchanged += 1;
      else diff.items.push({ kind: 'changed', label: `Application ${id}`, before: `${existing.name} (${existing.domainCode})`, after: `${updated.name} (${updated.domainCode})` });
    } catch (error) {
      problems.push(problemOf(error, row.path));
    }
  }
  return diff;
}

async function applyRetirements(tx: EntityManager, intake: CatalogueIntake, actor: Actor, requestId: string, problems: IntakeProblem[]): Promise<SectionDiff> {
  const diff: SectionDiff = { subgraph: 'catalogue', section: 'catalogue.retire', items: [], unchanged: 0 };
  const seen = new Set<string>();
  for (const row of intake.retirements) {
    const applications = await allApplications(tx);
    const application = findByName(row.application, applicationCandidates(applications));
    if (!application) {
      problems.push(unknownApplication(row.application, applications, [...row.path, 'application']));
      continue;
    }
    if (seen.has(application.id)) {
      problems.push({ path: row.path, message: `the application ${application.id} is retired twice`, expected: 'each application once' });
      continue;
    }
    seen.add(application.id);
    try {
      checkRetirementDay(row.retiredOn);
    } catch (error) {
      problems.push(problemOf(error, row.path));
      continue;
    }
    if (Number(row.retiredOn.slice(0, 4)) !== intake.year) {
      problems.push({ path: [...row.path, 'retiredOn'], message: `${row.retiredOn} is not in ${intake.year}, the file’s year`, expected: `a day of ${intake.year}` });
      continue;
    }
    if (application.retiredOn === row.retiredOn) {
      diff.unchanged += 1;
      continue;
    }
    await changeApplication(tx, application.id, application.version, () => ({ retiredOn: row.retiredOn }), actor, requestId);
    diff.items.push({ kind: 'changed', label: `Application ${application.id} retired on`, before: application.retiredOn ?? 'in service', after: row.retiredOn });
  }
  return diff;
}

/**
 * Applies the catalogue's sections of an intake file in `tx` (additions first, so that the other
 * sections may name a new application), then resolves the application names the file prints.
 */
export async function applyCatalogueIntake(tx: EntityManager, intake: CatalogueIntake, actor: Actor, requestId: string): Promise<CatalogueIntakeOutcome> {
  const problems: IntakeProblem[] = [];
  const diffs = [await applyAdditions(tx, intake.additions, actor, requestId, problems)];
  // References are resolved before retirements: an application retired this year still had this year's deployments.
  const applications = await allApplications(tx);
  const firstDay = `${intake.year}-01-01`;
  const resolved = intake.references.map((reference) => {
    const application = findByName(reference.name, applicationCandidates(applications));
    if (!application) {
      problems.push(unknownApplication(reference.name, applications, reference.path));
      return null;
    }
    if (application.retiredOn !== null && application.retiredOn < firstDay) {
      problems.push({ path: reference.path, message: `the application ${application.name} (${application.id}) was retired on ${application.retiredOn}, before ${intake.year}`, expected: `an application in service in ${intake.year}` });
      return null;
    }
    return application.id;
  });
  diffs.push(await applyRetirements(tx, intake, actor, requestId, problems));
  return { problems, diffs, resolved };
}
