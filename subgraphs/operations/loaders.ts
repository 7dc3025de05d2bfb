import DataLoader from 'dataloader';
import { loaderByKey, loaderOfLists } from '../../lib/loaders';
import { type EntityManager, readOnlyRowMapper } from '../../lib/orm';
import type { SubgraphContext } from '../../lib/subgraph';
import { Deployment, Project, Ticket, TicketStatusChange } from './entities';
import { ticketConditions, TICKET_ORDER_SQL, whereSql } from './ticket-query';
import type { TicketFilter } from './resolvers/ticket-inputs';

/** Parent columns a ticket list can hang from: Member.tickets and Application.tickets. */
export type TicketParentColumn = 'member_code' | 'application_id';

/** One page (or count) request of a parent's tickets; requests sharing everything but the parent are batched into one query. */
export interface TicketListRequest {
  column: TicketParentColumn;
  parent: string;
  filter: TicketFilter | null;
  scopeMemberCode: string | null;
  after: string | null;
  /** Rows to fetch: the page size plus one, to tell whether a next page exists. */
  limit: number;
}

export interface OperationsLoaders {
  ticketById: DataLoader<string, Ticket | null>;
  historyByTicketId: DataLoader<string, TicketStatusChange[]>;
  deploymentById: DataLoader<string, Deployment | null>;
  /** Key: `${year}|${memberCode}`, year empty for all years. */
  projectsByMemberYear: DataLoader<string, Project[]>;
  /** Key: `${year}|${applicationId}`, year empty for all years. */
  deploymentsByApplicationYear: DataLoader<string, Deployment[]>;
  ticketPages: DataLoader<TicketListRequest, Ticket[], string>;
  ticketCounts: DataLoader<Omit<TicketListRequest, 'after' | 'limit'>, number, string>;
}

export type OperationsContext = SubgraphContext<OperationsLoaders>;

export const DEPLOYMENT_ORDER = { year: 'asc', deployedOn: 'asc', seq: 'asc' } as const;

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
const inList = (values: readonly unknown[]) => values.map(() => '?').join(', ');

export function createOperationsLoaders(em: EntityManager): OperationsLoaders {
  const toTicket = readOnlyRowMapper(em, Ticket);
  return {
    ticketById: loaderByKey(async (ids) => {
      const valid = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
      return valid.length === 0 ? [] : em.find(Ticket, { id: { $in: [...valid] } });
    }, (ticket) => ticket.id),
    deploymentById: loaderByKey((ids) => em.find(Deployment, { id: { $in: [...ids] } }), (deployment) => deployment.id),
    historyByTicketId: loaderOfLists(
      (ticketIds) => em.find(TicketStatusChange, { ticketId: { $in: [...ticketIds] } }, { orderBy: { seq: 'asc' } }),
      (change) => change.ticketId,
    ),
    projectsByMemberYear: new DataLoader<string, Project[]>(async (keys) => {
      const answers = new Map<string, Project[]>(keys.map((key) => [key, []]));
      for (const [year, codes] of byYear(keys)) {
        const rows = await em.execute(
          `select * from "operations"."project" where member_codes && array[${inList(codes)}]::text[] ${year ? 'and year = ?' : ''} order by year, position`,
          year ? [...codes, Number(year)] : codes,
        );
        for (const project of rows.map((row) => em.map(Project, row))) {
          for (const code of project.memberCodes) answers.get(`${year}|${code}`)?.push(project);
        }
      }
      return keys.map((key) => answers.get(key) ?? []);
    }),
    deploymentsByApplicationYear: new DataLoader<string, Deployment[]>(async (keys) => {
      const answers = new Map<string, Deployment[]>(keys.map((key) => [key, []]));
      for (const [year, applicationIds] of byYear(keys)) {
        const deployments = await em.find(
          Deployment,
          { applicationId: { $in: applicationIds }, ...(year ? { year: Number(year) } : {}) },
          { orderBy: DEPLOYMENT_ORDER },
        );
        for (const deployment of deployments) answers.get(`${year}|${deployment.applicationId}`)?.push(deployment);
      }
      return keys.map((key) => answers.get(key) ?? []);
    }),
    // Pages are read-only: plain rows, not ORM-hydrated entities (readOnlyRowMapper says why).
    ticketPages: new DataLoader<TicketListRequest, Ticket[], string>(
      async (requests) => {
        const answers = new Map<string, Ticket[]>();
        for (const group of groupRequests(requests).values()) {
          const { column, filter, scopeMemberCode, after, limit } = group[0];
          const parents = group.map((request) => request.parent);
          const where = ticketConditions(filter, scopeMemberCode, after);
          where.sql.push(`t.${column} = p.parent`);
          // One statement for every parent's page: a LATERAL top-N per parent walks each parent's
          // (column, opened_at, id) index and stops after `limit` rows, however many tickets a parent has.
          const rows = await em.execute(
            `select t.* from unnest(array[${inList(parents)}]::text[]) with ordinality as p(parent, position)
             cross join lateral (select * from "operations"."ticket" t ${whereSql(where)} order by ${TICKET_ORDER_SQL} limit ?) t
             order by p.position, t.opened_at desc, t.id desc`,
            [...parents, ...where.params, limit],
          );
          const byParent = new Map<string, Ticket[]>(parents.map((parent) => [parent, []]));
          for (const row of rows) byParent.get((row as Record<string, string>)[column])?.push(toTicket(row));
          for (const request of group) answers.set(requestKey(request), byParent.get(request.parent) ?? []);
        }
        return requests.map((request) => answers.get(requestKey(request)) ?? []);
      },
      { cacheKeyFn: requestKey },
    ),
    ticketCounts: new DataLoader<Omit<TicketListRequest, 'after' | 'limit'>, number, string>(
      async (requests) => {
        const answers = new Map<string, number>();
        for (const group of groupRequests(requests).values()) {
          const { column, filter, scopeMemberCode } = group[0];
          const parents = group.map((request) => request.parent);
          const where = ticketConditions(filter, scopeMemberCode);
          where.sql.push(`${column} in (${inList(parents)})`);
          where.params.push(...parents);
          const rows = await em.execute<{ parent: string; total: string }[]>(
            `select ${column} as parent, count(*) as total from "operations"."ticket" ${whereSql(where)} group by ${column}`,
            where.params,
          );
          const totals = new Map(rows.map((row) => [row.parent, Number(row.total)]));
          for (const request of group) answers.set(requestKey(request), totals.get(request.parent) ?? 0);
        }
        return requests.map((request) => answers.get(requestKey(request)) ?? 0);
      },
      { cacheKeyFn: requestKey },
    ),
  };
}
