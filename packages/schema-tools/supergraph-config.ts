import { readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

/** supergraph.yaml in rover's format: each subgraph's routing URL and schema file. */
const supergraphConfigSchema = z.object({
  federation_version: z.string().optional(),
  subgraphs: z.record(
    z.string(),
    z.object({
      routing_url: z.string().url(),
      schema: z.object({ file: z.string() }),
    }),
  ),
});

export interface SubgraphEntry {
  name: string;
  routingUrl: string;
  schemaPath: string;
}

export const PROJECT_ROOT = path.resolve(__dirname, "../..");
export const SUPERGRAPH_CONFIG_PATH = path.join(PROJECT_ROOT, "supergraph.yaml");
export const SUPERGRAPH_SDL_PATH = path.join(PROJECT_ROOT, "supergraph.graphql");
export const CONTRACT_PATH = path.join(PROJECT_ROOT, "schema", "contract.graphql");

/** Where a project keeps what the schema check reads; a copy of the project elsewhere has the same layout. */
export interface ProjectPaths {
  root: string;
  supergraphConfig: string;
  supergraphSdl: string;
  contract: string;
  /** The client operation documents (`*.graphql`, anywhere below, except generated/). */
  operations: string;
  /** Breaking changes made on purpose, each with its reason. */
  acknowledgedChanges: string;
}

export function projectPaths(root = PROJECT_ROOT): ProjectPaths {
  return {
    root,
    supergraphConfig: path.join(root, "supergraph.yaml"),
    supergraphSdl: path.join(root, "supergraph.graphql"),
    contract: path.join(root, "schema", "contract.graphql"),
    operations: path.join(root, "operations"),
    acknowledgedChanges: path.join(root, "schema", "acknowledged-changes.yaml"),
  };
}

/** Parses supergraph.yaml's text; schema files are resolved against `baseDir`, the folder the file sits in. */
export function parseSupergraphConfig(yamlText: string, baseDir: string): SubgraphEntry[] {
  const parsed = supergraphConfigSchema.parse(parseYaml(yamlText));
  return Object.entries(parsed.subgraphs).map(([name, entry]) => ({
    name,
    routingUrl: entry.routing_url,
    schemaPath: path.resolve(baseDir, entry.schema.file),
  }));
}

export function readSupergraphConfig(configPath = SUPERGRAPH_CONFIG_PATH): SubgraphEntry[] {
  return parseSupergraphConfig(readFileSync(configPath, "utf8"), path.dirname(configPath));
}
