/**
 * `npm run codegen:check`: runs codegen in memory and fails when any committed output differs: the
 * typed resolvers under subgraphs/<domain>/src/generated/, and the client operations' typed documents
 * and persisted-operation manifest under operations/generated/. `npm run schema:check` runs it too.
 */
import { generate } from "@graphql-codegen/cli";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import config, { PERSISTED_OPERATIONS_PATH, TYPED_OPERATIONS_PATH } from "../codegen";
import { PROJECT_ROOT } from "../packages/schema-tools";

/** Committed generated files (relative paths) that differ from a fresh codegen run, or that it could not produce. */
export async function findStaleGeneratedFiles(): Promise<string[]> {
  const files: Array<{ filename: string; content: string }> = await generate({ ...config, cwd: PROJECT_ROOT, silent: true }, false);
  const stale = files
    .map((file) => ({ relative: path.relative(PROJECT_ROOT, path.resolve(PROJECT_ROOT, file.filename)), content: file.content }))
    .filter(({ relative, content }) => {
      const committed = path.join(PROJECT_ROOT, relative);
      return !existsSync(committed) || readFileSync(committed, "utf8") !== content;
    })
    .map(({ relative }) => relative);
  // codegen.ts leaves the client operations out while the subgraphs do not compose.
  const notGenerated = [TYPED_OPERATIONS_PATH, PERSISTED_OPERATIONS_PATH]
    .filter((output) => !(output in config.generates))
    .map((output) => `${output} (not generated: the subgraphs do not compose)`);
  return [...stale, ...notGenerated];
}

async function main(): Promise<number> {
  const stale = await findStaleGeneratedFiles();
  if (stale.length > 0) {
    console.error(`Generated code is stale: run \`npm run codegen\` and commit the result.\n  - ${stale.join("\n  - ")}`);
    return 1;
  }
  console.log(`Generated code is up to date (${Object.keys(config.generates).length} files).`);
  return 0;
}

if (require.main === module) main().then((code) => (process.exitCode = code));
