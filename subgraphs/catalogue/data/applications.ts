import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '../../../lib/orm';
import { Application } from '../entities';

export function applicationsByIds(em: EntityManager, ids: readonly string[]): Promise<Application[]> {
  return em.find(Application, { id: { $in: [...ids] } });
}

/** Applications of some domains, each domain's by name. */
export function applicationsByDomainCodes(em: EntityManager, domainCodes: readonly string[]): Promise<Application[]> {
  return em.find(Application, { domainCode: { $in: [...domainCodes] } }, { orderBy: { name: 'asc' } });
}

export interface ApplicationFilter {
  /** Upper-case domain code. */
  domainCode?: string;
  /** The search in search form (lib/seed's searchKey), never empty. */
  searchKey?: string;
  /** Retired applications too (by default only those in service today). */
  includeRetired?: boolean;
}

/** Escapes LIKE's wildcards so that a user's "%" or "_" is matched literally. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (character) => `\\${character}`);

/**
 * Applications matching the filter, in one statement. With a search key: exact name or alias
 * matches first, then names starting with it, then the rest; each group by name.
 */
export async function findApplications(em: EntityManager, filter: ApplicationFilter): Promise<Application[]> {
  const conditions: string[] = [];
  const parameters: unknown[] = [];
  if (filter.domainCode !== undefined) {
    conditions.push('domain_code = ?');
    parameters.push(filter.domainCode);
  }
  if (!filter.includeRetired) conditions.push('(retired_on is null or retired_on > current_date)');
  let rank = '';
  if (filter.searchKey !== undefined) {
    conditions.push(`search_text like ? escape '\\'`);
    parameters.push(`%${likeLiteral(filter.searchKey)}%`);
    rank = `case when ? = any(name_keys) then 0 when exists (select 1 from unnest(name_keys) k where k like ? escape '\\') then 1 else 2 end, `;
    // The rank's parameters come after the WHERE clause's.
    parameters.push(filter.searchKey, `${likeLiteral(filter.searchKey)}%`);
  }
  const where = conditions.length > 0 ? `where ${conditions.join(' and ')}` : '';
  const rows = await em.execute(`select * from "catalogue"."application" ${where} order by ${rank}name_keys[1], id`, parameters);
  return rows.map((row) => em.map(Application, row));
}

/**
 * Every application's id, name and aliases as plain rows, for commands that map names from other
 * systems (npm run import:mantis): read-only, and without the catalogue's ORM entities.
 */
export async function applicationNames(em: EntityManager): Promise<{ id: string; name: string; aliases: string[] }[]> {
  return em.execute<{ id: string; name: string; aliases: string[] }[]>('select id, name, aliases from "catalogue"."application" order by id');
}

/** Every application, retired ones too (the catalogue is small: names are checked against all of them). */
export function allApplications(em: EntityManager): Promise<Application[]> {
  return em.find(Application, {}, { orderBy: { id: 'asc' } });
}

/** The application, its row locked until the transaction ends (a write decides on what it read). */
export function lockApplication(em: EntityManager, id: string): Promise<Application | null> {
  return em.findOne(Application, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
}

export type NewApplication = Pick<Application, 'id' | 'name' | 'description' | 'domainCode' | 'aliases' | 'inPortfolio' | 'searchText' | 'nameKeys'>;

/** Adds an application (written on flush, at the end of the transaction). */
export function addApplicationRow(em: EntityManager, application: NewApplication): Application {
  return em.create(Application, { ...application, version: 1, retiredOn: null });
}

export type ApplicationChanges = Partial<Pick<Application, 'name' | 'description' | 'domainCode' | 'aliases' | 'searchText' | 'nameKeys' | 'retiredOn' | 'storedProvenance'>>;

/** Applies changes if the application is still at `expectedVersion` (version raised by one); false when it is not. */
export async function updateApplicationRow(em: EntityManager, id: string, expectedVersion: number, changes: ApplicationChanges): Promise<boolean> {
  const updated = await em.nativeUpdate(Application, { id, version: expectedVersion }, { ...changes, version: expectedVersion + 1 });
  return updated === 1;
}
