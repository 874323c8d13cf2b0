import express, { type Express } from "express";
import type { DocumentNode } from "graphql";
import { ApolloServer } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper";
import { maskFormattedError } from "../errors";
import { runWithLogContext, type Logger } from "../logging";
import { graphqlMetricsPlugin, metricsHandler } from "../metrics";
import { traceRequests } from "../tracing";
import { healthRoutes } from "./health-routes";
import { requireGatewaySignature, type VerifiedRequestLocals } from "./identity-middleware";
import { jsonBody } from "./json-body";
import { jsonErrorHandler, notFoundHandler } from "./json-errors";

/** 1 MiB, as express.json's "1mb". */
export const MAX_BODY_BYTES = 1_048_576;

export interface SubgraphAppOptions<TContext extends object> {
  service: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<TContext>;
  signingSecret: string;
  production: boolean;
  logger: Logger;
  /** Rejects when the subgraph cannot serve, e.g. its database does not answer. */
  checkReady: () => Promise<unknown>;
  /** Builds the per-request context (loaders are created here, once per request). */
  createContext: (request: VerifiedRequestLocals) => TContext;
}

export interface SubgraphApp {
  app: Express;
  stop: () => Promise<void>;
}

/** The HTTP shell every subgraph shares: health routes, gateway signature check, Apollo, JSON errors. */
export async function createSubgraphApp<TContext extends object>(options: SubgraphAppOptions<TContext>): Promise<SubgraphApp> {
  const { logger } = options;
  const apollo = new ApolloServer<TContext & { requestId?: string }>({
    schema: buildSubgraphSchema([{ typeDefs: options.typeDefs, resolvers: options.resolvers as GraphQLResolverMap<unknown> }]),
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // runSubgraph stops the process on SIGTERM/SIGINT (workers, database, spans first); Apollo's own
    // handler would re-raise the signal and end the process halfway through that.
    stopOnTerminationSignals: false,
    // Subgraphs are internal: no landing page, and no Apollo Studio traces since no Studio is used. Nor
    // Apollo's cache-control plugin: it wraps every resolver to work out cache hints that nothing reads.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      graphqlMetricsPlugin(options.service),
    ],
    logger,
    formatError: (formatted, error) => {
      const original = unwrapResolverError(error);
      const masked = maskFormattedError(formatted, original, undefined);
      if (masked.extensions?.code === "INTERNAL_SERVER_ERROR") {
        logger.error({ err: original, path: formatted.path }, "unexpected error in resolver");
      }
      return masked;
    },
  });
  await apollo.start();

  const app = express();
  app.disable("x-powered-by");
  // No ETag: every answer is a POST's, which no client revalidates, and hashing each body cost CPU.
  app.disable("etag");
  app.use(healthRoutes(options.checkReady, (error) => logger.warn({ err: error }, "not ready")));
  // Internal like the subgraph itself: only the gateway's network reaches it.
  app.get("/metrics", metricsHandler());
  app.post(
    "/graphql",
    jsonBody(MAX_BODY_BYTES),
    traceRequests(options.service),
    requireGatewaySignature(options.signingSecret),
    (_req, res, next) => runWithLogContext({ requestId: (res.locals.verified as VerifiedRequestLocals).requestId }, next),
    expressMiddleware(apollo, {
      context: async ({ res }) => {
        const verified = res.locals.verified as VerifiedRequestLocals;
        return { ...options.createContext(verified), requestId: verified.requestId };
      },
    }),
  );
  app.use(notFoundHandler);
  app.use(jsonErrorHandler((error) => logger.error({ err: error }, "unhandled HTTP error")));

  return { app, stop: () => apollo.stop() };
}
