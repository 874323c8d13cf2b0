import type { Server } from "node:http";
import type { Duplex } from "node:stream";
import type { Express } from "express";

/** How often idle keep-alive connections are closed while a server drains. */
const DRAIN_SWEEP_MS = 100;

/** Sockets a server handed over to WebSockets (graphql-ws), which closeAllConnections does not reach. */
const upgradedSockets = new WeakMap<Server, Set<Duplex>>();

function trackUpgrades(server: Server): void {
  const sockets = new Set<Duplex>();
  upgradedSockets.set(server, sockets);
  server.on("upgrade", (_request, socket: Duplex) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
}

/** A WebSocket keeps the server from closing until it ends; its client reconnects (to another replica) and gets the current state again. */
function endWebSockets(server: Server): void {
  for (const socket of upgradedSockets.get(server) ?? []) socket.destroy();
}

/** Starts listening and resolves with the server once the port is bound. */
export function listen(app: Express, port: number, host = "0.0.0.0"): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
    trackUpgrades(server);
  });
}

/**
 * Stops accepting connections and resolves once every open one is closed. With `drainMs`, requests in
 * flight may finish for that long (a caller's mutation is not cut halfway through a rolling update), and
 * keep-alive connections are closed as soon as they are idle, since clients would otherwise hold them open;
 * what is still running after `drainMs` is cut. Without it, everything is cut at once. WebSockets end at once
 * either way.
 */
export function closeServer(server: Server, drainMs = 0): Promise<void> {
  const closed = (onClosed: () => void = () => {}) =>
    new Promise<void>((resolve, reject) => {
      server.close((error) => {
        onClosed();
        if (error) reject(error);
        else resolve();
      });
    });
  endWebSockets(server);
  if (drainMs <= 0) {
    const done = closed();
    server.closeAllConnections();
    return done;
  }
  const sweep = setInterval(() => server.closeIdleConnections(), DRAIN_SWEEP_MS);
  const deadline = setTimeout(() => server.closeAllConnections(), drainMs);
  const done = closed(() => {
    clearInterval(sweep);
    clearTimeout(deadline);
  });
  server.closeIdleConnections();
  return done;
}
