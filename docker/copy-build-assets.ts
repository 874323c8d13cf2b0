/**
 * Build step after `tsc -p tsconfig.build.json`: copies the files the compiled code reads at run time
 * next to it in dist/, mirroring the source tree, because the code finds them from its own __dirname:
 *   subgraphs/<domain>/schema.graphql   read by dist/subgraphs/<domain>/src/server.js
 *   supergraph.graphql                  read by dist/gateway/src/config.js (SUPERGRAPH_PATH default)
 *   operations/generated/persisted-operations.json
 *                                       read by dist/gateway/src/edge-config.js (PERSISTED_OPERATIONS_MANIFEST default)
 *   prisma/migrate-schema.prisma        read by dist/prisma/<domain>/migrate.config.js (the migrate step)
 *   prisma/<domain>/migrations/         read by the migrate step and dist/packages/database/migrations.js
 * Usage: tsx docker/copy-build-assets.ts [outDir]   (outDir defaults to dist)
 */
import { cpSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { DOMAINS } from "../packages/config";

const projectRoot = path.resolve(__dirname, "..");

function copyAsset(relativePath: string, outDir: string): void {
  const source = path.join(projectRoot, relativePath);
  // A missing asset means the image would fail at start-up; fail the build instead.
  if (!existsSync(source)) throw new Error(`build asset missing: ${relativePath}`);
  const target = path.join(outDir, relativePath);
  mkdirSync(path.dirname(target), { recursive: true });
  cpSync(source, target, { recursive: true });
}

function main(): void {
  const outDir = path.resolve(projectRoot, process.argv[2] ?? "dist");
  const assets = [
    "supergraph.graphql",
    "operations/generated/persisted-operations.json",
    "prisma/migrate-schema.prisma",
    ...DOMAINS.flatMap((domain) => [`subgraphs/${domain}/schema.graphql`, `prisma/${domain}/migrations`]),
  ];
  for (const asset of assets) copyAsset(asset, outDir);
  console.log(`Copied ${assets.length} build assets into ${path.relative(projectRoot, outDir) || "."}.`);
}

main();
