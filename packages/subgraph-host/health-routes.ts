import { Router } from "express";

const READY_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** What `/ready` answers with HTTP 200: a status, and whatever else a service reports about itself. */
export type ReadyBody = { status: string } & Record<string, unknown>;

/**
 * `/health`: the process is alive. `/ready`: its dependencies answer, so it can take traffic (HTTP 200),
 * or not (HTTP 503 when `checkReady` rejects). `readyBody` describes what `checkReady` resolved to, with
 * a finer status than "ready" if need be (the gateway answers "degraded" while some subgraph is away,
 * with its breakers' states).
 */
export function healthRoutes<TResult>(
  checkReady: () => Promise<TResult>,
  onNotReady: (error: unknown) => void,
  readyBody: (result: TResult) => ReadyBody = () => ({ status: "ready" }),
): Router {
  const router = Router();
  router.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/ready", async (_req, res) => {
    try {
      const result = await withTimeout(checkReady(), READY_TIMEOUT_MS);
      res.json(readyBody(result));
    } catch (error) {
      onNotReady(error);
      res.status(503).json({ status: "unavailable" });
    }
  });
  return router;
}
