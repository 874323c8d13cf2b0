import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PROJECT_ROOT } from "../supergraph-config";

// `npm run schema:check -- --subgraph <name> --schema <file>` as a developer runs it, in this project:
// one node process per run, stopped by its pid when it overruns.
const CLI_TIMEOUT_MS = 60_000;
let scratch: string;

function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ["--import", "tsx", "scripts/schema-check.ts", ...args],
      { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, timeout: CLI_TIMEOUT_MS, killSignal: "SIGKILL", maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, output: `${stdout}${stderr}` }),
    );
    child.stdin?.end();
  });
}

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "schema-check-cli-"));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe("scripts/schema-check.ts", () => {
  it("fails a proposed products schema without Product.sku, naming the operations and the field", async () => {
    const proposed = path.join(scratch, "products.graphql");
    const committed = readFileSync(path.join(PROJECT_ROOT, "subgraphs/products/schema.graphql"), "utf8");
    writeFileSync(proposed, committed.replace(/(type Product @key\(fields: "id"\) \{\n\s+id: ID![^\n]*\n)\s+sku: String![^\n]*\n/, "$1"));
    expect(readFileSync(proposed, "utf8")).not.toBe(committed);

    const { code, output } = await runCli(["--subgraph", "products", "--schema", proposed], { SCHEMA_BASE_REF: "HEAD" });
    expect(code).toBe(1);
    expect(output).toContain(`with the proposed products schema from ${proposed}`);
    expect(output).toContain("- – Drift: not checked: a proposed schema is checked before it is committed");
    expect(output).toContain('ProductPage (operations/fragments/product-card.graphql:4:3): Cannot query field "sku" on type "Product".');
    expect(output).toMatch(/- ✖ FIELD_REMOVED Product\.sku: .*\n {4}used by: .*ProductPage/);
  });

  it("explains its usage when --schema is missing", async () => {
    const { code, output } = await runCli(["--subgraph", "products"]);
    expect(code).toBe(2);
    expect(output).toContain("--subgraph and --schema go together.");
  });
});
