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

/**
 * The domain's Prisma config, found from this file's own place: prisma/<domain>/prisma.config.ts when run
 * from the sources, dist/prisma/<domain>/prisma.config.js in the build (the image has no sources).
 */
function prismaConfigPath(domain: string): string {
  return path.join(__dirname, "..", "prisma", domain, `prisma.config${path.extname(__filename)}`);
}

/** Prisma's CLI for one domain; telemetry is off since these machines are offline. */
export function prisma(domain: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CommandResult> {
  return runCommand(
    process.execPath,
    [require.resolve("prisma/build/index.js"), ...args, "--config", prismaConfigPath(domain)],
    { ...env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  );
}
