import { GraphQLError } from "graphql";
import { ErrorCode } from "../../../packages/errors";
import { GATEWAY_SERVICE, operationLimitRefusals } from "../metrics";

export type OperationLimitName = "depth" | "aliases" | "rootFields" | "directives" | "tokens" | "cost";

const DESCRIPTIONS: Record<OperationLimitName, string> = {
  depth: "nesting depth",
  aliases: "number of aliases",
  rootFields: "number of root fields",
  directives: "number of directives",
  tokens: "number of tokens",
  cost: "cost",
};

/** QUERY_TOO_COMPLEX with HTTP 400: the operation is refused before any subgraph is called. */
export function tooComplex(limit: OperationLimitName, actual: number | undefined, max: number): GraphQLError {
  operationLimitRefusals.inc({ service: GATEWAY_SERVICE, limit });
  const measured = actual === undefined ? "" : ` (${actual})`;
  return new GraphQLError(`The operation is too complex: its ${DESCRIPTIONS[limit]}${measured} exceeds the limit of ${max}`, {
    extensions: { code: ErrorCode.QueryTooComplex, http: { status: 400 } },
  });
}
