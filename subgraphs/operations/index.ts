import 'reflect-metadata';
import type { SubgraphDefinition } from '../../lib/subgraph';
import { Deployment, Project, SlaPolicy, Ticket, TicketStatusChange } from './entities';
import { createOperationsLoaders, type OperationsLoaders } from './loaders';
import { operationsMigrations } from './migrations';
import { DeploymentResolver, resolveDeploymentReference } from './resolvers/deployment.resolver';
import { ApplicationExtensionResolver, MemberExtensionResolver } from './resolvers/entity-extensions.resolver';
import { ProjectResolver } from './resolvers/project.resolver';
import { TicketMutationResolver } from './resolvers/ticket-mutations.resolver';
import { resolveTicketReference, TicketConnectionResolver, TicketResolver } from './resolvers/ticket.resolver';
// Imported after the ticket resolvers on purpose: type-graphql lists queries and mutations in the order
// their classes load, and the committed schema/ has slaPolicies and updateSlaPolicy last.
import { SlaPolicyResolver } from './resolvers/sla-policy.resolver';
import { seedOperations } from './seed';

/** The support desk's tickets, deployments to production and the year's projects. */
export const operations: SubgraphDefinition<OperationsLoaders> = {
  name: 'operations',
  entities: [Ticket, TicketStatusChange, Deployment, Project, SlaPolicy],
  migrations: operationsMigrations,
  resolvers: [
    TicketResolver,
    TicketConnectionResolver,
    TicketMutationResolver,
    SlaPolicyResolver,
    DeploymentResolver,
    ProjectResolver,
    MemberExtensionResolver,
    ApplicationExtensionResolver,
  ],
  referenceResolvers: {
    Ticket: resolveTicketReference,
    Deployment: resolveDeploymentReference,
  },
  createLoaders: createOperationsLoaders,
  seed: seedOperations,
};
