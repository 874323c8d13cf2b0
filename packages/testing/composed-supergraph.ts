import { randomBytes } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { composeSupergraph, type SubgraphSource } from "../schema-tools";

export interface ComposedSupergraph {
  /** A file the gateway can be pointed at. */
  path: string;
  supergraphSdl: string;
  remove(): void;
}

/** Composes subgraph SDLs in-process and writes the supergraph to a temporary file. */
export function writeComposedSupergraph(sources: SubgraphSource[]): ComposedSupergraph {
  const outcome = composeSupergraph(sources);
  if (!outcome.ok) throw new Error(`the test subgraphs do not compose:\n${outcome.errors.join("\n")}`);
  const file = path.join(tmpdir(), `shop-test-supergraph-${randomBytes(6).toString("hex")}.graphql`);
  writeFileSync(file, outcome.supergraphSdl);
  return { path: file, supergraphSdl: outcome.supergraphSdl, remove: () => rmSync(file, { force: true }) };
}
