import DataLoader from 'dataloader';
import { type ChangeConnection, createChangesLoader, type EntityChangesKey } from '../../lib/audit';
import { loaderByKey, loaderOfLists } from '../../lib/loaders';
import type { EntityManager } from '../../lib/orm';
import type { SubgraphContext } from '../../lib/subgraph';
import { deploymentsOfApplications, findDeploymentsByIds } from './data/deployments';
import { projectsOfMembers } from './data/projects';
import { historyOfTickets } from './data/ticket-history';
import { findTicketsByIds, ticketCountsOfParents, ticketPagesOfParents, type TicketParentColumn } from './data/tickets';
import type { Deployment, Project, Ticket, TicketStatusChange } from './entities';
import type { TicketFilter } from './types';

/** One page request of a parent's tickets; requests sharing everything but the parent are batched into one query. */
export interface TicketListRequest {
  column: TicketParentColumn;
  parent: string;
  filter: TicketFilter | null;
  scopeMemberCode: string | null;
  after: string | null;
  /** Rows to fetch: the page size plus one, to tell whether a next page exists. */
  limit: number;
}

/** One count request of a parent's tickets. */
export type TicketCountRequest = Omit<TicketListRequest, 'after' | 'limit'>;

export interface OperationsLoaders {
  ticketById: DataLoader<string, Ticket | null>;
  historyByTicketId: DataLoader<string, TicketStatusChange[]>;
  deploymentById: DataLoader<string, Deployment | null>;
  /** Key: `${year}|${memberCode}`, year empty for all years. */
  projectsByMemberYear: DataLoader<string, Project[]>;
  /** Key: `${year}|${applicationId}`, year empty for all years. */
  deploymentsByApplicationYear: DataLoader<string, Deployment[]>;
  ticketPages: DataLoader<TicketListRequest, Ticket[], string>;
  ticketCounts: DataLoader<TicketCountRequest, number, string>;
  /** Audit entries of operations' entities (Ticket, Deployment, Project, SlaPolicy). */
  changes: DataLoader<EntityChangesKey, ChangeConnection, string>;
}

export type OperationsContext = SubgraphContext<OperationsLoaders>;

/** Splits `${year}|${key}` loader keys into one group per year: one query per distinct year argument, not per parent. */
function byYear(keys: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    const separator = key.indexOf('|');
    const year = key.slice(0, separator);
    groups.set(year, [...(groups.get(year) ?? []), key.slice(separator + 1)]);
  }
  return groups;
}

const yearOf = (yearKey: string) => (yearKey === '' ? null : Number(yearKey));

/** Groups requests that differ only by parent, keyed by everything else. */
function groupRequests<R extends { parent: string }>(requests: readonly R[]): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const request of requests) {
    const { parent: _parent, ...rest } = request;
    const shape = JSON.stringify(rest);
    groups.set(shape, [...(groups.get(shape) ?? []), request]);
  }
  return groups;
}

const requestKey = (request: object) => JSON.stringify(request);

/**
 * A loader of `${year}|${key}` keys: one fetch per distinct year, each answer filed under the keys
 * `keysOf(row)` gives it (a project names several members).
 */
function loaderByYear<V>(fetch: (keys: string[], year: number | null) => Promise<V[]>, keysOf: (row: V) => string[]): DataLoader<string, V[]> {
  return new DataLoader<string, V[]>(async (keys) => {
    const answers = new Map<string, V[]>(keys.map((key) => [key, []]));
    for (const [year, groupKeys] of byYear(keys)) {
      for (const row of await fetch(groupKeys, yearOf(year))) {
        for (const key of keysOf(row)) answers.get(`${year}|${key}`)?.push(row);
      }
    }
    return keys.map((key) => answers.get(key) ?? []);
  });
}

/** A loader of parent-list requests: one fetch per group of requests differing only by parent. */
function loaderByParentGroup<R extends { column: TicketParentColumn; parent: string }, V>(
  fetch: (first: R, parents: string[]) => Promise<Map<string, V>>,
  missing: () => V,
): DataLoader<R, V, string> {
  return new DataLoader<R, V, string>(
    async (requests) => {
      const answers = new Map<string, V>();
      for (const group of groupRequests(requests).values()) {
        const answer = await fetch(group[0], group.map((request) => request.parent));
        for (const request of group) answers.set(requestKey(request), answer.get(request.parent) ?? missing());
      }
      return requests.map((request) => answers.get(requestKey(request)) ?? missing());
    },
    { cacheKeyFn: requestKey },
  );
}

const ticketByIdLoader = (em: EntityManager) => loaderByKey<string, Ticket>((ids) => findTicketsByIds(em, ids), (ticket) => ticket.id);

const deploymentByIdLoader = (em: EntityManager) => loaderByKey<string, Deployment>((ids) => findDeploymentsByIds(em, ids), (deployment) => deployment.id);

const historyByTicketIdLoader = (em: EntityManager) => loaderOfLists<string, TicketStatusChange>((ticketIds) => historyOfTickets(em, ticketIds), (change) => change.ticketId);

const projectsByMemberYearLoader = (em: EntityManager) =>
  loaderByYear((memberCodes, year) => projectsOfMembers(em, memberCodes, year), (project) => project.memberCodes);

const deploymentsByApplicationYearLoader = (em: EntityManager) =>
  loaderByYear((applicationIds, year) => deploymentsOfApplications(em, applicationIds, year), (deployment) => [deployment.applicationId]);

const ticketPagesLoader = (em: EntityManager) =>
  loaderByParentGroup<TicketListRequest, Ticket[]>((request, parents) => ticketPagesOfParents(em, request.column, parents, request), () => []);

const ticketCountsLoader = (em: EntityManager) =>
  loaderByParentGroup<TicketCountRequest, number>((request, parents) => ticketCountsOfParents(em, request.column, parents, request), () => 0);

export function createOperationsLoaders(em: EntityManager): OperationsLoaders {
  return {
    ticketById: ticketByIdLoader(em),
    deploymentById: deploymentByIdLoader(em),
    historyByTicketId: historyByTicketIdLoader(em),
    projectsByMemberYear: projectsByMemberYearLoader(em),
    deploymentsByApplicationYear: deploymentsByApplicationYearLoader(em),
    ticketPages: ticketPagesLoader(em),
    ticketCounts: ticketCountsLoader(em),
    changes: createChangesLoader(em, 'operations'),
  };
}
