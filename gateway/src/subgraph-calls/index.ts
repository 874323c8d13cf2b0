export { SubgraphBreaker } from "./breaker";
export { failureKind, indicatesUnavailability, isRetryable, subgraphCallFailed, SubgraphHttpError, type FailureKind } from "./failures";
export { defaultHttpClient, keepAliveHttpClient, type Fetcher, type SubgraphHttpClient } from "./http-client";
export { withRetries } from "./retry";
export { missingPartErrors } from "./missing-parts";
