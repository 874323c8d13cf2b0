import http, { type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { closeServer, listen } from "./listen";

/** A server on a free local port whose GET /slow answers when `release` is called, and never otherwise. */
async function serverWithHeldRequests(): Promise<{ server: Server; port: number; arrived: Promise<void>; release: () => void }> {
  let release = () => {};
  let arrivedResolve = () => {};
  const arrived = new Promise<void>((resolve) => (arrivedResolve = resolve));
  const app = express();
  app.get("/slow", (_req, res) => {
    release = () => res.send("done");
    arrivedResolve();
  });
  const server = await listen(app, 0, "127.0.0.1");
  // Without closeServer's sweep, an idle keep-alive connection would hold close() for this long.
  server.keepAliveTimeout = 120_000;
  return { server, port: (server.address() as AddressInfo).port, arrived, release: () => release() };
}

/** GET over a keep-alive agent, as the gateway calls subgraphs: the body, or the socket error. */
function get(port: number, agent: http.Agent): Promise<{ body?: string; error?: string }> {
  return new Promise((resolve) => {
    http
      .get({ host: "127.0.0.1", port, path: "/slow", agent }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve({ body }));
        res.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
      })
      .on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
}

describe("closeServer", () => {
  const agents: http.Agent[] = [];
  const keepAlive = () => {
    const agent = new http.Agent({ keepAlive: true });
    agents.push(agent);
    return agent;
  };
  afterEach(() => agents.splice(0).forEach((agent) => agent.destroy()));

  it("with a drain time, lets a request in flight finish, then closes its idle keep-alive connection", async () => {
    const { server, port, arrived, release } = await serverWithHeldRequests();
    const answer = get(port, keepAlive());
    await arrived;
    const closed = closeServer(server, 60_000);
    release();
    expect(await answer).toEqual({ body: "done" });
    // Resolves once the connection, idle again, is closed: not after keepAliveTimeout or the drain time.
    await closed;
    expect(server.listening).toBe(false);
  });

  it("cuts what is still running when the drain time is over", async () => {
    const { server, port, arrived } = await serverWithHeldRequests();
    const answer = get(port, keepAlive());
    await arrived;
    await closeServer(server, 200);
    expect((await answer).error).toBeDefined();
  });

  it("without a drain time, cuts requests in flight at once", async () => {
    const { server, port, arrived, release } = await serverWithHeldRequests();
    const answer = get(port, keepAlive());
    await arrived;
    await closeServer(server);
    release();
    expect((await answer).error).toBeDefined();
  });
});
