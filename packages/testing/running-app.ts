import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import { closeServer, listen } from "../subgraph-host";

export interface RunningApp {
  url: string;
  graphqlUrl: string;
  close: () => Promise<void>;
}

/**
 * Listens on a free loopback port, so tests speak real HTTP to the app. `onListening` gets the server
 * (the gateway serves WebSockets on it).
 */
export async function runApp(app: Express, onClose: () => Promise<void> = async () => {}, onListening: (server: Server) => void = () => {}): Promise<RunningApp> {
  const server: Server = await listen(app, 0, "127.0.0.1");
  onListening(server);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    close: async () => {
      await closeServer(server);
      await onClose();
    },
  };
}
