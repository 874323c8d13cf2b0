import { execFileSync } from "node:child_process";

/** The commit breaking changes are judged against, or why there is none. */
export type BaseSelection =
  | { kind: "commit"; commit: string; label: string }
  /** The repository has no earlier commit: everything is an addition. */
  | { kind: "nothing-before"; label: string }
  /** SCHEMA_BASE_REF=none: the breaking-change check is switched off on purpose. */
  | { kind: "skipped"; label: string }
  | { kind: "unavailable"; problem: string };

const GIT_TIMEOUT_MS = 15_000;

/** Runs git in `cwd`; returns its trimmed output, or null when it exits non-zero. */
function git(cwd: string, args: string[]): string | null {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: GIT_TIMEOUT_MS }).trim();
  } catch {
    return null;
  }
}

function commitOf(cwd: string, ref: string): string | null {
  return git(cwd, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
}

const MAIN_BRANCHES = ["refs/remotes/origin/main", "refs/heads/main"];

/**
 * Picks the base: `requested` (SCHEMA_BASE_REF) when given; otherwise the merge-base with origin/main
 * or main when one exists and differs from HEAD (a branch is judged against where it left main);
 * otherwise the previous commit.
 */
export function resolveBase(root: string, requested: string | undefined): BaseSelection {
  if (requested === "none") return { kind: "skipped", label: "SCHEMA_BASE_REF=none" };
  if (git(root, ["rev-parse", "--git-dir"]) === null) {
    return { kind: "unavailable", problem: `${root} is not in a git repository; set SCHEMA_BASE_REF=none to check without a base` };
  }
  if (requested) {
    const commit = commitOf(root, requested);
    return commit
      ? { kind: "commit", commit, label: `${requested} (${commit.slice(0, 10)})` }
      : { kind: "unavailable", problem: `SCHEMA_BASE_REF=${requested} is not a commit in this repository (fetch it first?)` };
  }
  const head = commitOf(root, "HEAD");
  if (head === null) return { kind: "nothing-before", label: "no commit yet" };
  for (const branch of MAIN_BRANCHES) {
    if (commitOf(root, branch) === null) continue;
    const mergeBase = git(root, ["merge-base", "HEAD", branch]);
    if (mergeBase && mergeBase !== head) {
      return { kind: "commit", commit: mergeBase, label: `the merge-base with ${branch.replace(/^refs\/(remotes|heads)\//, "")} (${mergeBase.slice(0, 10)})` };
    }
  }
  const previous = commitOf(root, "HEAD~1");
  if (previous) return { kind: "commit", commit: previous, label: `the previous commit HEAD~1 (${previous.slice(0, 10)})` };
  if (git(root, ["rev-parse", "--is-shallow-repository"]) === "true") {
    return { kind: "unavailable", problem: "HEAD~1 is not in this shallow clone: fetch one more commit (git fetch --deepen=1) or set SCHEMA_BASE_REF" };
  }
  return { kind: "nothing-before", label: "HEAD is the first commit" };
}

/** A file's text at `commit` (path relative to `root`), or null when it does not exist there. */
export function readFileAtCommit(root: string, commit: string, relativePath: string): string | null {
  const spec = `${commit}:./${relativePath.split("\\").join("/")}`;
  if (git(root, ["cat-file", "-e", spec]) === null) return null;
  return execFileSync("git", ["show", spec], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: GIT_TIMEOUT_MS });
}
