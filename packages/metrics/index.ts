export { collectProcessMetrics, counter, gauge, histogram, LATENCY_BUCKETS_SECONDS, metricsRegistry } from "./registry";
export type { HistogramDefinition, MetricDefinition } from "./registry";
export { metricsHandler } from "./http";
export { graphqlMetricsPlugin } from "./graphql-plugin";
export { operationLabeller } from "./operation-label";
export { recordSagaStep, recordStreamLag, setDeadLetterCount, setStreamLength, setStreamPending, type SagaStepOutcome } from "./saga";
export { countDatabaseStatements, type QueryEventSource } from "./database";
