import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { type Actor, type AuditValue, actorOf, changedFields, recordChange } from '../../../lib/audit';
import { requireStaff, type Viewer } from '../../../lib/auth';
import { afterWrite, writtenBy } from '../../../lib/field-provenance';
import { badUserInput, conflict, notFound } from '../../../lib/errors';
import { SLUG, slugOf } from '../../../lib/ids';
import { type Candidate, matchKey } from '../../../lib/intake';
import type { EntityManager } from '../../../lib/orm';
import {
  addApplicationRow,
  allApplications,
  type ApplicationChanges,
  lockApplication,
  type NewApplication,
  updateApplicationRow,
} from '../data/applications';
import { domainsByCodes } from '../data/domains';
import { Application } from '../entities';
import { searchColumns } from '../seed';
import type { AddApplicationInput, RetireApplicationInput, UpdateApplicationInput } from '../types';

/*
 * The catalogue after 2018: applications are added, renamed, moved, given other names, retired.
 * Never deleted: a retired application keeps answering (Application.retiredOn), so that the
 * deployments and tickets that name it still resolve. Each write is checked whole before anything
 * is written, guarded by the version the writer read, and leaves an audit entry in its transaction.
 */

const MAX_NAME_LENGTH = 100;
const MAX_DESCRIPTION_LENGTH = 2_000;
const MAX_ALIASES = 20;
const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const FIRST_CATALOGUE_YEAR = 1971;


function cleanText(value: string, field: string, max: number): string {
  const cleaned = value.trim().replace(/\s+/g, ' ');
  if (cleaned === '') throw badUserInput(`${field} must not be empty`, { field });
  if (cleaned.length > max) throw badUserInput(`${field} must be at most ${max} characters`, { field });
  return cleaned;
}

function cleanDescription(value: string | null | undefined): string | null {
  const cleaned = value?.trim() ?? '';
  if (cleaned.length > MAX_DESCRIPTION_LENGTH) throw badUserInput(`description must be at most ${MAX_DESCRIPTION_LENGTH} characters`, { field: 'description' });
  return cleaned === '' ? null : cleaned;
}

/** A draft's name, aliases and description as they would be stored (BAD_USER_INPUT naming the field otherwise). */
export function cleanDraft(draft: Pick<ApplicationDraft, 'name' | 'aliases' | 'description'>): { name: string; aliases: string[]; description: string | null } {
  const name = cleanText(draft.name, 'name', MAX_NAME_LENGTH);
  return { name, aliases: cleanAliases(draft.aliases ?? [], name), description: cleanDescription(draft.description) };
}

/** Aliases cleaned, each once (compared without case and accents), none equal to the name. */
function cleanAliases(aliases: readonly string[], name: string): string[] {
  if (aliases.length > MAX_ALIASES) throw badUserInput(`aliases takes at most ${MAX_ALIASES} names`, { field: 'aliases' });
  const kept: string[] = [];
  for (const alias of aliases) {
    const cleaned = cleanText(alias, 'aliases', MAX_NAME_LENGTH);
    if (matchKey(cleaned) === matchKey(name) || kept.some((other) => matchKey(other) === matchKey(cleaned))) continue;
    kept.push(cleaned);
  }
  return kept;
}

/** A day of the catalogue's life: a real date, not before 1971, at most a year ahead. */
export function checkRetirementDay(day: string, field = 'retiredOn', now = new Date()): string {
  const parsed = new Date(`${day}T00:00:00Z`);
  if (!ISO_DATE.test(day) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day) {
    throw badUserInput(`${field} must be a date written YYYY-MM-DD`, { field });
  }
  const latest = now.getUTCFullYear() + 1;
  if (parsed.getUTCFullYear() < FIRST_CATALOGUE_YEAR || parsed.getUTCFullYear() > latest) {
    throw badUserInput(`${field} must be between ${FIRST_CATALOGUE_YEAR} and ${latest}`, { field });
  }
  return day;
}

/** The application already answering to one of `names`, other than `exceptId`: a name must lead to one application. */
function nameOwner(applications: readonly Application[], names: readonly string[], exceptId: string | null): { name: string; owner: Application } | null {
  for (const name of names) {
    const key = matchKey(name);
    const owner = applications.find((application) => application.id !== exceptId && [application.id, application.name, ...application.aliases].some((other) => matchKey(other) === key));
    if (owner) return { name, owner };
  }
  return null;
}

/** What the audit trail records of an application. */
export const auditedApplication = (application: Pick<Application, 'name' | 'description' | 'domainCode' | 'aliases' | 'inPortfolio' | 'version' | 'retiredOn'>): AuditValue => ({
  name: application.name,
  description: application.description,
  domainCode: application.domainCode,
  aliases: application.aliases,
  inPortfolio: application.inPortfolio,
  version: application.version,
  retiredOn: application.retiredOn,
});

export interface ApplicationDraft {
  id?: string | null;
  name: string;
  domainCode: string;
  description?: string | null;
  aliases?: readonly string[] | null;
  inPortfolio?: boolean | null;
}

/**
 * Checks a new application against the catalogue as `tx` sees it and adds it with its audit entry.
 * BAD_USER_INPUT naming the field for a bad name, domain or alias; CONFLICT when the id is taken.
 */
export async function insertApplication(tx: EntityManager, draft: ApplicationDraft, actor: Actor, requestId: string | null): Promise<Application> {
  const name = cleanText(draft.name, 'name', MAX_NAME_LENGTH);
  const id = draft.id === undefined || draft.id === null ? slugOf(name) : draft.id.trim();
  if (!SLUG.test(id) || id.length > 60) throw badUserInput('id must be lower-case letters, digits and single dashes, at most 60 characters', { field: 'id' });
  const domainCode = draft.domainCode.trim().toUpperCase();
  const aliases = cleanAliases(draft.aliases ?? [], name);
  const description = cleanDescription(draft.description);
  const [domain] = await domainsByCodes(tx, [domainCode]);
  if (!domain) throw badUserInput(`No domain has the code ${domainCode}`, { field: 'domainCode' });
  const applications = await allApplications(tx);
  const clash = nameOwner(applications, [name, ...aliases], null);
  if (clash) {
    throw badUserInput(`“${clash.name}” already names the application ${clash.owner.id} (${clash.owner.name})`, { field: clash.name === name ? 'name' : 'aliases' });
  }
  if (applications.some((application) => application.id === id)) throw conflict(`An application already has the id ${id}`, { field: 'id' });
  const row: NewApplication = { id, name, description, domainCode, aliases, inPortfolio: draft.inPortfolio ?? true, ...searchColumns({ name, aliases, description }) };
  const application = addApplicationRow(tx, row);
  await recordChange(tx, 'catalogue', { entity: 'Application', entityId: id, action: 'CREATE', before: null, after: auditedApplication(application), actor, requestId });
  return application;
}

/** Applies changes to a locked application at the expected version, with the audit entry; CONFLICT when stale. */
export async function changeApplication(
  tx: EntityManager,
  id: string,
  expectedVersion: number,
  changesOf: (current: Application, catalogue: readonly Application[]) => Promise<ApplicationChanges> | ApplicationChanges,
  actor: Actor,
  requestId: string | null,
): Promise<Application> {
  const current = await lockApplication(tx, id);
  if (!current) throw notFound(`No application has the id ${id}`);
  if (current.version !== expectedVersion) {
    throw conflict(`Application ${id} changed since version ${expectedVersion} (now version ${current.version}); read it again`, { currentVersion: current.version });
  }
  const changes = await changesOf(current, await allApplications(tx));
  const after = Object.assign(new Application(), current, changes, { version: current.version + 1 });
  // (Its provenance is set below, once the changed fields are known.)
  const difference = changedFields(auditedApplication(current), auditedApplication(after));
  // Nothing to change: the version stays, no entry is written.
  if (!difference || Object.keys(difference.after).every((key) => key === 'version')) return Object.assign(new Application(), current);
  // The fields changed are no longer the report's: their provenance becomes this write's.
  const changedGraphQLFields = Object.keys(difference.after).filter((key) => key !== 'version').map((key) => (key === 'domainCode' ? 'domain' : key));
  changes.storedProvenance = afterWrite(current.storedProvenance, changedGraphQLFields, writtenBy(actor));
  if (!(await updateApplicationRow(tx, id, expectedVersion, changes))) {
    throw conflict(`Application ${id} was changed concurrently; read it again`, { currentVersion: null });
  }
  await recordChange(tx, 'catalogue', { entity: 'Application', entityId: id, action: 'UPDATE', ...difference, actor, requestId });
  after.storedProvenance = changes.storedProvenance ?? null;
  return after;
}

function checkVersion(version: number): void {
  if (!Number.isInteger(version) || version < 1) throw badUserInput('expectedVersion must be a positive integer (the Application.version you read)', { field: 'expectedVersion' });
}

/** addApplication: SII_STAFF adds an application to the catalogue. */
export async function addApplication(em: EntityManager, viewer: Viewer, input: AddApplicationInput, requestId: string | null): Promise<Application> {
  requireStaff(viewer);
  try {
    return await em.transactional((tx) => insertApplication(tx, input, actorOf(viewer), requestId));
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw conflict(`An application was added with the same id meanwhile; read the catalogue again`);
    throw error;
  }
}

/** updateApplication: rename (the old name kept as an alias), move to another domain, describe, set the other names. */
export async function updateApplication(em: EntityManager, viewer: Viewer, input: UpdateApplicationInput, requestId: string | null): Promise<Application> {
  requireStaff(viewer);
  checkVersion(input.expectedVersion);
  const newName = input.name === undefined || input.name === null ? null : cleanText(input.name, 'name', MAX_NAME_LENGTH);
  const newDomain = input.domainCode === undefined || input.domainCode === null ? null : input.domainCode.trim().toUpperCase();
  const newDescription = input.description === undefined ? undefined : cleanDescription(input.description);
  return em.transactional((tx) =>
    changeApplication(
      tx,
      input.id.trim(),
      input.expectedVersion,
      async (current, catalogue) => {
        const name = newName ?? current.name;
        const renamed = matchKey(name) !== matchKey(current.name) || name !== current.name;
        const wantedAliases = input.aliases ?? (renamed ? [...current.aliases, current.name] : current.aliases);
        const aliases = cleanAliases(wantedAliases, name);
        if (newDomain !== null && newDomain !== current.domainCode) {
          const [domain] = await domainsByCodes(tx, [newDomain]);
          if (!domain) throw badUserInput(`No domain has the code ${newDomain}`, { field: 'domainCode' });
        }
        const clash = nameOwner(catalogue, [name, ...aliases], current.id);
        if (clash) {
          throw badUserInput(`“${clash.name}” already names the application ${clash.owner.id} (${clash.owner.name})`, { field: clash.name === name ? 'name' : 'aliases' });
        }
        const description = newDescription === undefined ? current.description : newDescription;
        return { name, aliases, description, domainCode: newDomain ?? current.domainCode, ...searchColumns({ name, aliases, description }) };
      },
      actorOf(viewer),
      requestId,
    ),
  );
}

/** retireApplication: the SII no longer provides it from `retiredOn`; it stays answerable. */
export async function retireApplication(em: EntityManager, viewer: Viewer, input: RetireApplicationInput, requestId: string | null): Promise<Application> {
  requireStaff(viewer);
  checkVersion(input.expectedVersion);
  const retiredOn = checkRetirementDay(input.retiredOn);
  return em.transactional((tx) => changeApplication(tx, input.id.trim(), input.expectedVersion, () => ({ retiredOn }), actorOf(viewer), requestId));
}

/** Every application as something a name may designate: its name, aliases and id. */
export function applicationCandidates(applications: readonly Application[]): Candidate<Application>[] {
  return applications.map((application) => ({ names: [application.name, ...application.aliases, application.id], value: application }));
}
