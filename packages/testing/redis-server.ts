import { spawn } from "node:child_process";
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import Redis from "ioredis";
import { freePort } from "./free-port";

export interface RedisServerProcess {
  url: string;
  pid: number;
  /** Stops it (SIGTERM, then SIGKILL after 5 s) and waits for it to exit; safe to call twice. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

export interface RedisServerOptions {
  /** Require this password (`requirepass`); the returned url does not carry it. */
  password?: string;
}

/** A Redis of the test's own on a free loopback port, without persistence, for tests that take Redis away. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServerProcess> {
  const port = await freePort();
  const auth = options.password === undefined ? [] : ["--requirepass", options.password];
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", ...auth], {
    stdio: "ignore",
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
  try {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(await accepts(port))) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`redis-server did not start on port ${port}`);
      await sleep(50);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis://127.0.0.1:${port}`, pid: child.pid!, stop };
}

/** Redis listens once it can serve, so an accepted connection means it is up. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export interface FileRedis {
  /** The server's url; set once the file's beforeAll has run. */
  url: string;
  /** A client on it (one retry per command); set once the file's beforeAll has run. */
  redis: Redis;
}

/**
 * A Redis server of the test file's own with a client on it: started in the file's beforeAll, both
 * stopped in its afterAll. Call at the top of the file; read `url` and `redis` inside its tests.
 */
export function useFileRedis(): FileRedis {
  const handle = {} as FileRedis;
  let server: RedisServerProcess | undefined;
  beforeAll(async () => {
    server = await startRedisServer();
    handle.url = server.url;
    handle.redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    handle.redis?.disconnect();
    await server?.stop();
  });
  return handle;
}
