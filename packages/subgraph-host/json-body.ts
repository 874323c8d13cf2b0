import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";

/** A body-parser-shaped failure, so jsonErrorHandler answers it as it answers express.json's. */
function bodyError(status: number, type: string, message: string): Error {
  return Object.assign(new Error(message), { status, statusCode: status, type, expose: true });
}

/** body-parser's strict mode: an empty body is `{}`, anything else must be an object or an array. */
function parseStrictJson(text: string): unknown {
  const trimmed = text.trimStart();
  if (trimmed.length === 0) return {};
  if (trimmed[0] !== "{" && trimmed[0] !== "[") throw bodyError(400, "entity.parse.failed", "JSON body must be an object or an array");
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw bodyError(400, "entity.parse.failed", error instanceof Error ? error.message : "invalid JSON");
  }
}

/**
 * `express.json({ limit })` with a short path for the request every GraphQL call is: `application/json`,
 * UTF-8, not compressed, with a Content-Length. That one is read straight off the socket into one buffer
 * and parsed; body-parser's content-type parsing, charset decoder and stream plumbing were about a tenth
 * of a subgraph's CPU per request. Any other request (chunked, compressed, another charset or type, over
 * the limit, already read) goes to express.json itself, so its answers (400, 413, 415) are unchanged.
 */
export function jsonBody(maxBytes: number): RequestHandler {
  const fallback = express.json({ limit: maxBytes });
  return (req: Request, res: Response, next: NextFunction): void => {
    const { headers } = req;
    const type = headers["content-type"];
    const encoding = headers["content-encoding"];
    const declared = Number(headers["content-length"]);
    const simple =
      // A body something before already read (the stream has ended) is left to express.json, which leaves it be.
      req.readable &&
      (type === "application/json" || type === "application/json; charset=utf-8") &&
      (encoding === undefined || encoding === "identity") &&
      headers["transfer-encoding"] === undefined &&
      Number.isInteger(declared) &&
      declared > 0 &&
      declared <= maxBytes;
    if (!simple) {
      fallback(req, res, next);
      return;
    }
    const body = Buffer.allocUnsafe(declared);
    let received = 0;
    let done = false;
    const finish = (error: Error | null, value?: unknown) => {
      if (done) return;
      done = true;
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("aborted", onAborted);
      req.off("error", onError);
      if (error) {
        // Drain what is left, as body-parser does, so the socket can answer.
        req.resume();
        next(error);
        return;
      }
      req.body = value;
      next();
    };
    const onData = (chunk: Buffer) => {
      if (received + chunk.length > declared) {
        finish(bodyError(400, "request.size.invalid", "request size did not match content length"));
        return;
      }
      chunk.copy(body, received);
      received += chunk.length;
    };
    const onEnd = () => {
      if (received !== declared) {
        finish(bodyError(400, "request.size.invalid", "request size did not match content length"));
        return;
      }
      try {
        finish(null, parseStrictJson(body.toString("utf8")));
      } catch (error) {
        finish(error as Error);
      }
    };
    const onAborted = () => finish(bodyError(400, "request.aborted", "request aborted"));
    const onError = (error: Error) => finish(Object.assign(error, { status: 400, type: "request.aborted" }));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("aborted", onAborted);
    req.on("error", onError);
  };
}
