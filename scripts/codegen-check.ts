/**
 * `npm run codegen:check`: regenerates the typed resolvers into a scratch folder and fails when any
 * committed file under subgraphs/<domain>/src/generated/ differs, so generated code never drifts.
 */
import { generate } from "@graphql-codegen/cli";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import config from "../codegen";
import { PROJECT_ROOT } from "../packages/schema-tools";

async function main(): Promise<number> {
  const files: Array<{ filename: string; content: string }> = await generate({ ...config, cwd: PROJECT_ROOT, silent: true }, false);
  const stale = files
    .map((file) => ({ relative: path.relative(PROJECT_ROOT, path.resolve(PROJECT_ROOT, file.filename)), content: file.content }))
    .filter(({ relative, content }) => {
      const committed = path.join(PROJECT_ROOT, relative);
      return !existsSync(committed) || readFileSync(committed, "utf8") !== content;
    })
    .map(({ relative }) => relative);
  if (stale.length > 0) {
    console.error(`Generated code is stale: run \`npm run codegen\` and commit the result.\n  - ${stale.join("\n  - ")}`);
    return 1;
  }
  console.log(`Generated code is up to date (${files.length} files).`);
  return 0;
}

main().then((code) => (process.exitCode = code));
