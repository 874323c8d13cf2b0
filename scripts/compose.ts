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

function main(): number {
  const check = process.argv.includes("--check");
  const outcome = composeSupergraph(readSubgraphSources(readSupergraphConfig()));
  if (!outcome.ok) {
    console.error(`Composition failed with ${outcome.errors.length} error(s):`);
    for (const error of outcome.errors) console.error(`  - ${error}`);
    return 1;
  }
  const relative = path.relative(PROJECT_ROOT, SUPERGRAPH_SDL_PATH);
  if (check) {
    const committed = readFileSync(SUPERGRAPH_SDL_PATH, "utf8");
    if (committed !== outcome.supergraphSdl) {
      console.error(`${relative} is stale: run \`npm run compose\` and commit the result.`);
      return 1;
    }
    console.log(`${relative} is up to date.`);
    return 0;
  }
  writeFileSync(SUPERGRAPH_SDL_PATH, outcome.supergraphSdl);
  console.log(`Composed ${readSupergraphConfig().length} subgraphs into ${relative}.`);
  return 0;
}

process.exitCode = main();
