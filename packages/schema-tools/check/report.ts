import { formatCompositionProblem } from "../composition-problems";
import { coordinateOf } from "./acknowledged-changes";
import type { OperationProblem } from "./operations";
import type { ChangeReview, JudgedChange, SchemaCheckResult, Skipped } from "./run-check";
import type { SchemaChange } from "./schema-changes";

/** Safe changes are listed up to this many; the rest are counted. */
const SAFE_CHANGES_SHOWN = 25;

const PASS = "✔";
const FAIL = "✖";
const WARN = "⚠";

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function isSkipped(section: object): section is Skipped {
  return "skipped" in section;
}

function describeOperationProblem(problem: OperationProblem): string {
  const where = problem.location ? ` (${problem.location})` : "";
  return `${problem.operation ?? "operations"}${where}: ${problem.message}`;
}

function describeChange(change: SchemaChange): string {
  return `${change.type} ${coordinateOf(change)}: ${change.message}`;
}

function describeJudged(judged: JudgedChange, mark: string, withReason: boolean): string {
  const lines = [`- ${mark} ${describeChange(judged.change)}`];
  lines.push(`    used by: ${judged.operations.length > 0 ? judged.operations.join(", ") : "no client operation in operations/"}`);
  if (judged.acknowledgedReason !== null) lines.push(`    acknowledged: ${judged.acknowledgedReason}`);
  else if (withReason && judged.change.reason) lines.push(`    ${judged.change.reason}`);
  return lines.join("\n");
}

function acknowledgementSnippet(review: ChangeReview, unacknowledged: JudgedChange[]): string {
  const entries = unacknowledged.map(({ change, operations }) =>
    [
      `  - change: ${change.type}`,
      `    coordinate: ${coordinateOf(change)}`,
      `    reason: <why this is safe for ${operations.length > 0 ? operations.join(", ") : "the clients that use it"}>`,
    ].join("\n"),
  );
  return `If the change is on purpose, acknowledge it with its reason in ${review.acknowledgementsFile} (committed with it):\n\nacknowledged:\n${entries.join("\n")}`;
}

interface Summary {
  ok: boolean | null;
  line: string;
}

function summarize(result: SchemaCheckResult): Array<[string, Summary]> {
  const { composition, drift, contract, operations, changes } = result;
  const unacknowledged = "breaking" in changes ? changes.breaking.filter((judged) => judged.acknowledgedReason === null).length : 0;
  return [
    ["Composition", composition.problems.length === 0 ? { ok: true, line: `the ${plural(result.subgraphs.length, "subgraph")} compose` } : { ok: false, line: `${plural(composition.problems.length, "error")}` }],
    [
      "Drift",
      isSkipped(drift)
        ? { ok: null, line: `not checked: ${drift.skipped}` }
        : drift.stale.length === 0
          ? { ok: true, line: "supergraph.graphql and generated code match a fresh compose and codegen" }
          : { ok: false, line: `${plural(drift.stale.length, "file")} differ from a fresh run` },
    ],
    [
      "Contract",
      isSkipped(contract)
        ? { ok: null, line: `not checked: ${contract.skipped}` }
        : contract.violations.length === 0
          ? { ok: true, line: "the API schema contains the client contract" }
          : { ok: false, line: `the API schema breaks the client contract in ${plural(contract.violations.length, "place")}` },
    ],
    [
      "Operations",
      isSkipped(operations)
        ? { ok: null, line: `not checked: ${operations.skipped}` }
        : operations.invalid.length === 0
          ? { ok: true, line: `all ${plural(operations.count, "client operation")} validate against the new API schema` }
          : { ok: false, line: `${plural(operations.invalid.length, "problem")} in the client operations` },
    ],
    [
      "Breaking changes",
      isSkipped(changes)
        ? { ok: null, line: `not judged: ${changes.skipped}` }
        : "problem" in changes
          ? { ok: false, line: changes.problem }
          : unacknowledged > 0
            ? { ok: false, line: `${unacknowledged} not acknowledged` }
            : { ok: true, line: changes.breaking.length === 0 ? "none" : `${plural(changes.breaking.length, "acknowledged change")}` },
    ],
  ];
}

function changeSections(review: ChangeReview): string[] {
  const sections: string[] = [];
  const unacknowledged = review.breaking.filter((judged) => judged.acknowledgedReason === null);
  if (review.breaking.length > 0) {
    const lines = review.breaking.map((judged) => describeJudged(judged, judged.acknowledgedReason === null ? FAIL : PASS, true));
    if (unacknowledged.length > 0) lines.push("", acknowledgementSnippet(review, unacknowledged));
    sections.push(`### Breaking changes (${review.breaking.length})\n\n${lines.join("\n")}`);
  }
  if (review.dangerous.length > 0) {
    sections.push(`### Dangerous changes (${review.dangerous.length})\n\n${review.dangerous.map((judged) => describeJudged(judged, WARN, true)).join("\n")}`);
  }
  if (review.safe.length > 0) {
    const shown = review.safe.slice(0, SAFE_CHANGES_SHOWN).map((change) => `- ${describeChange(change)}`);
    if (review.safe.length > SAFE_CHANGES_SHOWN) shown.push(`- … and ${review.safe.length - SAFE_CHANGES_SHOWN} more`);
    sections.push(`### Safe changes (${review.safe.length})\n\n${shown.join("\n")}`);
  }
  return sections;
}

function detailSections(result: SchemaCheckResult): string[] {
  const sections: string[] = [];
  if (result.composition.problems.length > 0) {
    sections.push(`### ${FAIL} The subgraphs do not compose\n\n${result.composition.problems.map((problem) => `- ${formatCompositionProblem(problem)}`).join("\n")}`);
  }
  if ("stale" in result.drift && result.drift.stale.length > 0) {
    sections.push(`### ${FAIL} Committed outputs differ from a fresh run (commit the regenerated files)\n\n${result.drift.stale.map((file) => `- ${file}`).join("\n")}`);
  }
  if ("violations" in result.contract && result.contract.violations.length > 0) {
    sections.push(`### ${FAIL} The API schema no longer contains the client contract\n\n${result.contract.violations.map((violation) => `- ${violation}`).join("\n")}`);
  }
  if ("invalid" in result.operations && result.operations.invalid.length > 0) {
    sections.push(`### ${FAIL} Client operations that no longer validate\n\n${result.operations.invalid.map((problem) => `- ${describeOperationProblem(problem)}`).join("\n")}`);
  }
  if ("breaking" in result.changes) sections.push(...changeSections(result.changes));
  const notes = [
    ...("breaking" in result.changes ? result.changes.notes : []),
    ...("deprecated" in result.operations ? result.operations.deprecated.map((problem) => `${WARN} ${describeOperationProblem(problem)}`) : []),
    ...("builtSincePending" in result.contract ? result.contract.builtSincePending.map((item) => `${item} exists now: take it off CONTRACT_ITEMS_NOT_YET_BUILT so the contract check covers it`) : []),
    ...("unusedAcknowledgements" in result.changes
      ? result.changes.unusedAcknowledgements.map((entry) => `acknowledgement ${entry.change} ${entry.coordinate} matches no change against this base (already in it, or mistyped)`)
      : []),
  ];
  if (notes.length > 0) sections.push(`### Notes\n\n${notes.map((note) => `- ${note.includes("\n") ? note.replace(/\n/g, "\n  ") : note}`).join("\n")}`);
  return sections;
}

/** The check's result as a review comment: a verdict, one line per check, then the details that need action. */
export function formatSchemaCheckReport(result: SchemaCheckResult): string {
  const summary = summarize(result);
  const failures = summary.filter(([, { ok }]) => ok === false).length;
  const subject = result.proposed
    ? `${plural(result.subgraphs.length, "subgraph")}, with the proposed ${result.proposed.subgraph} schema from ${result.proposed.file}${result.proposed.isNew ? " (a new subgraph)" : ""}`
    : plural(result.subgraphs.length, "subgraph");
  const base = "base" in result.changes ? `, breaking changes judged against ${result.changes.base}` : "";
  const verdict = result.passed ? `${PASS} Schema check passed` : `${FAIL} Schema check failed: ${plural(failures, "check")} need${failures === 1 ? "s" : ""} attention`;
  const lines = summary.map(([name, { ok, line }]) => `- ${ok === null ? "–" : ok ? PASS : FAIL} ${name}: ${line}`);
  return [`## ${verdict}`, `Checked ${subject}${base}.`, lines.join("\n"), ...detailSections(result)].join("\n\n") + "\n";
}

