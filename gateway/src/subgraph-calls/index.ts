export { BREAKER_STATES, SubgraphBreaker, type BreakerSettings, type BreakerState } from "./breaker";
export {
  failureKind,
  indicatesUnavailability,
  isRetryable,
  SERVICE_UNAVAILABLE_MESSAGE,
  subgraphCallFailed,
  SubgraphHttpError,
  subgraphUnavailable,
  type FailureKind,
} from "./failures";
export { defaultHttpClient, keepAliveHttpClient, type Fetcher, type SubgraphHttpClient } from "./http-client";
export { withRetries } from "../../../packages/subgraph-client";
export { missingPartErrors } from "./missing-parts";
export { dedupeRepresentations, isEntityFetch, type RepresentationDedup } from "./entity-dedup";
