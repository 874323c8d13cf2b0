import { spawn } from "node:child_process";
import path from "node:path";

export interface CommandResult {
  code: number;
  output: string;
}

/** Runs a command to completion and collects its output, for scripts that report per step. */
export function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

const PRISMA_DIR = path.join(__dirname, "..", "prisma");

/**
 * A file of the domain's, found from this file's own place: prisma/<domain>/<name>.ts when run from the
 * sources, dist/prisma/<domain>/<name>.js in the build (the image has no sources).
 */
function domainConfigPath(domain: string, name: "prisma.config" | "migrate.config"): string {
  return path.join(PRISMA_DIR, domain, `${name}${path.extname(__filename)}`);
}

/** Telemetry and update checks off: these machines are offline. */
const OFFLINE_ENV = { CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" };

/**
 * Prisma 7's CLI for one domain: `generate` only. It downloads its native schema engine before every
 * command unless PRISMA_SCHEMA_ENGINE_BINARY names an existing file; generate never runs that engine, so a
 * committed stub that fails loudly stands in (a real engine given in the environment wins). The CLI is
 * run by path: `prisma` and `prisma6` both declare the `prisma` bin, so node_modules/.bin/prisma may be either.
 */
export function prisma(domain: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CommandResult> {
  return runCommand(process.execPath, [require.resolve("prisma/build/index.js"), ...args, "--config", domainConfigPath(domain, "prisma.config")], {
    ...env,
    ...OFFLINE_ENV,
    PRISMA_SCHEMA_ENGINE_BINARY: env.PRISMA_SCHEMA_ENGINE_BINARY || path.join(PRISMA_DIR, "schema-engine-stub.sh"),
  });
}

/**
 * The Prisma 6.19 CLI (npm alias `prisma6`) for one domain's migrations (`migrate deploy`, `migrate status`,
 * `migrate diff`): it runs its WebAssembly schema engine through adapter-pg, offline, where Prisma 7 needs a
 * native engine it would download. See prisma/migrate-config-for.ts.
 */
export function prismaMigrate(domain: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CommandResult> {
  return runCommand(process.execPath, [require.resolve("prisma6/build/index.js"), ...args, "--config", domainConfigPath(domain, "migrate.config")], {
    ...env,
    ...OFFLINE_ENV,
  });
}
