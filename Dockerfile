# syntax=docker/dockerfile:1
# One image for every service of the hub: the gateway, the four subgraphs and the one-shot
# migrate job. The service is the argument: `docker run sii-hub governance` (see docker-compose.yml).

ARG NODE_IMAGE=node:24-bookworm-slim

# 1. Build: all dependencies (swc included), then compile the TypeScript to dist/.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json .swcrc ./
COPY lib ./lib
COPY gateway ./gateway
COPY subgraphs ./subgraphs
COPY scripts ./scripts
COPY bin ./bin
RUN npm run build

# 2. Production dependencies only: no compiler, no test tools, no embedded PostgreSQL binaries
#    (containers always use the PostgreSQL of DATABASE_URL).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund && npm cache clean --force

# 3. Runtime: compiled code, production node_modules, and every file the services read at start:
#    the committed schema, the SDK's persisted operations (HUB_PERSISTED_OPERATIONS_ONLY needs them)
#    and its operation documents (the playground's tabs). test/deployment.test.ts traces what the
#    gateway and each subgraph read and checks that this stage copies it. Runs as `node`.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HUB_LISTEN_HOST=0.0.0.0 \
    HUB_SUPERGRAPH_PATH=/app/schema/supergraph.graphql
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The image carries the supergraph it was built with; docker-compose.yml mounts the committed file over it.
COPY schema ./schema
COPY sdk/persisted-operations.json ./sdk/persisted-operations.json
COPY sdk/operations ./sdk/operations
USER node
EXPOSE 4000 4001 4002 4003 4004
# tini-like signal handling is not needed: Node is PID 1 here and bin/serve.js handles SIGTERM itself
# (drain in-flight requests, close pools, exit 0).
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/bin/serve.js"]
CMD ["gateway"]
