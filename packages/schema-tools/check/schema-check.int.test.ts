import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { composeSupergraph, readSubgraphSources } from "../compose";
import { PROJECT_ROOT, projectPaths, readSupergraphConfig } from "../supergraph-config";
import { formatSchemaCheckReport } from "./report";
import { runSchemaCheck, type ChangeReview, type SchemaCheckResult } from "./run-check";

// The real check on throwaway copies of this project's schema files (subgraph schemas, supergraph.yaml,
// contract, client operations, acknowledgements), each copy its own git repository.
const copies: string[] = [];

function git(root: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=Schema Check Test", "-c", "user.email=schema-check@test.invalid", "-c", "commit.gpgsign=false", ...args], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 15_000,
  }).trim();
}

function filesToCopy(): string[] {
  const real = projectPaths();
  const operations = readdirRecursive(real.operations).filter((file) => file.endsWith(".graphql") && !file.includes("generated"));
  return [
    "supergraph.yaml",
    ...readSupergraphConfig(real.supergraphConfig).map((entry) => path.relative(PROJECT_ROOT, entry.schemaPath)),
    "schema/contract.graphql",
    "schema/acknowledged-changes.yaml",
    ...operations.map((file) => path.join("operations", file)),
  ];
}

function readdirRecursive(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" });
}

/** Writes supergraph.graphql as `npm run compose` would. */
function compose(root: string): void {
  const outcome = composeSupergraph(readSubgraphSources(readSupergraphConfig(path.join(root, "supergraph.yaml")), root));
  if (!outcome.ok) throw new Error(outcome.errors.join("\n"));
  writeFileSync(path.join(root, "supergraph.graphql"), outcome.supergraphSdl);
}

/** A copy of the project's schema files, composed (unless told not to) and committed on `main`. */
function projectCopy(files = filesToCopy(), { composed = true } = {}): string {
  const root = mkdtempSync(path.join(tmpdir(), "schema-check-"));
  copies.push(root);
  for (const file of files) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    cpSync(path.join(PROJECT_ROOT, file), path.join(root, file));
  }
  if (composed) compose(root);
  git(root, "init", "-q", "-b", "main");
  commitAll(root, "baseline");
  return root;
}

function commitAll(root: string, message: string, ...extra: string[]): void {
  git(root, "add", "-A");
  git(root, "commit", "-q", "-m", message, ...extra);
}

/** Replaces the first occurrence of `from` in a file of the copy (and fails when it is not there). */
function edit(root: string, file: string, from: string, to: string): void {
  const full = path.join(root, file);
  const text = readFileSync(full, "utf8");
  if (!text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}`);
  writeFileSync(full, text.replace(from, to));
}

const PRODUCT_TYPE = 'type Product @key(fields: "id") {\n';
// Product's fields are public: the subgraphs declare them cacheable (see gateway/src/response-cache).
const CACHE_HINT = " @cacheControl(maxAge: 60)";
const PRODUCT_ID = `${PRODUCT_TYPE}  id: ID!${CACHE_HINT}\n`;

function check(root: string, baseRef?: string): Promise<SchemaCheckResult> {
  return runSchemaCheck({ project: projectPaths(root), baseRef });
}

function reviewOf(result: SchemaCheckResult): ChangeReview {
  if (!("breaking" in result.changes)) throw new Error(`no change review: ${JSON.stringify(result.changes)}`);
  return result.changes;
}

afterAll(() => {
  for (const root of copies) rmSync(root, { recursive: true, force: true });
});

describe("the schema check on a copy of the project", () => {
  it("passes on the unchanged copy", async () => {
    const root = projectCopy();
    const result = await check(root, "HEAD");
    expect(formatSchemaCheckReport(result)).toContain("## ✔ Schema check passed");
    expect(reviewOf(result)).toMatchObject({ breaking: [], dangerous: [], safe: [] });
  });

  it("fails when a field an operation uses is removed, naming the operations and the field", async () => {
    const root = projectCopy();
    edit(root, "subgraphs/products/schema.graphql", `${PRODUCT_ID}  sku: String!${CACHE_HINT}\n`, PRODUCT_ID);
    compose(root);
    const result = await check(root, "HEAD");
    expect(result.passed).toBe(false);
    expect("invalid" in result.operations && result.operations.invalid).toEqual(
      expect.arrayContaining([
        { operation: "ProductPage", location: "operations/fragments/product-card.graphql:4:3", message: 'Cannot query field "sku" on type "Product".' },
        { operation: "SearchProducts", location: expect.stringMatching(/^operations\/storefront\/search-products\.graphql:/), message: 'Cannot query field "sku" on type "Product".' },
      ]),
    );
    expect(reviewOf(result).breaking).toEqual([
      expect.objectContaining({ change: expect.objectContaining({ type: "FIELD_REMOVED", path: "Product.sku" }), operations: expect.arrayContaining(["ProductPage", "SearchProducts"]) }),
    ]);
    const report = formatSchemaCheckReport(result);
    expect(report).toContain('ProductPage (operations/fragments/product-card.graphql:4:3): Cannot query field "sku" on type "Product".');
    expect(report).toContain("- ✖ FIELD_REMOVED Product.sku: Field 'sku' was removed from object type 'Product'");
  });

  it("passes a new nullable field once the supergraph is composed again", async () => {
    const root = projectCopy();
    edit(root, "subgraphs/products/schema.graphql", PRODUCT_ID, `${PRODUCT_ID}  giftWrapAvailable: Boolean\n`);
    const stale = await check(root, "HEAD");
    expect(stale.passed).toBe(false);
    expect(stale.drift).toEqual({ stale: ["supergraph.graphql (run `npm run compose`)"] });

    compose(root);
    const result = await check(root, "HEAD");
    expect(formatSchemaCheckReport(result)).toContain("## ✔ Schema check passed");
    expect(reviewOf(result).safe).toEqual([expect.objectContaining({ type: "FIELD_ADDED", path: "Product.giftWrapAvailable" })]);
  });

  it("fails composition when two subgraphs define the same non-shareable field, naming both, the type and the field", async () => {
    const root = projectCopy();
    edit(root, "subgraphs/inventory/schema.graphql", PRODUCT_ID, `${PRODUCT_ID}  name: String!\n`);
    const result = await check(root, "HEAD");
    expect(result.passed).toBe(false);
    expect(result.composition.problems).toEqual([
      expect.objectContaining({ code: "INVALID_FIELD_SHARING", subgraphs: expect.arrayContaining(["inventory", "products"]), coordinates: ["Product.name"] }),
    ]);
    expect(result.operations).toEqual({ skipped: "the subgraphs do not compose" });
    expect(formatSchemaCheckReport(result)).toMatch(/\[INVALID_FIELD_SHARING\] Non-shareable field "Product\.name" is resolved from multiple subgraphs/);
  });

  it("fails on a breaking change nobody acknowledged, and passes once it is acknowledged with a reason in the same commit", async () => {
    const root = projectCopy();
    edit(root, "subgraphs/products/schema.graphql", PRODUCT_ID, `${PRODUCT_ID}  legacyCode: String\n`);
    compose(root);
    commitAll(root, "add Product.legacyCode");
    edit(root, "subgraphs/products/schema.graphql", "  legacyCode: String\n", "");
    compose(root);
    commitAll(root, "remove Product.legacyCode");

    const refused = await check(root);
    expect(refused.passed).toBe(false);
    const review = reviewOf(refused);
    expect(review.base).toMatch(/^the previous commit HEAD~1/);
    expect(review.breaking).toEqual([
      { change: expect.objectContaining({ type: "FIELD_REMOVED", path: "Product.legacyCode" }), operations: [], acknowledgedReason: null },
    ]);
    expect(formatSchemaCheckReport(refused)).toContain("  - change: FIELD_REMOVED\n    coordinate: Product.legacyCode\n");

    writeFileSync(
      path.join(root, "schema/acknowledged-changes.yaml"),
      "acknowledged:\n  - change: FIELD_REMOVED\n    coordinate: Product.legacyCode\n    reason: Added by mistake a commit ago; no client ever used it.\n",
    );
    commitAll(root, "remove Product.legacyCode, acknowledged", "--amend");
    const accepted = await check(root);
    expect(accepted.passed).toBe(true);
    expect(reviewOf(accepted).breaking).toEqual([
      expect.objectContaining({ change: expect.objectContaining({ path: "Product.legacyCode" }), acknowledgedReason: "Added by mistake a commit ago; no client ever used it." }),
    ]);
  });

  it("checks a proposed subgraph schema from outside the project in place of the committed one", async () => {
    const root = projectCopy();
    const proposed = path.join(root, "..", `${path.basename(root)}-proposed.graphql`);
    copies.push(proposed);
    writeFileSync(proposed, readFileSync(path.join(root, "subgraphs/products/schema.graphql"), "utf8").replace(`  sku: String!${CACHE_HINT}\n`, ""));
    const result = await runSchemaCheck({ project: projectPaths(root), baseRef: "HEAD", proposed: { subgraph: "products", schemaPath: proposed } });
    expect(result.proposed).toEqual({ subgraph: "products", file: proposed, isNew: false });
    expect(result.drift).toEqual({ skipped: "a proposed schema is checked before it is committed" });
    expect(result.passed).toBe(false);
    expect(reviewOf(result).breaking.map((judged) => judged.change.path)).toEqual(["Product.sku"]);
  });
});

describe("the base breaking changes are judged against", () => {
  it("is the merge-base with main on a branch, so every commit of the branch counts", async () => {
    const root = projectCopy();
    git(root, "checkout", "-q", "-b", "feature");
    edit(root, "subgraphs/products/schema.graphql", PRODUCT_ID, `${PRODUCT_ID}  color: String\n`);
    compose(root);
    commitAll(root, "color");
    edit(root, "subgraphs/products/schema.graphql", "  color: String\n", "  color: String\n  material: String\n");
    compose(root);
    commitAll(root, "material");
    const review = reviewOf(await check(root));
    expect(review.base).toMatch(/^the merge-base with main \(/);
    expect(review.safe.map((change) => change.path).sort()).toEqual(["Product.color", "Product.material"]);
  });

  it("treats everything as an addition when there is no earlier commit, no supergraph.yaml or no subgraph file at the base", async () => {
    const first = projectCopy();
    expect(reviewOf(await check(first)).notes).toEqual(["HEAD is the first commit: everything is an addition"]);

    const withoutConfig = projectCopy(filesToCopy().filter((file) => file !== "supergraph.yaml"), { composed: false });
    cpSync(path.join(PROJECT_ROOT, "supergraph.yaml"), path.join(withoutConfig, "supergraph.yaml"));
    compose(withoutConfig);
    commitAll(withoutConfig, "add supergraph.yaml");
    const fromNothing = await check(withoutConfig);
    expect(fromNothing.passed).toBe(true);
    expect(reviewOf(fromNothing).notes).toEqual(["the base has no supergraph.yaml: everything is an addition"]);
    expect(reviewOf(fromNothing).safe).toEqual(expect.arrayContaining([expect.objectContaining({ type: "FIELD_ADDED", path: "Query.products" })]));

    // Payments: a subgraph the others do not depend on (orders needs shipping's Cart.shippingCost, for one).
    const withoutPayments = projectCopy(filesToCopy().filter((file) => file !== "subgraphs/payments/schema.graphql"), { composed: false });
    cpSync(path.join(PROJECT_ROOT, "subgraphs/payments/schema.graphql"), path.join(withoutPayments, "subgraphs/payments/schema.graphql"));
    compose(withoutPayments);
    commitAll(withoutPayments, "add the payments subgraph");
    const review = reviewOf(await check(withoutPayments));
    expect(review.notes).toEqual(["not at the base yet, so all theirs is new: payments"]);
    expect(review.safe).toEqual(expect.arrayContaining([expect.objectContaining({ type: "FIELD_ADDED", path: "Order.payment" })]));
  });

  it("is reported, not judged, when the base itself does not compose", async () => {
    const root = projectCopy();
    edit(root, "subgraphs/inventory/schema.graphql", PRODUCT_ID, `${PRODUCT_ID}  name: String!\n`);
    commitAll(root, "a broken commit");
    git(root, "revert", "--no-edit", "HEAD");
    const result = await check(root);
    expect(result.passed).toBe(true);
    expect(reviewOf(result).notes).toEqual([expect.stringMatching(/^the base does not compose, so breaking changes cannot be judged against it:\n {2}.*INVALID_FIELD_SHARING/)]);
  });

  it("fails outside a git repository unless told to go without a base", async () => {
    const root = projectCopy();
    rmSync(path.join(root, ".git"), { recursive: true, force: true });
    expect((await check(root)).changes).toEqual({ problem: `${root} is not in a git repository; set SCHEMA_BASE_REF=none to check without a base` });
    expect((await check(root, "none")).passed).toBe(true);
  });

  it("fails when SCHEMA_BASE_REF names no commit, and is skipped on purpose with SCHEMA_BASE_REF=none", async () => {
    const root = projectCopy();
    const unknown = await check(root, "no-such-branch");
    expect(unknown.passed).toBe(false);
    expect(unknown.changes).toEqual({ problem: "SCHEMA_BASE_REF=no-such-branch is not a commit in this repository (fetch it first?)" });
    const skipped = await check(root, "none");
    expect(skipped.passed).toBe(true);
    expect(skipped.changes).toEqual({ skipped: "breaking changes are not judged (SCHEMA_BASE_REF=none)" });
  });
});
