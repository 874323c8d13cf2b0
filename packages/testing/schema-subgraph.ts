import express, { type RequestHandler } from "express";
import { parse } from "graphql";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper";
import { createLogger, type Logger } from "../logging";
import { createSubgraphApp, type VerifiedRequestLocals } from "../subgraph-host";
import { runApp, type RunningApp } from "./running-app";
import { TEST_SIGNING_SECRET } from "./signed-request";

export interface SchemaSubgraphOptions {
  service: string;
  sdl: string;
  resolvers: GraphQLResolverMap<VerifiedRequestLocals>;
  logger?: Logger;
  /** Middleware in front of the subgraph (to count, delay or fail calls in a test). */
  before?: RequestHandler[];
}

/**
 * A small subgraph without a database, on the shared subgraph host (signature check, metrics, logs with
 * correlation ids), for gateway tests that need a supergraph shaped for the case at hand.
 */
export async function serveSchemaSubgraph(options: SchemaSubgraphOptions): Promise<RunningApp> {
  const { app, stop } = await createSubgraphApp<VerifiedRequestLocals>({
    service: options.service,
    typeDefs: parse(options.sdl),
    resolvers: options.resolvers,
    signingSecret: TEST_SIGNING_SECRET,
    production: false,
    logger: options.logger ?? createLogger(options.service, "silent"),
    checkReady: async () => {},
    createContext: (request) => request,
  });
  if (!options.before?.length) return runApp(app, stop);
  const front = express();
  front.use(...options.before, app);
  return runApp(front, stop);
}
