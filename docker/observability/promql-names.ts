/** PromQL's functions, aggregations and keywords: every other bare name in an expression is a metric. */
const PROMQL_WORDS = new Set([
  "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "group",
  "rate", "irate", "increase", "delta", "idelta", "deriv", "predict_linear", "histogram_quantile", "abs", "absent",
  "clamp_min", "clamp_max", "ceil", "floor", "round", "vector", "scalar", "time", "label_replace", "label_join",
  "avg_over_time", "max_over_time", "min_over_time", "sum_over_time", "count_over_time", "last_over_time", "changes", "resets",
  "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset",
]);

/**
 * The metric names an expression reads. Label matchers (`{...}`), grouping lists (`by (...)`), ranges
 * (`[5m]`) and strings are removed first, so label names are not taken for metrics.
 */
export function referencedMetricNames(expression: string): string[] {
  const bare = expression
    .replace(/"(?:[^"\\]|\\.)*"/g, " ")
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ");
  const names = bare.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [];
  return [...new Set(names.filter((name) => !PROMQL_WORDS.has(name) && !/^(e|Inf|NaN)$/i.test(name)))];
}
