/**
 * `npm run schema:check`: composition, drift of committed outputs, the client contract, every client
 * operation in operations/ against the new API schema, and breaking changes against a base commit
 * (SCHEMA_BASE_REF, or the default: the merge-base with main, else the previous commit). Prints a
 * review-comment style report and exits 1 when anything needs fixing.
 *
 *   npm run schema:check -- --subgraph products --schema path/to/new.graphql
 * checks a proposed schema for one subgraph before it is committed (every check except drift).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { projectPaths } from "../packages/schema-tools";
import { formatSchemaCheckReport, runSchemaCheck } from "../packages/schema-tools/check";

const USAGE = "usage: npm run schema:check [-- --subgraph <name> --schema <file>] [--base <git ref>]";

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { subgraph: { type: "string" }, schema: { type: "string" }, base: { type: "string" } } });
  if (Boolean(values.subgraph) !== Boolean(values.schema)) {
    console.error(`--subgraph and --schema go together.\n${USAGE}`);
    return 2;
  }
  // npm runs scripts from the project root; a relative --schema means the caller's folder.
  const schemaPath = values.schema && path.resolve(process.env.INIT_CWD ?? process.cwd(), values.schema);
  if (schemaPath && !existsSync(schemaPath)) {
    console.error(`There is no ${schemaPath}.\n${USAGE}`);
    return 2;
  }
  const result = await runSchemaCheck({
    project: projectPaths(),
    baseRef: values.base || process.env.SCHEMA_BASE_REF || undefined,
    proposed: values.subgraph && schemaPath ? { subgraph: values.subgraph, schemaPath } : undefined,
    // Loaded only when drift is checked: loading codegen.ts composes the subgraphs and loads codegen.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    findStaleGeneratedFiles: () => (require("./codegen-check") as typeof import("./codegen-check")).findStaleGeneratedFiles(),
  });
  console.log(formatSchemaCheckReport(result));
  return result.passed ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
