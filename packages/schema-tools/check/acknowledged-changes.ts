import { ChangeType } from "@graphql-inspector/core";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { SchemaChange } from "./schema-changes";

const CHANGE_TYPES = new Set<string>(Object.values(ChangeType));

const acknowledgedChangesSchema = z
  .object({
    acknowledged: z
      .array(
        z.object({
          change: z.string().refine((type) => CHANGE_TYPES.has(type), { message: "is not a graphql-inspector change type (e.g. FIELD_REMOVED)" }),
          coordinate: z.string().min(1),
          reason: z.string().trim().min(10, "must say why the change is safe for the clients that use it"),
        }),
      )
      .nullable()
      .default([]),
  })
  .nullable();

/** A breaking change made on purpose: which change, where, and why the clients that use it are fine. */
export interface Acknowledgement {
  change: string;
  coordinate: string;
  reason: string;
}

/** Parses the acknowledged-changes file; throws an Error that names the file and what is wrong in it. */
export function parseAcknowledgements(yamlText: string, fileName: string): Acknowledgement[] {
  const parsed = acknowledgedChangesSchema.safeParse(parseYaml(yamlText));
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`${fileName} is not a valid list of acknowledged changes: ${details}`);
  }
  return parsed.data?.acknowledged ?? [];
}

export interface JudgedBreakingChanges {
  unacknowledged: SchemaChange[];
  acknowledged: Array<{ change: SchemaChange; reason: string }>;
  /** Entries no change matched: the base already contains them, or they were mistyped. */
  unused: Acknowledgement[];
}

/** What an acknowledgement names a change by: its coordinate, or `schema` for schema-wide changes. */
export function coordinateOf(change: SchemaChange): string {
  return change.path ?? "schema";
}

/** Matches breaking changes to acknowledgements by change type and coordinate, both exactly. */
export function judgeBreakingChanges(breaking: readonly SchemaChange[], acknowledgements: readonly Acknowledgement[]): JudgedBreakingChanges {
  const matched = new Set<Acknowledgement>();
  const judged: JudgedBreakingChanges = { unacknowledged: [], acknowledged: [], unused: [] };
  for (const change of breaking) {
    const acknowledgement = acknowledgements.find((entry) => entry.change === change.type && entry.coordinate === coordinateOf(change));
    if (acknowledgement) {
      matched.add(acknowledgement);
      judged.acknowledged.push({ change, reason: acknowledgement.reason });
    } else {
      judged.unacknowledged.push(change);
    }
  }
  judged.unused = acknowledgements.filter((entry) => !matched.has(entry));
  return judged;
}
