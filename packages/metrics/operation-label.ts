const MAX_DISTINCT_OPERATIONS = 500;
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/**
 * A bounded label for an operation name: clients choose names freely, and an unbounded label would let
 * them grow the metrics without limit. The first 500 distinct names per process keep their own series;
 * later ones share "other".
 */
export function operationLabeller(limit = MAX_DISTINCT_OPERATIONS): (operationName: string | null | undefined) => string {
  const seen = new Set<string>();
  return (operationName) => {
    if (!operationName) return "anonymous";
    if (!OPERATION_NAME.test(operationName)) return "other";
    if (seen.has(operationName)) return operationName;
    if (seen.size >= limit) return "other";
    seen.add(operationName);
    return operationName;
  };
}
