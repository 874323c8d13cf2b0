import type { NextFunction, Request, Response } from "express";

/** A GraphQL-shaped JSON error body, so clients never get an HTML error page. */
export function sendJsonError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

interface HttpParserError {
  type?: string;
  status?: number;
}

/** Express error handler for body-parser failures and anything else that escaped a route. */
export function jsonErrorHandler(onUnexpected: (error: unknown) => void) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    const parserError = error as HttpParserError;
    if (parserError.type === "entity.parse.failed") {
      sendJsonError(res, 400, "BAD_REQUEST", "The request body is not valid JSON");
    } else if (parserError.type === "entity.too.large") {
      sendJsonError(res, 413, "BAD_REQUEST", "The request body is too large");
    } else if (parserError.status && parserError.status >= 400 && parserError.status < 500) {
      sendJsonError(res, parserError.status, "BAD_REQUEST", "The request could not be read");
    } else {
      onUnexpected(error);
      sendJsonError(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error");
    }
  };
}

export function notFoundHandler(_req: Request, res: Response): void {
  sendJsonError(res, 404, "NOT_FOUND", "No such route");
}
