/**
 * A compiled build that is never stale and never rebuilt for nothing. ensureBuild compiles with tsc
 * (incrementally: only what changed is type-checked and emitted again) and copies the build's assets, but
 * only when an input changed since the last build or an output is missing; otherwise it returns at once.
 * The inputs are every file tsc read (as `--listFiles` names them: our sources, the generated Prisma
 * clients, the .d.ts files of node_modules), the tsconfig files and the assets; the stamp in the output
 * folder records each one's fingerprint (contents for ours, size and mtime for node_modules').
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface BuildSpec {
  /** The project folder; every other path is relative to it. */
  root: string;
  /** The tsconfig tsc builds with, then the files it extends (their changes make the build stale too). */
  tsconfigs: readonly [string, ...string[]];
  /** Where the build goes (overrides the tsconfig's outDir). */
  outDir: string;
  /** Files and folders the compiled code reads at run time, copied to the same path under outDir. */
  assets: readonly string[];
}

export type BuildOutcome = "up to date" | "built";

interface Stamp {
  /** The spec it was built with: another tsconfig, folder or asset list is another build. */
  spec: string;
  /** Fingerprint by absolute path. */
  inputs: Record<string, string>;
  /** Absolute paths that the build made and must still be there. */
  outputs: string[];
}

const STAMP_FILE = ".build-stamp.json";
const BUILD_INFO_FILE = ".tsbuildinfo";

const specKey = (spec: BuildSpec) => JSON.stringify({ tsconfigs: spec.tsconfigs, outDir: spec.outDir, assets: spec.assets });

/** Contents for our files; size and mtime for installed packages' (thousands of files, replaced whole by npm). */
function fingerprint(file: string): string {
  try {
    if (file.includes(`${path.sep}node_modules${path.sep}`)) {
      const stat = statSync(file);
      return `${stat.size}:${stat.mtimeMs}`;
    }
    return createHash("sha1").update(readFileSync(file)).digest("base64");
  } catch {
    return "missing";
  }
}

function filesUnder(target: string): string[] {
  if (!statSync(target).isDirectory()) return [target];
  return readdirSync(target, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** What tsc emits for a source file of ours (none for declarations and for files outside the project). */
function emittedFor(spec: BuildSpec, source: string): string | undefined {
  const relative = path.relative(spec.root, source);
  if (relative.startsWith("..") || relative.split(path.sep).includes("node_modules") || /\.d\.[cm]?ts$/.test(relative)) return undefined;
  const output = relative.replace(/\.tsx?$/, ".js").replace(/\.mts$/, ".mjs").replace(/\.cts$/, ".cjs");
  return path.join(spec.root, spec.outDir, output);
}

function readStamp(spec: BuildSpec): Stamp | undefined {
  try {
    const stamp = JSON.parse(readFileSync(path.join(spec.root, spec.outDir, STAMP_FILE), "utf8")) as Stamp;
    return stamp.spec === specKey(spec) ? stamp : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the last build is the build of what is on disk now, and all of it is still there. */
export function isBuildFresh(spec: BuildSpec): boolean {
  const stamp = readStamp(spec);
  if (!stamp) return false;
  return Object.entries(stamp.inputs).every(([file, print]) => fingerprint(file) === print) && stamp.outputs.every((file) => existsSync(file));
}

function compile(spec: BuildSpec, buildInfo: string): string[] {
  const tsc = spawnSync(
    process.execPath,
    [require.resolve("typescript/bin/tsc"), "-p", spec.tsconfigs[0], "--outDir", spec.outDir, "--incremental", "--tsBuildInfoFile", buildInfo, "--listFiles", "--pretty", "false"],
    { cwd: spec.root, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
  );
  const lines = tsc.stdout.split("\n").filter((line) => line.trim() !== "");
  // --listFiles names each file read, as an absolute path; everything else tsc prints is a diagnostic.
  const files = lines.filter((line) => path.isAbsolute(line) && existsSync(line));
  if (tsc.status !== 0) {
    const diagnostics = lines.filter((line) => !files.includes(line)).join("\n");
    throw new Error(`tsc -p ${spec.tsconfigs[0]} failed (${tsc.error?.message ?? `exit ${tsc.status}`}):\n${diagnostics}${tsc.stderr}`);
  }
  return files;
}

/**
 * Builds when the last build is stale or incomplete (see the top of this file); "up to date" otherwise.
 * Throws with tsc's diagnostics when the code does not compile: a build with type errors is not run.
 */
export function ensureBuild(spec: BuildSpec): BuildOutcome {
  if (isBuildFresh(spec)) return "up to date";
  const outDir = path.join(spec.root, spec.outDir);
  const buildInfo = path.join(outDir, BUILD_INFO_FILE);
  const stampFile = path.join(outDir, STAMP_FILE);
  const last = readStamp(spec);
  // tsc's incremental state records what it compiled, not whether the outputs are still there: without a
  // stamp, or with an output gone, everything is emitted again.
  if (!last || !last.outputs.every((file) => existsSync(file))) rmSync(buildInfo, { force: true });
  // A build that fails half way leaves no stamp, so the next start builds again.
  rmSync(stampFile, { force: true });

  // Its mtime is when the build began, on the file system's own clock (coarser than Date.now()).
  const startMarker = path.join(outDir, ".build-started");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(startMarker, "");
  const started = statSync(startMarker).mtimeMs;
  rmSync(startMarker);
  const sources = compile(spec, buildInfo);
  const outputs = sources.map((source) => emittedFor(spec, source)).filter((file): file is string => file !== undefined);
  const assets: string[] = [];
  for (const asset of spec.assets) {
    const source = path.join(spec.root, asset);
    // A missing asset means a service would fail at start-up; fail the build instead.
    if (!existsSync(source)) throw new Error(`build asset missing: ${asset}`);
    const target = path.join(outDir, asset);
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(source, target, { recursive: true });
    for (const file of filesUnder(source)) {
      assets.push(file);
      outputs.push(path.join(outDir, path.relative(spec.root, file)));
    }
  }
  const missing = outputs.filter((file) => !existsSync(file));
  if (missing.length > 0) throw new Error(`the build did not write ${missing.map((file) => path.relative(spec.root, file)).join(", ")}`);

  const inputFiles = [...spec.tsconfigs.map((config) => path.join(spec.root, config)), ...sources, ...assets];
  // A file saved while tsc ran may have been compiled as it was before: no stamp then, so the next call
  // builds again. (Saved in the same clock tick as the marker is before tsc, which takes far longer to start, read it.)
  if (inputFiles.some((file) => statSync(file).mtimeMs > started)) return "built";
  const inputs = Object.fromEntries(inputFiles.map((file) => [file, fingerprint(file)]));
  const stamp: Stamp = { spec: specKey(spec), inputs, outputs };
  writeFileSync(stampFile, JSON.stringify(stamp));
  return "built";
}
