import type { Server } from "node:http";
import type { Logger } from "../logging";
import { closeServer } from "./listen";

/** Stops a running service cleanly on SIGTERM/SIGINT: stop taking requests, then release resources. */
export function stopOnSignals(server: Server, logger: Logger, release: () => Promise<void>): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    try {
      await closeServer(server);
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
