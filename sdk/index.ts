/**
 * The hub's typed SDK: `createHubClient({ url, token }).memberDashboard({ code: 'BOBIGNY' })`.
 * Generated parts live in ./generated (run `npm run codegen`); operations in ./operations/*.graphql.
 */
export { createHubClient, HubError } from './client.js';
export type { HubClient, HubClientOptions, HubGraphQLError, HubOperationName, HubOperations, RequestOptions } from './client.js';
export { operations } from './generated/operations.js';
export type { HubOperation } from './generated/operations.js';
export type * from './generated/graphql.js';
