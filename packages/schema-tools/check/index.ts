// The schema check run by CI (`npm run schema:check`). Dev-only: it needs @graphql-inspector/core, a
// devDependency, so nothing that ships imports this folder.
export { runSchemaCheck, type SchemaCheckOptions, type SchemaCheckResult } from "./run-check";
export { formatSchemaCheckReport } from "./report";
export { collectOperations, readOperationSources, validateOperations, type ClientOperation, type OperationProblem } from "./operations";
export { buildPersistedOperationManifest, persistedOperationsPlugin, type PersistedOperationManifest } from "./persisted-operations";
