import type { RequestHandler } from "express";
import { metricsRegistry } from "./registry";

/** `GET /metrics` in Prometheus' text format. */
export function metricsHandler(): RequestHandler {
  return async (_req, res, next) => {
    try {
      const text = await metricsRegistry.metrics();
      res.setHeader("content-type", metricsRegistry.contentType);
      res.send(text);
    } catch (error) {
      next(error);
    }
  };
}
