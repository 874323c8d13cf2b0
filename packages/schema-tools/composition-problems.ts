import { getLocation, Kind, type ASTNode, type DefinitionNode, type DocumentNode, type GraphQLError } from "graphql";

/** One reason the subgraphs do not compose, with what a reader needs to find it. */
export interface CompositionProblem {
  code: string | null;
  message: string;
  /** The subgraphs involved, by their name in supergraph.yaml. */
  subgraphs: string[];
  /** Schema coordinates of what is wrong: `Type`, `Type.field`, `Type.field(arg:)`, `@directive`. */
  coordinates: string[];
  /** `file:line:column` of each place the error points at. */
  locations: string[];
}

/** A subgraph schema as given to composition; `sourceName` is the file its locations are reported against. */
export interface ParsedSubgraph {
  name: string;
  sourceName: string;
  /** null when the schema did not even parse. */
  document: DocumentNode | null;
}

/** "[products] Unknown type Strin": composition names the subgraph of a validation error in its message. */
const SUBGRAPH_PREFIX = /^\[([^\]\s]+)\] /;

function contains(node: ASTNode, offset: number): boolean {
  return node.loc !== undefined && node.loc.start <= offset && offset < node.loc.end;
}

function membersOf(definition: DefinitionNode): readonly ASTNode[] {
  if ("fields" in definition && definition.fields) return definition.fields;
  if ("values" in definition && definition.values) return definition.values;
  if (definition.kind === Kind.DIRECTIVE_DEFINITION) return definition.arguments ?? [];
  return [];
}

function nameOf(node: ASTNode): string | null {
  return "name" in node && node.name && typeof node.name === "object" && "value" in node.name ? node.name.value : null;
}

/** The innermost schema coordinate whose definition contains `offset` in `document`. */
export function coordinateAt(document: DocumentNode, offset: number): string | null {
  const definition = document.definitions.find((candidate) => contains(candidate, offset));
  const typeName = definition && nameOf(definition);
  if (!definition || !typeName) return null;
  const owner = definition.kind === Kind.DIRECTIVE_DEFINITION ? `@${typeName}` : typeName;
  const member = membersOf(definition).find((candidate) => contains(candidate, offset));
  if (!member) return owner;
  if (definition.kind === Kind.DIRECTIVE_DEFINITION) return `${owner}(${nameOf(member)}:)`;
  const argument = "arguments" in member ? (member.arguments as readonly ASTNode[] | undefined)?.find((arg) => contains(arg, offset)) : undefined;
  return argument ? `${owner}.${nameOf(member)}(${nameOf(argument)}:)` : `${owner}.${nameOf(member)}`;
}

function unique(values: Array<string | null | undefined>): string[] {
  return [...new Set(values.filter((value): value is string => Boolean(value)))];
}

/** Turns a composition or parse error into a problem naming its subgraphs, coordinates and file locations. */
export function describeCompositionError(error: GraphQLError, subgraphs: readonly ParsedSubgraph[]): CompositionProblem {
  const bySource = new Map(subgraphs.map((subgraph) => [subgraph.sourceName, subgraph]));
  const places = (error.nodes ?? [])
    .filter((node) => node.loc !== undefined)
    .map((node) => ({ source: node.loc!.source, offset: node.loc!.start }));
  // A parse error has no nodes, only its source and positions.
  if (places.length === 0 && error.source && error.positions) {
    places.push(...error.positions.map((offset) => ({ source: error.source!, offset })));
  }
  // Nodes from outside our files (federation's own definitions) say nothing a reader can act on.
  const located = places.flatMap(({ source, offset }) => {
    const subgraph = bySource.get(source.name);
    if (!subgraph) return [];
    const { line, column } = getLocation(source, offset);
    return [{ subgraph: subgraph.name, coordinate: subgraph.document && coordinateAt(subgraph.document, offset), location: `${source.name}:${line}:${column}` }];
  });
  return {
    code: error.extensions?.code ? String(error.extensions.code) : null,
    message: error.message,
    subgraphs: unique([SUBGRAPH_PREFIX.exec(error.message)?.[1], ...located.map((place) => place.subgraph)]),
    coordinates: unique(located.map((place) => place.coordinate)),
    locations: unique(located.map((place) => place.location)),
  };
}

/** One line per problem: `inventory, products: [INVALID_FIELD_SHARING] message (Product.name; at a.graphql:3:5, ...)`. */
export function formatCompositionProblem(problem: CompositionProblem): string {
  const who = problem.subgraphs.length > 0 ? `${problem.subgraphs.join(", ")}: ` : "";
  const code = problem.code ? `[${problem.code}] ` : "";
  const where = [problem.coordinates.join(", "), problem.locations.length > 0 ? `at ${problem.locations.join(", ")}` : ""].filter(Boolean);
  return `${who}${code}${problem.message}${where.length > 0 ? ` (${where.join("; ")})` : ""}`;
}
