import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { GraphQLSchema } from "graphql";
import { composeSupergraph, readSubgraphSources, type SubgraphSource } from "../compose";
import type { CompositionProblem } from "../composition-problems";
import { findContractViolations } from "../contract";
import { CONTRACT_ITEMS_NOT_YET_BUILT } from "../contract-pending";
import { readSupergraphConfig, type ProjectPaths } from "../supergraph-config";
import { judgeBreakingChanges, parseAcknowledgements, type Acknowledgement } from "./acknowledged-changes";
import { composeBaseApiSchema } from "./base-schema";
import { resolveBase, type BaseSelection } from "./git-base";
import { changeAffects, coordinatesUsedBy } from "./operation-usage";
import { collectOperations, readOperationSources, validateOperations, type ClientOperation, type OperationProblem } from "./operations";
import { diffApiSchemas, type SchemaChange } from "./schema-changes";

export interface SchemaCheckOptions {
  project: ProjectPaths;
  /** SCHEMA_BASE_REF: any git ref, `none` to judge no breaking changes, or undefined for the default base. */
  baseRef?: string;
  /** A proposed schema for one subgraph, checked in place of its file (like `rover subgraph check`); drift is not checked then. */
  proposed?: { subgraph: string; schemaPath: string };
  /** Lists generated files that differ from a fresh codegen run; when left out, generated code is not checked. */
  findStaleGeneratedFiles?: () => Promise<string[]>;
  /** Contract items not built yet (see contract-pending.ts). */
  notYetBuilt?: ReadonlySet<string>;
}

/** A section of the check that did not run, and why. */
export interface Skipped {
  skipped: string;
}

export interface JudgedChange {
  change: SchemaChange;
  /** Client operations that use what changed. */
  operations: string[];
  /** Set when a breaking change is acknowledged in the acknowledged-changes file. */
  acknowledgedReason: string | null;
}

export interface ChangeReview {
  base: string;
  /** Where acknowledgements go, relative to the project. */
  acknowledgementsFile: string;
  notes: string[];
  breaking: JudgedChange[];
  dangerous: JudgedChange[];
  safe: SchemaChange[];
  unusedAcknowledgements: Acknowledgement[];
}

export interface SchemaCheckResult {
  subgraphs: string[];
  proposed: { subgraph: string; file: string; isNew: boolean } | null;
  composition: { problems: CompositionProblem[] };
  drift: Skipped | { stale: string[] };
  contract: Skipped | { violations: string[]; builtSincePending: string[] };
  operations: Skipped | { count: number; invalid: OperationProblem[]; deprecated: OperationProblem[] };
  changes: Skipped | { problem: string } | ChangeReview;
  passed: boolean;
}

function displayPath(root: string, file: string): string {
  const relative = path.relative(root, path.resolve(file));
  return relative.startsWith("..") ? path.resolve(file) : relative;
}

function subgraphSources(options: SchemaCheckOptions): { sources: SubgraphSource[]; proposed: SchemaCheckResult["proposed"] } {
  const { project, proposed } = options;
  const sources = readSubgraphSources(readSupergraphConfig(project.supergraphConfig), project.root);
  if (!proposed) return { sources, proposed: null };
  const file = displayPath(project.root, proposed.schemaPath);
  const replacement = { sdl: readFileSync(proposed.schemaPath, "utf8"), sourceName: file };
  const index = sources.findIndex((source) => source.name === proposed.subgraph);
  if (index >= 0) sources[index] = { ...sources[index]!, ...replacement };
  else sources.push({ name: proposed.subgraph, routingUrl: `http://${proposed.subgraph}.proposed.invalid/graphql`, ...replacement });
  return { sources, proposed: { subgraph: proposed.subgraph, file, isNew: index < 0 } };
}

async function checkDrift(options: SchemaCheckOptions, supergraphSdl: string): Promise<SchemaCheckResult["drift"]> {
  if (options.proposed) return { skipped: "a proposed schema is checked before it is committed" };
  const { project } = options;
  const stale: string[] = [];
  if (!existsSync(project.supergraphSdl) || readFileSync(project.supergraphSdl, "utf8") !== supergraphSdl) {
    stale.push(`${displayPath(project.root, project.supergraphSdl)} (run \`npm run compose\`)`);
  }
  if (options.findStaleGeneratedFiles) {
    try {
      stale.push(...(await options.findStaleGeneratedFiles()).map((file) => `${file} (run \`npm run codegen\`)`));
    } catch (error) {
      stale.push(`generated code: codegen failed: ${(error as Error).message.trim()}`);
    }
  }
  return { stale };
}

function checkContract(options: SchemaCheckOptions, apiSchema: GraphQLSchema): SchemaCheckResult["contract"] {
  if (!existsSync(options.project.contract)) return { skipped: `there is no ${displayPath(options.project.root, options.project.contract)}` };
  const pending = options.notYetBuilt ?? CONTRACT_ITEMS_NOT_YET_BUILT;
  return {
    violations: findContractViolations(readFileSync(options.project.contract, "utf8"), apiSchema, pending),
    // Pending items that exist now can leave the list, so the contract check covers them again.
    builtSincePending: [...pending].filter((coordinate) => {
      const [type, field] = coordinate.split(".");
      const named = apiSchema.getType(type!);
      return named !== undefined && (field === undefined || ("getFields" in named && field in named.getFields()));
    }),
  };
}

function readAcknowledgements(project: ProjectPaths): Acknowledgement[] {
  if (!existsSync(project.acknowledgedChanges)) return [];
  return parseAcknowledgements(readFileSync(project.acknowledgedChanges, "utf8"), displayPath(project.root, project.acknowledgedChanges));
}

/** The API schema at the base (null: everything is an addition) and what a reader should know about it; null when it does not compose. */
function baseApiSchema(project: ProjectPaths, base: Extract<BaseSelection, { kind: "commit" | "nothing-before" }>): { schema: GraphQLSchema | null; notes: string[] } | { uncomposable: string } {
  if (base.kind === "nothing-before") return { schema: null, notes: [`${base.label}: everything is an addition`] };
  const composed = composeBaseApiSchema(project, base.commit);
  switch (composed.kind) {
    case "absent":
      return { schema: null, notes: ["the base has no supergraph.yaml: everything is an addition"] };
    case "uncomposable":
      return { uncomposable: `the base does not compose, so breaking changes cannot be judged against it:\n${composed.errors.map((error) => `  ${error}`).join("\n")}` };
    case "composed":
      return { schema: composed.schema, notes: composed.notThere.length > 0 ? [`not at the base yet, so all theirs is new: ${composed.notThere.join(", ")}`] : [] };
  }
}

/** Classifies every change against the base and tells, for each, which client operations use what changed. */
async function judgeChanges(baseSchema: GraphQLSchema | null, apiSchema: GraphQLSchema, operations: readonly ClientOperation[], acknowledgements: readonly Acknowledgement[]) {
  const usage = operations.map((operation) => ({ name: operation.name, used: coordinatesUsedBy(baseSchema ?? apiSchema, operation.document) }));
  const usersOf = (change: SchemaChange) =>
    change.path === null ? [] : usage.filter(({ used }) => changeAffects(change.path!, used, baseSchema)).map(({ name }) => name).sort();
  const judge = (change: SchemaChange, acknowledgedReason: string | null): JudgedChange => ({ change, operations: usersOf(change), acknowledgedReason });
  const changes = await diffApiSchemas(baseSchema, apiSchema);
  const breaking = judgeBreakingChanges(changes.filter((change) => change.level === "breaking"), acknowledgements);
  return {
    breaking: [...breaking.unacknowledged.map((change) => judge(change, null)), ...breaking.acknowledged.map(({ change, reason }) => judge(change, reason))],
    dangerous: changes.filter((change) => change.level === "dangerous").map((change) => judge(change, null)),
    safe: changes.filter((change) => change.level === "safe"),
    unusedAcknowledgements: breaking.unused,
  };
}

async function reviewChanges(options: SchemaCheckOptions, apiSchema: GraphQLSchema, operations: readonly ClientOperation[]): Promise<SchemaCheckResult["changes"]> {
  const base = resolveBase(options.project.root, options.baseRef);
  if (base.kind === "skipped") return { skipped: `breaking changes are not judged (${base.label})` };
  if (base.kind === "unavailable") return { problem: base.problem };
  let acknowledgements: Acknowledgement[];
  try {
    acknowledgements = readAcknowledgements(options.project);
  } catch (error) {
    return { problem: (error as Error).message };
  }
  const acknowledgementsFile = displayPath(options.project.root, options.project.acknowledgedChanges);
  const loaded = baseApiSchema(options.project, base);
  if ("uncomposable" in loaded) {
    return { base: base.label, acknowledgementsFile, notes: [loaded.uncomposable], breaking: [], dangerous: [], safe: [], unusedAcknowledgements: [] };
  }
  return { base: base.label, acknowledgementsFile, notes: loaded.notes, ...(await judgeChanges(loaded.schema, apiSchema, operations, acknowledgements)) };
}

function passed(result: Omit<SchemaCheckResult, "passed">): boolean {
  return (
    result.composition.problems.length === 0 &&
    !("stale" in result.drift && result.drift.stale.length > 0) &&
    !("violations" in result.contract && result.contract.violations.length > 0) &&
    !("invalid" in result.operations && result.operations.invalid.length > 0) &&
    !("problem" in result.changes) &&
    !("breaking" in result.changes && result.changes.breaking.some((judged) => judged.acknowledgedReason === null))
  );
}

/**
 * The whole schema check: composition, drift of committed outputs, the client contract, every client
 * operation against the new API schema, and breaking changes against a base commit.
 */
export async function runSchemaCheck(options: SchemaCheckOptions): Promise<SchemaCheckResult> {
  const { sources, proposed } = subgraphSources(options);
  const operationSet = collectOperations(existsSync(options.project.operations) ? readOperationSources(options.project.operations, options.project.root) : []);
  const composition = composeSupergraph(sources);
  const subgraphs = sources.map((source) => source.name);
  if (!composition.ok) {
    const notRun = { skipped: "the subgraphs do not compose" };
    const operations = operationSet.problems.length > 0 ? { count: operationSet.operations.length, invalid: operationSet.problems, deprecated: [] } : notRun;
    return { subgraphs, proposed, composition: { problems: composition.problems }, drift: notRun, contract: notRun, operations, changes: notRun, passed: false };
  }
  const validation = validateOperations(composition.apiSchema, operationSet.operations);
  const result = {
    subgraphs,
    proposed,
    composition: { problems: [] },
    drift: await checkDrift(options, composition.supergraphSdl),
    contract: checkContract(options, composition.apiSchema),
    operations: { count: operationSet.operations.length, invalid: [...operationSet.problems, ...validation.invalid], deprecated: validation.deprecated },
    changes: await reviewChanges(options, composition.apiSchema, operationSet.operations),
  };
  return { ...result, passed: passed(result) };
}
