import http, { type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { jsonBody } from "./json-body";
import { jsonErrorHandler } from "./json-errors";
import { closeServer, listen } from "./listen";

const LIMIT = 1024;

/** POSTs raw bytes with the given headers; the status and the JSON the server answered. */
function post(port: number, body: Buffer | string, headers: Record<string, string>, chunked = false, path = "/echo"): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port, path, method: "POST", headers }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as unknown }));
    });
    request.on("error", reject);
    if (chunked) {
      // No Content-Length: Node sends the body chunked.
      request.write(body);
      request.end();
    } else {
      request.end(body);
    }
  });
}

const json = (text: string) => ({ "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) });

describe("jsonBody", () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    const app = express();
    app.post("/echo", jsonBody(LIMIT), (req, res) => {
      res.json({ body: (req.body as unknown) ?? null });
    });
    // A parser in front already read the body: the second one must leave it be, not wait for it.
    app.post("/twice", express.json(), jsonBody(LIMIT), (req, res) => {
      res.json({ body: (req.body as unknown) ?? null });
    });
    app.use(jsonErrorHandler(() => {}));
    server = await listen(app, 0, "127.0.0.1");
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => closeServer(server));

  it("parses a plain JSON body", async () => {
    const text = JSON.stringify({ query: "{ a }", variables: { é: "ü" } });
    expect(await post(port, text, json(text))).toEqual({ status: 200, json: { body: { query: "{ a }", variables: { é: "ü" } } } });
  });

  it("parses a body sent in chunks or with a charset, as express.json does", async () => {
    const text = JSON.stringify({ query: "{ b }" });
    expect(await post(port, text, { "content-type": "application/json" }, true)).toEqual({ status: 200, json: { body: { query: "{ b }" } } });
    expect(await post(port, text, { ...json(text), "content-type": "application/json; charset=utf-8" })).toEqual({ status: 200, json: { body: { query: "{ b }" } } });
  });

  it("answers 400 for invalid JSON and for JSON that is not an object or an array", async () => {
    for (const text of ["{ not json", '"a string"', "42"]) {
      const { status, json: answer } = await post(port, text, json(text));
      expect(status).toBe(400);
      expect(answer).toEqual({ errors: [{ message: "The request body is not valid JSON", extensions: { code: "BAD_REQUEST" } }] });
    }
  });

  it("answers 413 for a body over the limit, whether declared or chunked", async () => {
    const text = JSON.stringify({ query: "x".repeat(LIMIT) });
    expect((await post(port, text, json(text))).status).toBe(413);
    expect((await post(port, text, { "content-type": "application/json" }, true)).status).toBe(413);
  });

  it("leaves a body that an earlier parser read as it is", async () => {
    const text = JSON.stringify({ query: "{ d }" });
    expect(await post(port, text, json(text), false, "/twice")).toEqual({ status: 200, json: { body: { query: "{ d }" } } });
  });

  it("leaves other content types unparsed", async () => {
    const text = JSON.stringify({ query: "{ c }" });
    expect(await post(port, text, { "content-type": "text/plain", "content-length": String(text.length) })).toEqual({ status: 200, json: { body: null } });
  });
});
