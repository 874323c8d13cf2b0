import { readFileSync } from "node:fs";
import { composeServices } from "@apollo/composition";
import { GraphQLError, parse, type GraphQLSchema } from "graphql";
import type { SubgraphEntry } from "./supergraph-config";

export interface SubgraphSource {
  name: string;
  routingUrl: string;
  sdl: string;
}

export type CompositionOutcome =
  | { ok: true; supergraphSdl: string; apiSchema: GraphQLSchema; hints: string[] }
  | { ok: false; errors: string[] };

export function readSubgraphSources(entries: SubgraphEntry[]): SubgraphSource[] {
  return entries.map((entry) => ({ name: entry.name, routingUrl: entry.routingUrl, sdl: readFileSync(entry.schemaPath, "utf8") }));
}

function describeError(error: GraphQLError, subgraph?: string): string {
  const code = error.extensions?.code ? `[${String(error.extensions.code)}] ` : "";
  return `${subgraph ? `${subgraph}: ` : ""}${code}${error.message}`;
}

/** Composes subgraph SDLs into a supergraph, naming the subgraph behind every error. */
export function composeSupergraph(sources: SubgraphSource[]): CompositionOutcome {
  const services = [];
  const parseErrors: string[] = [];
  for (const source of sources) {
    try {
      services.push({ name: source.name, url: source.routingUrl, typeDefs: parse(source.sdl) });
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      parseErrors.push(describeError(error, source.name));
    }
  }
  if (parseErrors.length > 0) return { ok: false, errors: parseErrors };

  const result = composeServices(services);
  if (result.errors) return { ok: false, errors: result.errors.map((error) => describeError(error)) };
  return {
    ok: true,
    supergraphSdl: result.supergraphSdl,
    apiSchema: result.schema.toAPISchema().toGraphQLJSSchema(),
    hints: result.hints.map((hint) => hint.toString()),
  };
}
