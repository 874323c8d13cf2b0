import type { Server } from "node:http";
import type { Logger } from "../logging";
import { closeServer } from "./listen";

/**
 * How long requests in flight at SIGTERM may take to finish. deploy/k8s's terminationGracePeriodSeconds
 * covers its preStop sleep, this, and the rest of the stop (its manifests test checks that).
 */
export const SHUTDOWN_DRAIN_MS = 10_000;

/** Stops a running service cleanly on SIGTERM/SIGINT: stop taking requests, let those in flight finish, then release resources. */
export function stopOnSignals(server: Server, logger: Logger, release: () => Promise<void>): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    try {
      await closeServer(server, SHUTDOWN_DRAIN_MS);
      await release();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, "error while stopping");
      process.exit(1);
    }
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}
