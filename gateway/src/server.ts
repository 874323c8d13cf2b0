import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type Express } from "express";
import { GraphQLError, type GraphQLSchema } from "graphql";
import { ErrorCode } from "../../packages/errors";
import type Redis from "ioredis";
import { runWithLogContext, type Logger } from "../../packages/logging";
import { graphqlMetricsPlugin, metricsHandler } from "../../packages/metrics";
import { healthRoutes, jsonBody, jsonErrorHandler, notFoundHandler } from "../../packages/subgraph-host";
import { traceRequests } from "../../packages/tracing";
import type { GatewayConfig } from "./config";
import { authenticate, type GatewayContext } from "./context";
import { corsMiddleware } from "./cors";
import { withEdgeOverrides, type EdgeConfig, type EdgeOverrides } from "./edge-config";
import { GATEWAY_SERVICE } from "./metrics";
import { errorMaskingPlugin } from "./plugins/error-masking";
import { landingPagePlugin } from "./plugins/landing-page";
import { operationCostPlugin } from "./plugins/operation-cost";
import { operationDocumentsPlugin } from "./plugins/operation-documents";
import { rateLimitsPlugin } from "./plugins/rate-limits";
import { requestLogPlugin } from "./plugins/request-log";
import { subscriptionsOverHttpPlugin } from "./plugins/subscriptions-over-http";
import { documentLimitsMiddleware } from "./operation-limits";
import { persistedOperations } from "./persisted-operations";
import { createRateLimits, RateLimitReport } from "./rate-limits";
import { readinessCheck } from "./readiness";
import { responseCachePlugins } from "./response-cache";
import { requestIdMiddleware } from "./request-id";
import { defaultHttpClient, keepAliveHttpClient, SubgraphBreaker, type BreakerState } from "./subgraph-calls";
import { SignedSubgraphDataSource } from "./subgraph-data-source";
import { redisRevocationCheck } from "./token-revocation";
import { createLiveUpdates, type LiveUpdates } from "./subscriptions";

export interface GatewayDeps {
  config: Pick<GatewayConfig, "production" | "supergraphPath" | "subgraphUrlOverrides" | "token" | "gatewaySigningSecret"> & {
    /** Edge settings that differ from the defaults (loadConfig gives all of them). */
    edge?: EdgeOverrides;
    /** Browser origins allowed by CORS (none when left out; in development localhost origins are always allowed). */
    corsOrigins?: string[];
  };
  redis: Redis;
  logger: Logger;
}

export interface GatewayApp {
  app: Express;
  /** Prometheus `/metrics`, served on its own port, away from clients. */
  metricsApp: Express;
  /** The routing URL of every subgraph, after overrides. */
  subgraphUrls: Record<string, string>;
  /** The edge settings in force. */
  edge: EdgeConfig;
  /** Serves subscriptions (graphql-ws) on the server `app` listens on, same path /graphql; call once it listens. */
  attachSubscriptions: (server: Server) => void;
  stop: () => Promise<void>;
}

function subgraphCalls(edge: EdgeConfig, signingSecret: string) {
  const httpClient = edge.subgraphCalls.httpClient === "keep-alive" ? keepAliveHttpClient() : defaultHttpClient();
  const breakers: SubgraphBreaker[] = [];
  const dataSource = (subgraph: string, url: string) => {
    const timeoutMs = edge.subgraphCalls.timeoutOverridesMs[subgraph] ?? edge.subgraphCalls.timeoutMs;
    // While open, the breaker asks the subgraph whether it is back with a health check past the breaker.
    const breaker = new SubgraphBreaker(subgraph, edge.subgraphCalls, () => source.answersHealthCheck());
    breakers.push(breaker);
    const policy = { fetcher: httpClient.fetcherWithTimeout(timeoutMs), retries: edge.subgraphCalls.retries, breaker };
    const dedupeRepresentations = edge.subgraphCalls.dedupeRepresentations;
    const source: SignedSubgraphDataSource = new SignedSubgraphDataSource({ subgraph, url, signingSecret, policy, dedupeRepresentations });
    return source;
  };
  const breakerStates = (): Record<string, BreakerState> =>
    Object.fromEntries(breakers.map((breaker) => [breaker.subgraph, breaker.state]));
  const close = () => {
    breakers.forEach((breaker) => breaker.shutdown());
    httpClient.close();
  };
  return { dataSource, breakerStates, close };
}

/** Builds the gateway's HTTP app over the composed supergraph; the caller decides where it listens. */
export async function createGatewayServer(deps: GatewayDeps): Promise<GatewayApp> {
  const { config, logger } = deps;
  // Unless told otherwise, @apollo/gateway reports usage to Apollo every hour and probes cloud metadata
  // endpoints when it starts; a gateway should call nothing but its subgraphs. It reads only this variable.
  process.env.APOLLO_TELEMETRY_DISABLED ??= "true";
  const edge = withEdgeOverrides(config.edge);
  const supergraphSdl = readFileSync(config.supergraphPath, "utf8");
  const calls = subgraphCalls(edge, config.gatewaySigningSecret);
  const subgraphUrls: Record<string, string> = {};
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => {
      const routingUrl = config.subgraphUrlOverrides[name] ?? url;
      if (!routingUrl) throw new Error(`subgraph ${name} has no routing URL`);
      subgraphUrls[name] = routingUrl;
      return calls.dataSource(name, routingUrl);
    },
    logger,
  });
  let apiSchema: GraphQLSchema | null = null;
  gateway.onSchemaLoadOrUpdate(({ apiSchema: loaded }) => (apiSchema = loaded));
  const rateLimits = edge.rateLimits.enabled ? createRateLimits(deps.redis, edge.rateLimits, supergraphSdl) : null;
  const revocations = redisRevocationCheck(deps.redis);
  const persisted = persistedOperations(edge.persistedOperations, edge.operationLimits, deps.redis, logger);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !config.production,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // Manifest operations by hash, then documents clients registered (Redis, shared by the replicas).
    persistedQueries: persisted.apollo,
    // index.ts stops the gateway on SIGTERM/SIGINT; Apollo's own handler would re-raise the signal and
    // end the process before spans and connections are flushed.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: true,
    logger,
    plugins: [
      landingPagePlugin(config.production),
      graphqlMetricsPlugin(GATEWAY_SERVICE),
      requestLogPlugin(logger),
      operationDocumentsPlugin(persisted.operations),
      subscriptionsOverHttpPlugin(),
      ...(edge.operationLimits.enabled ? [operationCostPlugin(edge.operationLimits)] : []),
      ...(rateLimits ? [rateLimitsPlugin(rateLimits.fields)] : []),
      ...(edge.responseCache.enabled ? responseCachePlugins({ redis: deps.redis, settings: edge.responseCache, supergraphSdl, logger }) : []),
      errorMaskingPlugin(logger),
    ],
  });
  await apollo.start();
  const live: LiveUpdates | null = edge.subscriptions.enabled
    ? createLiveUpdates({
        apollo,
        schema: () => apiSchema,
        redis: deps.redis,
        authenticate: (authorization) => authenticate(authorization, config.token, revocations),
        settings: edge.subscriptions,
        operationLimits: edge.operationLimits,
        // As over HTTP: with `require`, only the manifest's operations run (sent as text: graphql-ws has no hashes).
        admitDocument: (query) =>
          edge.persistedOperations.mode === "require" && !persisted.isServedManifestText(query)
            ? new GraphQLError("Only persisted operations are run here: send a manifest operation's text", { extensions: { code: ErrorCode.OperationNotAllowed } })
            : null,
        maxPayloadBytes: edge.maxBodyBytes,
        logger,
      })
    : null;

  const app = express();
  app.disable("x-powered-by");
  // req.ip is X-Forwarded-For's client only when the connection comes from one of these proxies.
  app.set("trust proxy", edge.trustedProxies.length > 0 ? edge.trustedProxies : false);
  app.use(requestIdMiddleware);
  app.use(
    healthRoutes(
      readinessCheck(subgraphUrls, deps.redis, logger, calls.breakerStates),
      (error) => logger.warn({ err: error }, "gateway not ready"),
      (readiness) => readiness,
    ),
  );
  app.use(
    "/graphql",
    ...corsMiddleware({ allowedOrigins: config.corsOrigins ?? [], allowLocalDevelopment: !config.production }),
    jsonBody(edge.maxBodyBytes),
    persisted.middleware,
    ...(edge.operationLimits.enabled ? [documentLimitsMiddleware(edge.operationLimits, persisted.isServedManifestText)] : []),
    traceRequests(GATEWAY_SERVICE),
    (_req, res, next) => runWithLogContext({ requestId: res.locals.requestId as string }, next),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const caller = await authenticate(req.headers.authorization, config.token, revocations);
        const clientAddress = req.ip ?? req.socket.remoteAddress ?? "unknown";
        const rateLimitReport = new RateLimitReport();
        await rateLimits?.caller.enforce(caller, clientAddress, rateLimitReport);
        return { caller, requestId: res.locals.requestId as string, clientAddress, rateLimitReport };
      },
    }),
  );
  app.use(notFoundHandler);
  app.use(jsonErrorHandler((error) => logger.error({ err: error }, "unhandled HTTP error")));

  const metricsApp = express();
  metricsApp.disable("x-powered-by");
  metricsApp.get("/metrics", metricsHandler());
  metricsApp.use(notFoundHandler);

  const stop = async () => {
    await live?.close();
    await apollo.stop();
    calls.close();
  };
  const attachSubscriptions = (server: Server) => live?.attach(server);
  return { app, metricsApp, subgraphUrls, edge, attachSubscriptions, stop };
}
