import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  getLocation,
  GraphQLError,
  Kind,
  NoDeprecatedCustomRule,
  parse,
  Source,
  validate,
  visit,
  type ASTNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";

/** One named client operation with the fragments it uses: what a client sends, and what we validate. */
export interface ClientOperation {
  name: string;
  type: OperationDefinitionNode["operation"];
  /** Where the operation is written: `file:line`. */
  location: string;
  /** The operation, then every fragment it uses (directly or through other fragments). */
  document: DocumentNode;
}

/** Something wrong with an operation; `location` is `file:line:column` of the offending part. */
export interface OperationProblem {
  operation: string | null;
  location: string | null;
  message: string;
}

export interface OperationSet {
  operations: ClientOperation[];
  /** Files that do not parse, anonymous or duplicate operations, duplicate fragments. */
  problems: OperationProblem[];
}

/** Every `*.graphql` below `dir` (generated/ left out), as sources named relative to `root`. */
export function readOperationSources(dir: string, root: string): Source[] {
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".graphql") && !file.split(path.sep).includes("generated"))
    .sort();
  return files.map((file) => new Source(readFileSync(path.join(dir, file), "utf8"), path.relative(root, path.join(dir, file))));
}

function locationOf(error: GraphQLError): string | null {
  const node = error.nodes?.[0];
  if (node?.loc) {
    const { line, column } = getLocation(node.loc.source, node.loc.start);
    return `${node.loc.source.name}:${line}:${column}`;
  }
  const [position] = error.positions ?? [];
  if (error.source && position !== undefined) {
    const { line, column } = getLocation(error.source, position);
    return `${error.source.name}:${line}:${column}`;
  }
  return null;
}

function lineOf(node: ASTNode): string {
  const loc = node.loc!;
  return `${loc.source.name}:${getLocation(loc.source, loc.start).line}`;
}

function fragmentNamesSpreadIn(node: OperationDefinitionNode | FragmentDefinitionNode): string[] {
  const names: string[] = [];
  visit(node, { FragmentSpread: (spread) => void names.push(spread.name.value) });
  return names;
}

/** The names of the fragments an operation needs, following spreads through fragments. */
function fragmentNamesUsedBy(operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): Set<string> {
  const used = new Set<string>();
  const follow = (names: string[]) => {
    for (const name of names) {
      const fragment = fragments.get(name);
      if (used.has(name) || !fragment) continue;
      used.add(name);
      follow(fragmentNamesSpreadIn(fragment));
    }
  };
  follow(fragmentNamesSpreadIn(operation));
  return used;
}

/**
 * What a client sends for one operation: the operation, then the fragments it uses in the order they
 * are defined (graphql-codegen's typed documents use the same order, so the printed text is identical).
 */
export function operationDocument(operation: OperationDefinitionNode, fragmentsInOrder: readonly FragmentDefinitionNode[]): DocumentNode {
  const used = fragmentNamesUsedBy(operation, new Map(fragmentsInOrder.map((fragment) => [fragment.name.value, fragment])));
  return { kind: Kind.DOCUMENT, definitions: [operation, ...fragmentsInOrder.filter((fragment) => used.has(fragment.name.value))] };
}

/** Parses operation files into one self-contained document per named operation. */
export function collectOperations(sources: readonly Source[]): OperationSet {
  const problems: OperationProblem[] = [];
  const definitions: Array<OperationDefinitionNode | FragmentDefinitionNode> = [];
  for (const source of sources) {
    try {
      for (const definition of parse(source).definitions) {
        if (definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION) definitions.push(definition);
        else problems.push({ operation: null, location: lineOf(definition), message: `only operations and fragments belong in operation files, found ${definition.kind}` });
      }
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      problems.push({ operation: null, location: locationOf(error), message: error.message });
    }
  }

  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations = new Map<string, ClientOperation>();
  for (const definition of definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      const name = definition.name.value;
      const first = fragments.get(name);
      if (first) problems.push({ operation: null, location: lineOf(definition), message: `fragment ${name} is also defined at ${lineOf(first)}` });
      else fragments.set(name, definition);
    }
  }
  for (const definition of definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const name = definition.name?.value;
    if (!name) {
      problems.push({ operation: null, location: lineOf(definition), message: "every operation needs a name: clients, logs and the persisted-operation manifest know it by it" });
      continue;
    }
    const first = operations.get(name);
    if (first) {
      problems.push({ operation: name, location: lineOf(definition), message: `operation ${name} is also defined at ${first.location}` });
      continue;
    }
    operations.set(name, {
      name,
      type: definition.operation,
      location: lineOf(definition),
      document: operationDocument(definition, [...fragments.values()]),
    });
  }
  return { operations: [...operations.values()], problems };
}

export interface OperationValidation {
  /** What makes an operation fail against the schema: unknown fields, arguments, types, wrong variables. */
  invalid: OperationProblem[];
  /** Uses of deprecated fields, arguments and enum values: they still work, and will not forever. */
  deprecated: OperationProblem[];
}

/** Validates each operation (with its fragments) against `schema`; every problem names its operation. */
export function validateOperations(schema: GraphQLSchema, operations: readonly ClientOperation[]): OperationValidation {
  const problemsOf = (operation: ClientOperation, errors: readonly GraphQLError[]): OperationProblem[] =>
    errors.map((error) => ({ operation: operation.name, location: locationOf(error), message: error.message }));
  return {
    invalid: operations.flatMap((operation) => problemsOf(operation, validate(schema, operation.document))),
    deprecated: operations.flatMap((operation) => problemsOf(operation, validate(schema, operation.document, [NoDeprecatedCustomRule]))),
  };
}
