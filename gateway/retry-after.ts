import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { RETRY_AFTER_SECONDS } from '../lib/errors';

/**
 * When a whole request failed because a part of the hub is away for a moment (every error
 * SERVICE_UNAVAILABLE, no data: a subgraph or the database restarting), the answer says so at the
 * HTTP level too: 503 with Retry-After (the largest of the errors' retryAfterSeconds), which HTTP
 * clients, proxies and retry libraries understand. A partial answer (some data) stays 200, each
 * failed part carrying extensions.retryAfterSeconds.
 */
export function retryAfterPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (data !== null && data !== undefined) return;
          if (!errors || errors.length === 0 || !errors.every((error) => error.extensions?.code === 'SERVICE_UNAVAILABLE')) return;
          const hints = errors.map((error) => error.extensions?.retryAfterSeconds).filter((hint): hint is number => typeof hint === 'number' && hint > 0);
          response.http.status = 503;
          response.http.headers.set('retry-after', String(Math.ceil(hints.length > 0 ? Math.max(...hints) : RETRY_AFTER_SECONDS)));
        },
      };
    },
  };
}
