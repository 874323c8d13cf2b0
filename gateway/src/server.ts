import { readFileSync } from "node:fs";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type Express } from "express";
import type Redis from "ioredis";
import type { Logger } from "../../packages/logging";
import { healthRoutes, jsonErrorHandler, MAX_BODY_BYTES, notFoundHandler } from "../../packages/subgraph-host";
import type { GatewayConfig } from "./config";
import { authenticate, type GatewayContext } from "./context";
import { errorMaskingPlugin } from "./plugins/error-masking";
import { landingPagePlugin } from "./plugins/landing-page";
import { readinessCheck } from "./readiness";
import { requestIdMiddleware } from "./request-id";
import { SignedSubgraphDataSource } from "./subgraph-data-source";

export interface GatewayDeps {
  config: Pick<GatewayConfig, "production" | "supergraphPath" | "subgraphUrlOverrides" | "token" | "gatewaySigningSecret">;
  redis: Redis;
  logger: Logger;
}

export interface GatewayApp {
  app: Express;
  /** The routing URL of every subgraph, after overrides. */
  subgraphUrls: Record<string, string>;
  stop: () => Promise<void>;
}

/** Builds the gateway's HTTP app over the composed supergraph; the caller decides where it listens. */
export async function createGatewayServer(deps: GatewayDeps): Promise<GatewayApp> {
  const { config, logger } = deps;
  const subgraphUrls: Record<string, string> = {};
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(config.supergraphPath, "utf8"),
    buildService: ({ name, url }) => {
      const routingUrl = config.subgraphUrlOverrides[name] ?? url;
      if (!routingUrl) throw new Error(`subgraph ${name} has no routing URL`);
      subgraphUrls[name] = routingUrl;
      return new SignedSubgraphDataSource(routingUrl, config.gatewaySigningSecret);
    },
    logger,
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !config.production,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: true,
    logger,
    plugins: [landingPagePlugin(config.production), errorMaskingPlugin(logger)],
  });
  await apollo.start();

  const app = express();
  app.disable("x-powered-by");
  app.use(requestIdMiddleware);
  app.use(healthRoutes(readinessCheck(subgraphUrls, deps.redis), (error) => logger.warn({ err: error }, "gateway not ready")));
  app.use(
    "/graphql",
    express.json({ limit: MAX_BODY_BYTES }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => ({
        caller: authenticate(req.headers.authorization, config.token),
        requestId: res.locals.requestId as string,
      }),
    }),
  );
  app.use(notFoundHandler);
  app.use(jsonErrorHandler((error) => logger.error({ err: error }, "unhandled HTTP error")));
  return { app, subgraphUrls, stop: () => apollo.stop() };
}
