export { countTokens } from "./token-count";
export { measureDocument, type DocumentShape } from "./document-shape";
export { documentLimitRefusal, documentLimitsMiddleware } from "./document-limits";
export { staticCost } from "./static-cost";
export { tooComplex, type OperationLimitName } from "./too-complex";
