# One image for every service of the supergraph; the command picks the service:
#   node dist/gateway/src/index.js                 (the default)
#   node dist/subgraphs/<domain>/src/index.js      users, products, inventory, orders, payments, shipping, notifications
#   node dist/scripts/db-setup.js && node dist/scripts/seed.js
#                                                  one-shot: create/migrate the seven databases, demo data
# `npm run smoke:build` runs these same commands from a local `npm run build` (CI does, as no Docker engine
# runs there) and checks that every path this file copies or runs exists.
# Build: docker build -t shop-supergraph:local .   (docker-compose.yml does this for you)

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- base: shared settings for every stage -------------------------------------------------------
FROM ${NODE_IMAGE} AS base
WORKDIR /app
# Prisma's CLIs send no telemetry and print no update notices; npm skips update, fund and audit notices.
ENV CHECKPOINT_DISABLE=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

# ---- deps: every dependency, for building ---------------------------------------------------------
# `npm install` rather than `npm ci`: the lockfile comes from a registry that serves only its own
# platform's optional packages (prebuilt native modules), so it cannot list the image's, and `npm ci`
# refuses it as out of sync. npm install still takes every version the lockfile has.
# --ignore-scripts: no dependency needs its install script here (Prisma's client and the Prisma 6
# migration CLI run WebAssembly engines, native modules ship as prebuilt optional packages), and
# @prisma/engines' postinstall would download native engines this project never uses.
FROM base AS deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm install --ignore-scripts

# ---- prod-deps: runtime dependencies only. prisma6 (the Prisma 6.19 CLI under an npm alias) is among
# them: the migrate step runs its `migrate deploy`. The Prisma 7 CLI (`prisma`) only generates, in the build
# stage; it is a dependency all the same, as @prisma/client's optional peer would bring it along anyway.
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm install --omit=dev --ignore-scripts

# ---- build: Prisma clients, then TypeScript to dist/ with the files the compiled code reads -------
FROM base AS build
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# build = generate:prisma (Prisma 7 clients into prisma/<domain>/generated; offline: the CLI's schema
# engine is the committed stub prisma/schema-engine-stub.sh, which generate never runs),
# tsc -p tsconfig.build.json (dist/: the services' and the migrate step's entry points and what they
# import), then the files the compiled code reads (schema.graphql, supergraph.graphql, migrate-schema.prisma,
# migrations; scripts/build.ts). The incremental build's bookkeeping (tsc's and the stamp) does not ship.
RUN npm run build && rm -f dist/.tsbuildinfo dist/.build-stamp.json

# ---- runtime ------------------------------------------------------------------------------------
FROM base AS runtime
# NODE_OPTIONS: the same options npm start and the bench give every service (SERVICE_NODE_OPTIONS in
# packages/service-launch/services.ts says why; docker/build-layout.unit.test.ts holds the two equal).
ENV NODE_ENV=production \
    NODE_OPTIONS="--enable-source-maps --max-old-space-size=512"

# Everything stays owned by root and read-only to the service user. Only the build output ships: the
# services and the migrate step run compiled code (no sources, no tests, no TypeScript at run time).
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./
COPY --from=build /app/dist ./dist

USER node
EXPOSE 4000 4001 4002 4003 4004 4005 4006 4007
CMD ["node", "dist/gateway/src/index.js"]
