/**
 * What the image needs from `npm run build`, read from the Dockerfile and docker-compose.yml themselves,
 * so that CI (which has no Docker engine) can check them against a local build: every path the runtime
 * stage copies from the build stage exists, every `node <file>` the image or compose runs exists inside
 * what the runtime stage ships, and no test code reached dist/.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";

export interface DockerInstruction {
  keyword: string;
  args: string;
}

export interface DockerStage {
  name: string;
  instructions: DockerInstruction[];
}

/** Stages of a Dockerfile: continuation lines joined, comments and blank lines dropped. */
export function parseDockerfile(text: string): DockerStage[] {
  const logical = text
    .split("\n")
    .filter((line) => !/^\s*#/.test(line))
    .join("\n")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const stages: DockerStage[] = [];
  for (const line of logical) {
    const [, keyword = "", args = ""] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args };
    if (instruction.keyword === "FROM") {
      const name = / AS (\S+)$/i.exec(args)?.[1] ?? String(stages.length);
      stages.push({ name, instructions: [] });
    }
    stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}

/** A COPY --from=<stage> in the runtime stage: what it takes from that stage's /app. */
export interface StageCopy {
  from: string;
  sources: string[];
}

export interface ImageLayout {
  workdir: string;
  copies: StageCopy[];
  /** The image's default command, exec form. */
  command: string[];
  /** The runtime stage's ENV settings (NODE_ENV, NODE_OPTIONS). */
  env: Record<string, string>;
}

/** `ENV A=1 B="two words"`: the settings of one ENV instruction (the key=value form). */
export function envSettings(args: string): Record<string, string> {
  return Object.fromEntries([...args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=(?:"([^"]*)"|(\S*))/g)].map((match) => [match[1]!, match[2] ?? match[3] ?? ""]));
}

/** The runtime (last) stage: its working directory, what it copies from other stages, its CMD. */
export function runtimeLayout(stages: DockerStage[]): ImageLayout {
  const runtime = stages.at(-1);
  if (!runtime) throw new Error("the Dockerfile has no stage");
  const workdir = stages.flatMap((stage) => stage.instructions).find((instruction) => instruction.keyword === "WORKDIR")?.args ?? "/";
  const copies = runtime.instructions
    .filter((instruction) => instruction.keyword === "COPY")
    .map((instruction) => {
      const from = /--from=(\S+)/.exec(instruction.args)?.[1] ?? "context";
      const paths = instruction.args.split(/\s+/).filter((part) => !part.startsWith("--"));
      return { from, sources: paths.slice(0, -1) };
    });
  const cmd = runtime.instructions.findLast((instruction) => instruction.keyword === "CMD");
  if (!cmd) throw new Error(`stage ${runtime.name} has no CMD`);
  const env = Object.assign({}, ...runtime.instructions.filter((instruction) => instruction.keyword === "ENV").map((instruction) => envSettings(instruction.args))) as Record<string, string>;
  return { workdir, copies, command: JSON.parse(cmd.args) as string[], env };
}

/** Every script a command runs with `node` (exec form, or `sh -c "node a && node b"`). */
export function nodeEntryPoints(command: string[]): string[] {
  const words = command[0] === "sh" && command[1] === "-c" ? (command[2] ?? "").split(/\s+/) : command;
  return words.flatMap((word, index) => (word === "node" && words[index + 1] ? [words[index + 1]!] : []));
}

/** Each compose service built from our image, with its command (the image's CMD when it has none). */
export function composeCommands(composeText: string, imageCommand: string[]): Record<string, string[]> {
  const compose = parseYaml(composeText, { merge: true }) as { services: Record<string, { image?: string; command?: string[] }> };
  const ours = Object.entries(compose.services).filter(([, service]) => service.image?.startsWith("shop-supergraph"));
  return Object.fromEntries(ours.map(([name, service]) => [name, service.command ?? imageCommand]));
}

const TEST_PATHS = [/(^|\/)e2e\//, /(^|\/)bench\//, /(^|\/)packages\/testing\//, /\.test\.js$/, /fixtures?\.js$/];
const TEST_IMPORTS = /require\("(jest|@jest\/[^"]*|fast-check|[^"]*packages\/testing[^"]*|[^"]*\/e2e\/[^"]*)"\)/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
}

/** Files of dist/ that are test code or import it. */
export function testCodeIn(distDir: string): string[] {
  return filesUnder(distDir).filter(
    (file) => TEST_PATHS.some((pattern) => pattern.test(file)) || (file.endsWith(".js") && TEST_IMPORTS.test(readFileSync(path.join(distDir, file), "utf8"))),
  );
}

/** Everything wrong with the build for the image; [] when the image would find all it needs. */
export function buildLayoutProblems(projectRoot: string): string[] {
  const layout = runtimeLayout(parseDockerfile(readFileSync(path.join(projectRoot, "Dockerfile"), "utf8")));
  const problems: string[] = [];
  const shipped: string[] = [];
  for (const copy of layout.copies) {
    for (const source of copy.sources) {
      const relative = path.posix.relative(layout.workdir, source);
      shipped.push(relative);
      // The build stage is the context plus the build's output; other stages install node_modules.
      if (copy.from === "build" && !existsSync(path.join(projectRoot, relative))) problems.push(`COPY --from=build ${source}: not there after npm run build`);
    }
  }
  const commands = { "Dockerfile CMD": layout.command, ...composeCommands(readFileSync(path.join(projectRoot, "docker-compose.yml"), "utf8"), layout.command) };
  for (const [where, command] of Object.entries(commands)) {
    const entries = nodeEntryPoints(command);
    if (entries.length === 0) problems.push(`${where}: runs no node script (${command.join(" ")})`);
    for (const entry of entries) {
      if (!existsSync(path.join(projectRoot, entry))) problems.push(`${where}: ${entry} does not exist after npm run build`);
      if (!shipped.some((prefix) => entry === prefix || entry.startsWith(`${prefix}/`))) problems.push(`${where}: ${entry} is not in the runtime image`);
    }
  }
  for (const file of testCodeIn(path.join(projectRoot, "dist"))) problems.push(`dist/${file}: test code in the production build`);
  return problems;
}
