import { randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { verifyIdentity, REQUEST_ID_HEADER, type Caller } from "../identity";
import { sendJsonError } from "./json-errors";

export interface VerifiedRequestLocals {
  caller: Caller | null;
  requestId: string;
}

/**
 * Rejects every GraphQL call that does not carry a valid gateway signature, `_service` and
 * `_entities` included, so the gateway's authentication cannot be bypassed by calling a subgraph.
 */
export function requireGatewaySignature(signingSecret: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const query = typeof req.body?.query === "string" ? req.body.query : "";
    const verified = verifyIdentity(signingSecret, req.headers, query);
    if (!verified.ok) {
      sendJsonError(res, 401, "UNAUTHENTICATED", "Calls must come through the gateway");
      return;
    }
    const headerId = req.headers[REQUEST_ID_HEADER];
    const locals: VerifiedRequestLocals = {
      caller: verified.caller,
      requestId: typeof headerId === "string" && headerId.length <= 128 ? headerId : randomUUID(),
    };
    res.locals.verified = locals;
    next();
  };
}
