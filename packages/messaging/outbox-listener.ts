import { Client } from "pg";
import type { Logger } from "../logging";

/** The channel `enqueue` notifies in the same transaction as its rows: PostgreSQL delivers it on commit. */
export const OUTBOX_CHANNEL = "outbox";

const RECONNECT_AFTER_MS = 1_000;

export interface OutboxListener {
  stop(): Promise<void>;
}

/**
 * Calls `onCommit` whenever a transaction that wrote to this database's outbox commits, so the relay
 * publishes at once instead of at its next poll. A lost connection is opened again after a pause, and
 * `onCommit` is called once it listens again (rows may have committed meanwhile); the relay's poll
 * still finds anything a notification never announced.
 */
export function listenForOutboxCommits(databaseUrl: string, logger: Logger, onCommit: () => void): OutboxListener {
  let listening: Client | null = null;
  let running = true;
  let reconnectTimer: NodeJS.Timeout | undefined;

  function drop(client: Client): void {
    if (listening === client) listening = null;
    client.removeAllListeners("notification");
    client.end().catch(() => undefined);
    if (running && reconnectTimer === undefined) {
      reconnectTimer = setTimeout(() => {
        reconnectTimer = undefined;
        void connect();
      }, RECONNECT_AFTER_MS);
    }
  }

  async function connect(): Promise<void> {
    const client = new Client({ connectionString: databaseUrl });
    client.on("notification", () => onCommit());
    client.on("error", (error) => {
      logger.warn({ err: error }, "outbox listener connection lost; polling until it is back");
      drop(client);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (error) {
      logger.warn({ err: error }, "outbox listener could not connect; polling until it can");
      drop(client);
      return;
    }
    if (!running) {
      await client.end().catch(() => undefined);
      return;
    }
    listening = client;
    onCommit();
  }

  void connect();
  return {
    stop: async () => {
      running = false;
      clearTimeout(reconnectTimer);
      const client = listening;
      listening = null;
      await client?.end().catch(() => undefined);
    },
  };
}
