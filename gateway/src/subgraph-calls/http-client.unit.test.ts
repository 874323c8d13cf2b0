import http, { type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { failureKind, isRetryable } from "./failures";
import { keepAliveHttpClient } from "./http-client";

/** A local server: /echo answers the request's body and headers, /stall never answers, /half sends headers only. */
async function startServer(): Promise<{ server: Server; url: (path: string) => string }> {
  const server = http.createServer((req, res) => {
    if (req.url === "/stall") return;
    if (req.url === "/half") {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("{");
      return;
    }
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      res.writeHead(req.url === "/fail" ? 503 : 200, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify({ body, contentType: req.headers["content-type"], length: req.headers["content-length"] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: (path) => `http://127.0.0.1:${port}${path}` };
}

describe("keepAliveHttpClient", () => {
  const client = keepAliveHttpClient();
  let server: Server;
  let url: (path: string) => string;

  beforeAll(async () => ({ server, url } = await startServer()));
  afterAll(async () => {
    client.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("posts the body with its headers and length, and reads the answer as fetch would", async () => {
    const body = JSON.stringify({ query: "{ é }" });
    const response = await client.fetcherWithTimeout(1_000)(url("/echo"), { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(response.ok).toBe(true);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(await response.json()).toEqual({ body, contentType: "application/json", length: String(Buffer.byteLength(body)) });
    await expect(response.text()).rejects.toThrow(/body used already/);
  });

  it("answers an HTTP error status as a response that is not ok", async () => {
    const response = await client.fetcherWithTimeout(1_000)(url("/fail"), { method: "POST", body: "{}" });
    expect(response.ok).toBe(false);
    expect(response.status).toBe(503);
  });

  it("fails with a timeout when the answer or its body does not come in time", async () => {
    const noAnswer = await client.fetcherWithTimeout(100)(url("/stall"), { method: "POST", body: "{}" }).catch((error: unknown) => error);
    expect(failureKind(noAnswer)).toBe("timeout");
    expect(isRetryable(noAnswer)).toBe(false);
    const noBody = await client.fetcherWithTimeout(100)(url("/half"), { method: "POST", body: "{}" }).catch((error: unknown) => error);
    expect(failureKind(noBody)).toBe("timeout");
  });

  it("fails as unreachable, and retryable, when nothing listens", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const error = await client.fetcherWithTimeout(1_000)(`http://127.0.0.1:${port}/`, { method: "POST", body: "{}" }).catch((failure: unknown) => failure);
    expect(failureKind(error)).toBe("unreachable");
    expect(isRetryable(error)).toBe(true);
    expect((error as { code?: string }).code).toBe("ECONNREFUSED");
  });
});
