import { spawn, type ChildProcess } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { PROJECT_ROOT } from "../schema-tools";

export interface ServiceProcess {
  pid: number;
  /** SIGTERM (the service stops cleanly), SIGKILL after 10 s; resolves once it has exited. */
  stop(): Promise<void>;
}

const STOP_TIMEOUT_MS = 10_000;

/** Runs a service's TypeScript entry point (e.g. `gateway/src/index.ts`) through tsx as its own Node process. */
export function spawnService(entry: string, env: NodeJS.ProcessEnv, stderr: "inherit" | "ignore" = "inherit", nodeArgs: readonly string[] = []): ServiceProcess {
  return spawnNode([...nodeArgs, "--import", "tsx", entry], env, stderr);
}

/** Runs `node <args>` from the project folder as its own process (e.g. a service from the build: packages/service-launch). */
export function spawnNode(args: readonly string[], env: NodeJS.ProcessEnv, stderr: "inherit" | "ignore" = "inherit"): ServiceProcess {
  const child: ChildProcess = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env, stdio: ["ignore", "ignore", stderr] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      child.kill("SIGTERM");
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls a URL until it answers 2xx, for at most `timeoutMs`. */
export async function waitForOk(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1_000) })).ok) return;
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}
