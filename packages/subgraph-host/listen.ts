import type { Server } from "node:http";
import type { Socket } from "node:net";
import type { Express } from "express";

/** Every socket a server has open, upgraded ones (WebSockets) included, which closeAllConnections does not reach. */
const openSockets = new WeakMap<Server, Set<Socket>>();

function trackSockets(server: Server): void {
  const sockets = new Set<Socket>();
  openSockets.set(server, sockets);
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
}

/** Starts listening and resolves with the server once the port is bound. */
export function listen(app: Express, port: number, host = "0.0.0.0"): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
    trackSockets(server);
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
    // A WebSocket (graphql-ws) keeps the server from closing until it ends: it ends now.
    for (const socket of openSockets.get(server) ?? []) socket.destroy();
  });
}
