import path from "node:path";
import type { GraphQLSchema } from "graphql";
import { composeSupergraph, type SubgraphSource } from "../compose";
import { parseSupergraphConfig, type ProjectPaths } from "../supergraph-config";
import { readFileAtCommit } from "./git-base";

/** The API schema at the base commit, composed from the base's own supergraph.yaml and subgraph files. */
export type BaseApiSchema =
  | { kind: "composed"; schema: GraphQLSchema; subgraphs: string[]; notThere: string[] }
  /** No supergraph.yaml at the base: everything is an addition. */
  | { kind: "absent" }
  | { kind: "uncomposable"; errors: string[] };

export function composeBaseApiSchema(project: ProjectPaths, commit: string): BaseApiSchema {
  const configPath = path.relative(project.root, project.supergraphConfig);
  const configText = readFileAtCommit(project.root, commit, configPath);
  if (configText === null) return { kind: "absent" };
  const sources: SubgraphSource[] = [];
  const notThere: string[] = [];
  for (const entry of parseSupergraphConfig(configText, path.dirname(project.supergraphConfig))) {
    const file = path.relative(project.root, entry.schemaPath);
    const sdl = readFileAtCommit(project.root, commit, file);
    // A subgraph listed but not yet written at the base adds everything it has.
    if (sdl === null) notThere.push(entry.name);
    else sources.push({ name: entry.name, routingUrl: entry.routingUrl, sdl, sourceName: `${commit.slice(0, 10)}:${file}` });
  }
  if (sources.length === 0) return { kind: "absent" };
  const outcome = composeSupergraph(sources);
  if (!outcome.ok) return { kind: "uncomposable", errors: outcome.errors };
  return { kind: "composed", schema: outcome.apiSchema, subgraphs: sources.map((source) => source.name), notThere };
}
