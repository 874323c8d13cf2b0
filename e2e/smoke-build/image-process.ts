import { spawn } from "node:child_process";

export interface ImageProcess {
  name: string;
  pid: number;
  /** The exit code (null when killed by a signal) once it has exited; undefined while it runs. */
  exitCode(): number | null | undefined;
  /** Resolves with the exit code when it exits, or undefined after timeoutMs. */
  exited(timeoutMs: number): Promise<number | null | undefined>;
  /** The last part of what it printed, for the report when something fails. */
  output(): string;
  /** SIGTERM, SIGKILL after STOP_TIMEOUT_MS; resolves with whether it stopped by itself. */
  stop(): Promise<boolean>;
}

const OUTPUT_LIMIT = 8_000;
const STOP_TIMEOUT_MS = 10_000;

/** Runs one of the image's commands (exec form) in the image's working directory, as a container would. */
export function runImageCommand(name: string, command: string[], cwd: string, env: NodeJS.ProcessEnv): ImageProcess {
  const [file, ...args] = command;
  if (!file) throw new Error(`${name}: empty command`);
  const child = spawn(file, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-OUTPUT_LIMIT));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let code: number | null | undefined;
  const exit = new Promise<number | null>((resolve) => child.once("exit", (exitCode) => resolve((code = exitCode))));
  const exited = (timeoutMs: number) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
    return Promise.race([exit, timeout]).finally(() => clearTimeout(timer));
  };
  return {
    name,
    pid: child.pid!,
    exitCode: () => code,
    exited,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return true;
      process.kill(child.pid!, "SIGTERM");
      if ((await exited(STOP_TIMEOUT_MS)) !== undefined || child.exitCode !== null) return true;
      process.kill(child.pid!, "SIGKILL");
      await exit;
      return false;
    },
  };
}
