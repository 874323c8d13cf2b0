import { existsSync } from "node:fs";
import path from "node:path";

/** A program's path on PATH (as the shell would find it), or null: tests skip or fail on tools CI installs. */
export function findOnPath(program: string, env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, program);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}
