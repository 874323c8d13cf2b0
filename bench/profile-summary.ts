/**
 * `tsx bench/profile-summary.ts <dir>`: reads the `.cpuprofile` files that `node --cpu-prof` wrote (one
 * per process, e.g. every service of `npm run bench:saga` run with NODE_OPTIONS="--cpu-prof
 * --cpu-prof-dir=<dir>") and prints, per process, where its CPU went: by package or project folder, and
 * the functions with the most self time. The process is named after the project folder its code ran most in.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const TOP = Number(process.env.PROFILE_TOP ?? 12);
/** Samples from the first PROFILE_SKIP_MS of each profile are left out: start-up is not what a load costs. */
const SKIP_MS = Number(process.env.PROFILE_SKIP_MS ?? 0);
/**
 * PROFILE_FROM=<function name>: samples before the first one with this function on its stack are left out
 * (e.g. `processGraphQLRequest`: start-up and seeding end where the process serves its first GraphQL request).
 */
const FROM = process.env.PROFILE_FROM;
/**
 * PROFILE_CHARGE_CALLER=1: time in Node's internals and native code (socket writes, streams, JSON) counts
 * towards the nearest package or project folder up the stack, i.e. the code that asked for it.
 */
const CHARGE_CALLER = process.env.PROFILE_CHARGE_CALLER === "1";

/** Where a frame's code lives: an npm package, a project folder, Node itself, or the engine. */
function placeOf(url: string, functionName: string): string {
  if (url === "") return functionName.startsWith("(") ? functionName : "(native)";
  // Prisma 6's query compiler is the only WebAssembly the services run.
  if (url.startsWith("wasm://")) return "(wasm: Prisma query compiler)";
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch) return packageMatch[1]!;
  if (url.startsWith("node:")) return "node:" + url.slice(5).split("/")[0];
  const projectMatch = /\/(subgraphs\/[^/]+|gateway|packages\/[^/]+|prisma\/[^/]+|bench|scripts|e2e)\//.exec(url);
  return projectMatch ? projectMatch[1]! : "(other)";
}

function summarize(file: string): void {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const stackHas = (id: number, functionName: string) => {
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) if (nodes.get(at)!.callFrame.functionName === functionName) return true;
    return false;
  };
  const selfMs = new Map<number, number>();
  let elapsedMs = 0;
  let started = FROM === undefined;
  profile.samples.forEach((id, index) => {
    const deltaMs = (profile.timeDeltas[index] ?? 0) / 1000;
    elapsedMs += deltaMs;
    started ||= stackHas(id, FROM!);
    if (started && elapsedMs >= SKIP_MS) selfMs.set(id, (selfMs.get(id) ?? 0) + deltaMs);
  });
  /** The frame's place, or with PROFILE_CHARGE_CALLER that of the nearest package or project frame above it. */
  const chargedPlace = (id: number): string => {
    const { url, functionName } = nodes.get(id)!.callFrame;
    const own = placeOf(url, functionName);
    if (!CHARGE_CALLER || !(own.startsWith("node:") || own === "(native)" || own === "(program)")) return own;
    for (let at = parents.get(id); at !== undefined; at = parents.get(at)) {
      const frame = nodes.get(at)!.callFrame;
      const place = placeOf(frame.url, frame.functionName);
      if (!place.startsWith("node:") && !place.startsWith("(")) return place;
    }
    return own;
  };
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const projectFolders = new Map<string, number>();
  let total = 0;
  for (const [id, ms] of selfMs) {
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    const place = chargedPlace(id);
    if (place === "(idle)") continue;
    total += ms;
    byPlace.set(place, (byPlace.get(place) ?? 0) + ms);
    const name = `${functionName || "(anonymous)"} ${url.split("/").slice(-2).join("/")}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    if (/^(subgraphs\/|gateway$|bench$|scripts$)/.test(place)) projectFolders.set(place, (projectFolders.get(place) ?? 0) + ms);
  }
  const process = [...projectFolders].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "(unknown)";
  const share = (ms: number) => `${((ms / total) * 100).toFixed(1)}%`;
  console.log(`\n## ${process} (${file.split("/").pop()}): ${(total / 1000).toFixed(1)} s of CPU sampled\n`);
  console.log("| where | share |\n|---|---|");
  for (const [place, ms] of [...byPlace].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`| ${place} | ${share(ms)} |`);
  console.log("\n| function (self time) | share |\n|---|---|");
  for (const [name, ms] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`| ${name.replace(/\|/g, "\\|")} | ${share(ms)} |`);
}

const dir = process.argv[2];
if (!dir) {
  console.error("usage: tsx bench/profile-summary.ts <directory of .cpuprofile files>");
  process.exit(2);
}
for (const file of readdirSync(dir).filter((name) => name.endsWith(".cpuprofile")).sort()) summarize(join(dir, file));
