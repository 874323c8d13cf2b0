import { createHash } from "node:crypto";
import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext, type GraphQLResponse } from "@apollo/server";
import type Redis from "ioredis";
import { BoundedCache } from "../../../packages/bounded-cache";
import { cacheVersionKey, ENTITY_VERSIONED_SUBGRAPHS, entityVersionKey, readVersions } from "../../../packages/cache-versions";
import type { Logger } from "../../../packages/logging";
import type { GatewayContext } from "../context";
import type { ResponseCacheSettings } from "../edge-config";
import { GATEWAY_SERVICE, responseCacheRequests } from "../metrics";
import { entitiesInAnswer } from "./answer-entities";
import { CacheHints, type CachePlan } from "./cache-hints";
import { RedisResponseStore } from "./redis-response-store";

export interface ResponseCacheOptions {
  redis: Redis;
  settings: ResponseCacheSettings;
  supergraphSdl: string;
  logger: Logger;
}

/** A stored answer: its data, and the version keys it was read at (each must still hold its value). */
interface StoredAnswer {
  data: Record<string, unknown>;
  deps: Array<[key: string, version: string]>;
}

interface RequestState {
  plan: CachePlan | null;
  /** Each plan subgraph's version as read before anything was fetched; null when Redis did not answer. */
  versions?: Map<string, string> | null;
  key?: string;
  hit?: boolean;
}

/** Plans per document: one per distinct operation, so this stays small. */
const MAX_REMEMBERED_PLANS = 2_000;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * The gateway's response cache, in Redis and shared by every replica, for queries made only of fields the
 * subgraphs declare public (`@cacheControl`, see CacheHints); the answer is the same for every caller.
 *
 * Never stale: before anything is fetched, the versions of the subgraphs the answer is read from are read
 * (one MGET), and a subgraph bumps its version right after it commits a change. An answer is stored under
 * a key holding the versions of the subgraphs that version as a whole (products), so any change to them
 * moves readers to a new key. For a subgraph that versions each entity as well (inventory: each product's
 * stock, ENTITY_VERSIONED_SUBGRAPHS), the answer is stored with the versions of the entities it shows,
 * read after the fetch, and a read checks them: a reservation of one product leaves the cached answers
 * that do not show it alone. That is safe because the store is skipped when the subgraph's own version
 * moved during the fetch, and falls back to that version when an entity's id is not in the answer.
 * Answers with errors are never stored. Clients are told `no-store`: their copies could not be invalidated.
 */
export function responseCachePlugins(options: ResponseCacheOptions): Array<ApolloServerPlugin<GatewayContext>> {
  const { redis, logger } = options;
  const hints = new CacheHints(options.supergraphSdl);
  const store = new RedisResponseStore(redis, options.settings.keyPrefix, logger);
  // A new supergraph (deploy) reads under new keys: its answers may be shaped or resolved differently.
  const generation = sha256(options.supergraphSdl).slice(0, 16);
  const plans = new BoundedCache<CachePlan | null>(MAX_REMEMBERED_PLANS);
  const states = new WeakMap<GatewayContext, RequestState>();

  const planOf = ({ document, operation, schema, queryHash, operationName }: GraphQLRequestContext<GatewayContext>): CachePlan | null => {
    if (!document || !operation) return null;
    return plans.getOrCompute(`${queryHash}:${operationName ?? ""}`, () => hints.planFor(schema, document, operation));
  };

  /** The versions read before fetching, or null when Redis did not answer. */
  const readPlanVersions = async (plan: CachePlan): Promise<Map<string, string> | null> => {
    try {
      const versions = await readVersions(redis, plan.subgraphs.map(cacheVersionKey));
      return new Map(plan.subgraphs.map((subgraph, index) => [subgraph, versions[index]!]));
    } catch (error) {
      logger.warn({ err: error }, "response cache versions unavailable; answering without the cache");
      return null;
    }
  };

  const keyOf = (context: GraphQLRequestContext<GatewayContext>, versions: Map<string, string>) => {
    const wholeVersions = [...versions].filter(([subgraph]) => !(subgraph in ENTITY_VERSIONED_SUBGRAPHS));
    return sha256(JSON.stringify([generation, context.queryHash, context.operationName ?? null, context.request.variables ?? {}, wholeVersions]));
  };

  const stillCurrent = async (deps: StoredAnswer["deps"]): Promise<boolean> => {
    const current = await readVersions(redis, deps.map(([key]) => key));
    return deps.every(([, version], index) => current[index] === version);
  };

  /** What the answer depends on beyond its key, read now; null when it must not be stored. */
  const depsOf = async ({ schema, document, operation }: GraphQLRequestContext<GatewayContext>, data: Record<string, unknown>, versions: Map<string, string>) => {
    const deps: StoredAnswer["deps"] = [];
    for (const [subgraph, typeName] of Object.entries(ENTITY_VERSIONED_SUBGRAPHS)) {
      const before = versions.get(subgraph);
      if (before === undefined) continue;
      const shown = entitiesInAnswer(schema, document!, operation!, data, {
        typeName,
        resolvedBySubgraph: (fieldName) => hints.graphsOf(typeName, fieldName).includes(subgraph),
      });
      const entityKeys = shown.complete ? [...shown.ids].sort().map((id) => entityVersionKey(subgraph, typeName, id)) : [];
      const [now, ...entityVersions] = await readVersions(redis, [cacheVersionKey(subgraph), ...entityKeys]);
      // A change committed during the fetch: what was fetched may be from before it.
      if (now !== before) return null;
      if (shown.complete) entityKeys.forEach((key, index) => deps.push([key, entityVersions[index]!]));
      else deps.push([cacheVersionKey(subgraph), before]);
    }
    return deps;
  };

  const storeAnswer = async (context: GraphQLRequestContext<GatewayContext>, state: RequestState, data: Record<string, unknown>) => {
    const deps = await depsOf(context, data, state.versions!);
    if (deps === null) return;
    await store.set(state.key!, JSON.stringify({ data, deps } satisfies StoredAnswer), state.plan!.maxAgeSeconds);
  };

  const hitResponse = (data: Record<string, unknown>): GraphQLResponse => ({
    body: { kind: "single", singleResult: { data } },
    http: { status: undefined, headers: new HeaderMap() },
  });

  const caching: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      return {
        async didResolveOperation(context) {
          states.set(context.contextValue, { plan: planOf(context) });
        },
        async responseForOperation(context) {
          const state = states.get(context.contextValue);
          if (!state?.plan) return null;
          state.versions = await readPlanVersions(state.plan);
          if (!state.versions) return null;
          state.key = keyOf(context, state.versions);
          const stored = await store.get(state.key);
          if (stored === undefined) return null;
          const answer = JSON.parse(stored) as StoredAnswer;
          try {
            if (answer.deps.length > 0 && !(await stillCurrent(answer.deps))) return null;
          } catch {
            return null;
          }
          state.hit = true;
          return hitResponse(answer.data);
        },
        async willSendResponse(context) {
          context.response.http.headers.set("cache-control", "no-store");
          if (context.operation?.operation !== "query") return;
          const state = states.get(context.contextValue);
          const outcome = !state?.plan ? "uncacheable" : !state.versions ? "unavailable" : state.hit ? "hit" : "miss";
          responseCacheRequests.inc({ service: GATEWAY_SERVICE, outcome });
          if (outcome !== "miss" || context.response.body.kind !== "single") return;
          const { data, errors } = context.response.body.singleResult;
          if (errors?.length || !data) return;
          // Stored before answering (two Redis round trips), so the client's next read finds it.
          await storeAnswer(context, state!, data).catch((error: unknown) => logger.warn({ err: error }, "response cache store failed"));
        },
      };
    },
  };

  return [caching];
}
