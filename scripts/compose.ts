/**
 * `npm run compose`: reads supergraph.yaml (rover's format), composes the subgraph schemas with
 * @apollo/composition and writes supergraph.graphql. `--check` writes nothing and fails when the
 * committed file differs from a fresh composition.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  composeSupergraph,
  PROJECT_ROOT,
  readSubgraphSources,
  readSupergraphConfig,
  SUPERGRAPH_SDL_PATH,
} from "../packages/schema-tools";

const relativeSdlPath = path.relative(PROJECT_ROOT, SUPERGRAPH_SDL_PATH);

/** Composes and returns the supergraph SDL, or prints every error (named by subgraph) and returns null. */
function composeOrReport(): string | null {
  const outcome = composeSupergraph(readSubgraphSources(readSupergraphConfig()));
  if (outcome.ok) return outcome.supergraphSdl;
  console.error(`Composition failed with ${outcome.errors.length} error(s):`);
  for (const error of outcome.errors) console.error(`  - ${error}`);
  return null;
}

export function composeToFile(): boolean {
  const sdl = composeOrReport();
  if (sdl === null) return false;
  writeFileSync(SUPERGRAPH_SDL_PATH, sdl);
  console.log(`Composed ${readSupergraphConfig().length} subgraphs into ${relativeSdlPath}.`);
  return true;
}

export function checkComposedFile(): boolean {
  const sdl = composeOrReport();
  if (sdl === null) return false;
  if (readFileSync(SUPERGRAPH_SDL_PATH, "utf8") !== sdl) {
    console.error(`${relativeSdlPath} is stale: run \`npm run compose\` and commit the result.`);
    return false;
  }
  console.log(`${relativeSdlPath} is up to date.`);
  return true;
}

if (require.main === module) {
  const ok = process.argv.includes("--check") ? checkComposedFile() : composeToFile();
  process.exitCode = ok ? 0 : 1;
}
