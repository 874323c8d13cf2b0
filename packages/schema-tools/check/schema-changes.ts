import { CriticalityLevel, diff, DiffRule } from "@graphql-inspector/core";
import type { GraphQLSchema } from "graphql";

export type ChangeLevel = "breaking" | "dangerous" | "safe";

/** One difference between the base's API schema and the new one, as graphql-inspector judges it. */
export interface SchemaChange {
  level: ChangeLevel;
  /** graphql-inspector's change type, e.g. FIELD_REMOVED. */
  type: string;
  /** The coordinate it is about, e.g. `Product.sku` or `Query.products.first`; null for schema-wide changes. */
  path: string | null;
  message: string;
  /** Why a breaking or dangerous change is one, in graphql-inspector's words. */
  reason: string | null;
}

const LEVELS: Record<CriticalityLevel, ChangeLevel> = {
  [CriticalityLevel.Breaking]: "breaking",
  [CriticalityLevel.Dangerous]: "dangerous",
  [CriticalityLevel.NonBreaking]: "safe",
};

/**
 * Every change from `base` to `next`; with no base (nothing composed there yet), everything is an
 * addition. Description edits are left out: they never break a client, and they would drown the rest.
 */
export async function diffApiSchemas(base: GraphQLSchema | null, next: GraphQLSchema): Promise<SchemaChange[]> {
  const changes = await diff(base, next, [DiffRule.ignoreDescriptionChanges]);
  return changes.map((change) => {
    const level = LEVELS[change.criticality.level];
    return { level, type: change.type, path: change.path ?? null, message: change.message, reason: level === "safe" ? null : (change.criticality.reason ?? null) };
  });
}
