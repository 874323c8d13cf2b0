import { readFileSync } from "node:fs";
import path from "node:path";
import { parse, type DocumentNode } from "graphql";

/** A subgraph's schema.graphql, the only place its types are declared, parsed for buildSubgraphSchema. */
export function readSubgraphSchema(subgraphDir: string): DocumentNode {
  return parse(readFileSync(path.join(subgraphDir, "schema.graphql"), "utf8"));
}
