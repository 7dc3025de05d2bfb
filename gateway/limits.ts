import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';

// The limits themselves are shared with the subgraphs.
export { limitParseOptions, limitRules, OPERATION_LIMITS, type OperationLimits } from '../lib/limits';

/**
 * Refuses, as a 400 BAD_REQUEST, what the query planner would otherwise turn into a 500:
 * an operationName absent from the document (or several operations and none named), and
 * subscriptions (the hub has none).
 */
export function operationGuardPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  const refuse = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (!operation) {
            throw refuse(
              request.operationName
                ? `No operation named "${request.operationName}" in the document`
                : 'The document has several operations: name the one to run in operationName',
            );
          }
          if (operation.operation === 'subscription') throw refuse('Subscriptions are not supported by the hub');
        },
      };
    },
  };
}
