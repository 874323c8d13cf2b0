# One image for every service of the supergraph; the command picks the service:
#   node dist/gateway/src/index.js                 (the default)
#   node dist/subgraphs/<domain>/src/index.js      users, products, inventory, orders, payments, shipping, notifications
#   npm run db:setup && npm run seed               one-shot: create/migrate the seven databases, demo data
# Build: docker build -t shop-supergraph:local .   (docker-compose.yml does this for you)

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- base: shared settings for every stage -------------------------------------------------------
FROM ${NODE_IMAGE} AS base
WORKDIR /app
# Prisma's CLI sends no telemetry and prints no update notices; npm skips update, fund and audit notices.
ENV CHECKPOINT_DISABLE=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

# ---- deps: every dependency, for building ---------------------------------------------------------
# --ignore-scripts: no dependency needs its install script here (Prisma runs its WebAssembly engines,
# native modules ship as prebuilt optional packages), and @prisma/engines' postinstall would download
# native engines this project never uses.
FROM base AS deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts

# ---- prod-deps: runtime dependencies only (prisma and tsx are among them: the migrate step uses them)
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts

# ---- build: Prisma clients, then TypeScript to dist/ with the files the compiled code reads -------
FROM base AS build
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# build = generate:prisma (clients into prisma/<domain>/generated), tsc -p tsconfig.build.json (dist/),
# then docker/copy-build-assets.ts (schema.graphql, supergraph.graphql, schema.prisma, migrations).
RUN npm run build

# ---- runtime ------------------------------------------------------------------------------------
FROM base AS runtime
# npm's cache and logs go to /tmp, the one writable place when the container runs read-only.
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    NPM_CONFIG_CACHE=/tmp/.npm

# Everything stays owned by root and read-only to the service user.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/package.json /app/package-lock.json /app/tsconfig.json ./
# The services run the compiled code.
COPY --from=build /app/dist ./dist
# The migrate step runs `npm run db:setup` and `npm run seed` with tsx from the sources: the Prisma CLI
# loads prisma/<domain>/prisma.config.ts, and the seed imports the subgraphs' seed code and clients.
COPY --from=build /app/packages ./packages
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/subgraphs ./subgraphs

USER node
EXPOSE 4000 4001 4002 4003 4004 4005 4006 4007
CMD ["node", "dist/gateway/src/index.js"]
