// One peer gateway for `npm run bench -- --peers`: Hive Gateway serving the hub's supergraph in
// this process (one process, as the hub's gateway is), started by scripts/bench/peers.ts.
// Plain JavaScript on purpose: this folder has its own dependencies and is not part of the build.
//
// Environment: PEER_PORT, PEER_SUPERGRAPH (a file whose @join__graph URLs point at the running
// subgraphs), PEER_ROUTER_RUNTIME=true (the Rust query planner, @graphql-hive/router-runtime),
// PEER_DEDUPLICATE=false (in-flight deduplication off; Hive's default is on).
import { createServer } from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway';

const port = Number(process.env.PEER_PORT);
const routerRuntime = process.env.PEER_ROUTER_RUNTIME === 'true';
const deduplicate = process.env.PEER_DEDUPLICATE !== 'false';

const gateway = createGatewayRuntime({
  supergraph: process.env.PEER_SUPERGRAPH,
  ...(routerRuntime ? { unifiedGraphHandler: (await import('@graphql-hive/router-runtime')).unifiedGraphHandler } : {}),
  // The peer cannot sign the hub's vouch: it forwards the caller's token, which each subgraph verifies itself.
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => {
      const authorization = request.headers.get('authorization');
      return authorization ? { authorization } : {};
    },
  },
  ...(deduplicate ? {} : { transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } } }),
  graphqlEndpoint: '/graphql',
  landingPage: false,
  graphiql: false,
  logging: 'error',
});

const server = createServer(gateway);
server.listen(port, '127.0.0.1', () => console.log(JSON.stringify({ ready: true, port, routerRuntime, deduplicate })));
const stop = () => server.close(() => gateway.dispose().finally(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
