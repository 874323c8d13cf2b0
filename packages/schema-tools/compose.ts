import { readFileSync } from "node:fs";
import path from "node:path";
import { composeServices } from "@apollo/composition";
import { GraphQLError, parse, Source, type DocumentNode, type GraphQLSchema } from "graphql";
import { describeCompositionError, formatCompositionProblem, type CompositionProblem, type ParsedSubgraph } from "./composition-problems";
import { PROJECT_ROOT, type SubgraphEntry } from "./supergraph-config";

export interface SubgraphSource {
  name: string;
  routingUrl: string;
  sdl: string;
  /** What locations in this schema are reported against (its file); the subgraph's name when not given. */
  sourceName?: string;
}

export type CompositionOutcome =
  | { ok: true; supergraphSdl: string; apiSchema: GraphQLSchema; hints: string[] }
  | { ok: false; errors: string[]; problems: CompositionProblem[] };

/** Reads each subgraph's schema file; locations in it are reported relative to `root`. */
export function readSubgraphSources(entries: SubgraphEntry[], root = PROJECT_ROOT): SubgraphSource[] {
  return entries.map((entry) => ({
    name: entry.name,
    routingUrl: entry.routingUrl,
    sdl: readFileSync(entry.schemaPath, "utf8"),
    sourceName: path.relative(root, entry.schemaPath),
  }));
}

function failed(problems: CompositionProblem[]): CompositionOutcome {
  return { ok: false, problems, errors: problems.map(formatCompositionProblem) };
}

/** Composes subgraph SDLs into a supergraph; every error names its subgraphs, coordinates and file locations. */
export function composeSupergraph(sources: SubgraphSource[]): CompositionOutcome {
  const parsed: Array<ParsedSubgraph & { url: string; document: DocumentNode }> = [];
  const parseProblems: CompositionProblem[] = [];
  for (const source of sources) {
    const sourceName = source.sourceName ?? source.name;
    try {
      parsed.push({ name: source.name, url: source.routingUrl, sourceName, document: parse(new Source(source.sdl, sourceName)) });
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      parseProblems.push(describeCompositionError(error, [{ name: source.name, sourceName, document: null }]));
    }
  }
  if (parseProblems.length > 0) return failed(parseProblems);

  const result = composeServices(parsed.map(({ name, url, document }) => ({ name, url, typeDefs: document })));
  if (result.errors) return failed(result.errors.map((error) => describeCompositionError(error, parsed)));
  return {
    ok: true,
    supergraphSdl: result.supergraphSdl,
    apiSchema: result.schema.toAPISchema().toGraphQLJSSchema(),
    hints: result.hints.map((hint) => hint.toString()),
  };
}
