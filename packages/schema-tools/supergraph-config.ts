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

export function readSupergraphConfig(configPath = SUPERGRAPH_CONFIG_PATH): SubgraphEntry[] {
  const parsed = supergraphConfigSchema.parse(parseYaml(readFileSync(configPath, "utf8")));
  const baseDir = path.dirname(configPath);
  return Object.entries(parsed.subgraphs).map(([name, entry]) => ({
    name,
    routingUrl: entry.routing_url,
    schemaPath: path.resolve(baseDir, entry.schema.file),
  }));
}
