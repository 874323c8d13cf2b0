import path from "node:path";
import { DOMAINS, type Domain } from "../config";
import { ensureBuild, type BuildOutcome, type BuildSpec } from "./build";

/** The processes of the supergraph that run our compiled code: the seven subgraphs (each with its workers) and the gateway. */
export type Service = Domain | "gateway";
export const SERVICES: readonly Service[] = [...DOMAINS, "gateway"];

const PROJECT_ROOT = path.resolve(__dirname, "../..");

/**
 * The production build (also what the Dockerfile runs): tsconfig.build.json's entry points and what they
 * import, compiled to dist/ with the source tree's layout, and beside them the files the compiled code finds
 * from its own __dirname:
 *   subgraphs/<domain>/schema.graphql   read by dist/subgraphs/<domain>/src/server.js
 *   supergraph.graphql                  read by dist/gateway/src/config.js (SUPERGRAPH_PATH default)
 *   operations/generated/persisted-operations.json
 *                                       read by dist/gateway/src/edge-config.js (PERSISTED_OPERATIONS_MANIFEST default)
 *   prisma/migrate-schema.prisma        read by dist/prisma/<domain>/migrate.config.js (the migrate step)
 *   prisma/<domain>/migrations/         read by the migrate step and dist/packages/database/migrations.js
 */
export const SERVICES_BUILD: BuildSpec = {
  root: PROJECT_ROOT,
  tsconfigs: ["tsconfig.build.json", "tsconfig.json"],
  outDir: "dist",
  assets: [
    "supergraph.graphql",
    "operations/generated/persisted-operations.json",
    "prisma/migrate-schema.prisma",
    ...DOMAINS.flatMap((domain) => [`subgraphs/${domain}/schema.graphql`, `prisma/${domain}/migrations`]),
  ],
};

/** `npm run build`, and the first thing `npm start` and the bench do: dist/ as the sources are now. */
export function buildServices(): BuildOutcome {
  return ensureBuild(SERVICES_BUILD);
}

/** A service's entry point in the sources, relative to the project. */
export function sourceEntry(service: Service): string {
  return service === "gateway" ? "gateway/src/index.ts" : `subgraphs/${service}/src/index.ts`;
}

/** A service's entry point in the build, relative to the project: `node <this>` runs it. */
export function compiledEntry(service: Service): string {
  return path.posix.join(SERVICES_BUILD.outDir, sourceEntry(service).replace(/\.ts$/, ".js"));
}

/**
 * Node's options for every service, here and in the image (the Dockerfile's NODE_OPTIONS; the
 * build-layout unit test holds the two equal):
 * - `--enable-source-maps`: stack traces name the TypeScript source lines.
 * - `--max-old-space-size=512`: V8 lets the heap grow by up to 4x what survived the last full collection
 *   before collecting again when its limit is 2 GB or more (the default follows the machine's memory: 4 GB
 *   with 24 GB), and by less under a smaller limit. The gateway's heap in use peaked at 50-75 MB under the
 *   bench's load, yet its RSS passed 200 MB with the default limit; with 512 MB it stayed under 180 MB at the
 *   same CPU per request (README, *Benchmarks*). Kubernetes sets its own limit (384, under a 512Mi memory limit).
 */
export const SERVICE_NODE_OPTIONS: readonly string[] = ["--enable-source-maps", "--max-old-space-size=512"];

/**
 * Node's arguments for a service, run from the project folder with plain `node` (no TypeScript at run
 * time), as `npm start` and `npm run bench` run it; `extraOptions` go after SERVICE_NODE_OPTIONS (e.g. --cpu-prof).
 */
export function serviceNodeArgs(service: Service, extraOptions: readonly string[] = []): string[] {
  return [...SERVICE_NODE_OPTIONS, ...extraOptions, compiledEntry(service)];
}
