import { createHash } from "node:crypto";
import type { ApolloServerPlugin, GraphQLRequestContext } from "@apollo/server";
import { ApolloServerPluginCacheControl } from "@apollo/server/plugin/cacheControl";
import responseCachePlugin from "@apollo/server-plugin-response-cache";
import type Redis from "ioredis";
import { readCacheVersions } from "../../../packages/cache-versions";
import type { Logger } from "../../../packages/logging";
import type { GatewayContext } from "../context";
import type { ResponseCacheSettings } from "../edge-config";
import { GATEWAY_SERVICE, responseCacheRequests } from "../metrics";
import { CacheHints, type CachePlan } from "./cache-hints";
import { RedisResponseStore } from "./redis-response-store";

export interface ResponseCacheOptions {
  redis: Redis;
  settings: ResponseCacheSettings;
  supergraphSdl: string;
  logger: Logger;
}

interface RequestState {
  plan: CachePlan | null;
  /** The plan's subgraphs' versions as read before anything was fetched; null when Redis did not answer. */
  versions?: string[] | null;
}

/** Plans per document: one per distinct operation, so this stays small; cleared if clients send endless new ones. */
const MAX_REMEMBERED_PLANS = 2_000;

/**
 * The gateway's response cache: Apollo's response cache plugin over Redis, for queries made only of
 * fields the subgraphs declare public (`@cacheControl`, see CacheHints). Each stored answer's key holds
 * the versions of the subgraphs it was read from, read before anything is fetched; a subgraph bumps its
 * version right after committing a change, so the next read looks under a new key and never finds an
 * answer from before the change. The answer is the same for every caller (nothing caller-dependent is
 * declared public), so it is shared by all of them and by every replica. Answers with errors are never
 * stored. Clients are told `no-store`: a browser's or CDN's copy could not be invalidated.
 */
export function responseCachePlugins(options: ResponseCacheOptions): Array<ApolloServerPlugin<GatewayContext>> {
  const { redis, logger } = options;
  const hints = new CacheHints(options.supergraphSdl);
  // A new supergraph (deploy) reads under new keys: its answers may be shaped or resolved differently.
  const generation = createHash("sha256").update(options.supergraphSdl).digest("hex").slice(0, 16);
  const plans = new Map<string, CachePlan | null>();
  const states = new WeakMap<GatewayContext, RequestState>();

  const planOf = (context: GraphQLRequestContext<GatewayContext>): CachePlan | null => {
    const { document, operation, schema, queryHash, operationName } = context;
    if (!document || !operation) return null;
    const memoKey = `${queryHash}:${operationName ?? ""}`;
    const known = plans.get(memoKey);
    if (known !== undefined) return known;
    if (plans.size >= MAX_REMEMBERED_PLANS) plans.clear();
    const plan = hints.planFor(schema, document, operation);
    plans.set(memoKey, plan);
    return plan;
  };

  const planning: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      return {
        async didResolveOperation(context) {
          const plan = planOf(context);
          states.set(context.contextValue, { plan });
          if (plan) context.overallCachePolicy.replace({ maxAge: plan.maxAgeSeconds, scope: "PUBLIC" });
        },
        async willSendResponse(context) {
          context.response.http.headers.set("cache-control", "no-store");
          if (context.operation?.operation !== "query") return;
          const state = states.get(context.contextValue);
          const outcome = !state?.plan ? "uncacheable" : !state.versions ? "unavailable" : context.metrics.responseCacheHit ? "hit" : "miss";
          responseCacheRequests.inc({ service: GATEWAY_SERVICE, outcome });
        },
      };
    },
  };

  const hasVersions = async (context: GraphQLRequestContext<GatewayContext>) => Boolean(states.get(context.contextValue)?.versions);
  const caching = responseCachePlugin<GatewayContext>({
    cache: new RedisResponseStore(redis, options.settings.keyPrefix, logger),
    // Only public answers are stored, one copy for everyone.
    sessionId: async () => null,
    extraCacheKeyData: async (context) => {
      const state = states.get(context.contextValue);
      if (!state?.plan) return null;
      try {
        state.versions = await readCacheVersions(redis, state.plan.subgraphs);
      } catch (error) {
        logger.warn({ err: error }, "response cache versions unavailable; answering without the cache");
        state.versions = null;
      }
      return { generation, versions: state.versions };
    },
    shouldReadFromCache: hasVersions,
    shouldWriteToCache: hasVersions,
  });

  // Hints decide here, not in execution: the gateway's executor resolves no fields itself.
  return [ApolloServerPluginCacheControl({ calculateHttpHeaders: false }), planning, caching];
}
