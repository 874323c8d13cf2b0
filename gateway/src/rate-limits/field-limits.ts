import { createHash } from "node:crypto";
import type Redis from "ioredis";
import { getArgumentValues, getVariableValues, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { getFieldIdentity } from "graphql-rate-limit";
import type { Caller } from "../../../packages/identity";
import { walkOperationFields, type VisitedField } from "../operation-walk";
import type { FieldRateRule } from "./field-rules";
import { Limiter } from "./limiter";
import { limitUnavailable, rateLimited } from "./rate-limited";
import type { RateLimitReport } from "./report";

export interface FieldLimitRequest {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown> | undefined;
  caller: Caller | null;
  clientAddress: string;
  /** Where each limit the request counts against then stands, for the answer's X-RateLimit-* headers. */
  report: RateLimitReport;
}

interface Demand {
  rule: FieldRateRule;
  limiter: Limiter;
  key: string;
  points: number;
}

function argumentsOf({ field, node }: VisitedField, variables: Record<string, unknown>): Record<string, unknown> {
  try {
    return getArgumentValues(field, node, variables);
  } catch {
    // Invalid arguments fail in execution; the occurrence still counts, under no argument values.
    return {};
  }
}

function pointsFor(rule: FieldRateRule, args: Record<string, unknown>): number {
  if (!rule.arrayLengthField) return 1;
  const list = rule.arrayLengthField.split(".").reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], args);
  return Array.isArray(list) ? Math.max(1, list.length) : 1;
}

/**
 * Per-field limits, enforced before planning: every occurrence of a limited field in the operation
 * counts (aliases included), and a request over any limit is refused as a whole. Keys are hashed, so
 * Redis holds no addresses or emails.
 */
export class FieldLimits {
  private readonly limits = new Map<string, Array<{ rule: FieldRateRule; limiter: Limiter }>>();

  constructor(redis: Redis, keyPrefix: string, rules: readonly FieldRateRule[]) {
    rules.forEach((rule, index) => {
      const limiter = new Limiter(redis, keyPrefix, {
        name: `field:${rule.coordinate}:${index}`,
        points: rule.max,
        windowSeconds: rule.windowSeconds,
        failClosed: rule.failClosed,
      });
      this.limits.set(rule.coordinate, [...(this.limits.get(rule.coordinate) ?? []), { rule, limiter }]);
    });
  }

  async enforce(request: FieldLimitRequest): Promise<void> {
    const demands = this.demandsOf(request);
    if (demands.length === 0) return;
    const outcomes = await Promise.all(demands.map((demand) => demand.limiter.consume(demand.key, demand.points)));
    for (const outcome of outcomes) if ("allowed" in outcome) request.report.record(outcome.reading);
    outcomes.forEach((outcome, index) => {
      if ("unavailable" in outcome) throw limitUnavailable(demands[index]!.rule.coordinate);
    });
    const refused = outcomes.flatMap((outcome, index) => ("allowed" in outcome && !outcome.allowed ? [{ outcome, demand: demands[index]! }] : []));
    if (refused.length > 0) {
      const longest = Math.max(...refused.map(({ outcome }) => outcome.retryAfterMs));
      const error = rateLimited(refused[0]!.demand.rule.coordinate, longest, request.report);
      const message = refused[0]!.demand.rule.message;
      if (message) error.message = message;
      throw error;
    }
  }

  private demandsOf(request: FieldLimitRequest): Demand[] {
    if (this.limits.size === 0) return [];
    const coerced = getVariableValues(request.schema, request.operation.variableDefinitions ?? [], request.variables ?? {});
    const variables = coerced.coerced ?? request.variables ?? {};
    const demands = new Map<string, Demand>();
    walkOperationFields(request.schema, request.document, request.operation, true, (visited) => {
      for (const { rule, limiter } of this.limits.get(`${visited.parentType.name}.${visited.field.name}`) ?? []) {
        const args = argumentsOf(visited, variables);
        const who = rule.per === "caller" && request.caller ? `user:${request.caller.userId}` : `address:${request.clientAddress}`;
        // graphql-rate-limit's field identity (field name and identity argument values); emails compare case-insensitively.
        const identity = getFieldIdentity(visited.field.name, rule.identityArgs, args).toLowerCase();
        const key = createHash("sha256").update(`${who}\n${identity}`).digest("base64url");
        const demandKey = `${rule.coordinate}\n${limiter.definition.name}\n${key}`;
        const existing = demands.get(demandKey);
        if (existing) existing.points += pointsFor(rule, args);
        else demands.set(demandKey, { rule, limiter, key, points: pointsFor(rule, args) });
      }
      return true;
    });
    return [...demands.values()];
  }
}
