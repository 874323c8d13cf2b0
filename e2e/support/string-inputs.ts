import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from "graphql";

/**
 * Every place a client can hand the supergraph text: each String or ID argument, and each String or ID
 * field of an input object an argument takes, on every field reachable from Query and Mutation. For
 * each, one operation is built from the schema alone that sends a chosen value there and valid values
 * everywhere else, so a test can feed hostile text to all of them without listing them by hand.
 */

/** One step from a root: a field, with the arguments it is called with. */
interface PathStep {
  parent: GraphQLObjectType;
  field: GraphQLField<unknown, unknown>;
}

export interface StringInput {
  operation: "query" | "mutation";
  /** e.g. `Mutation.placeOrder(input:).shippingAddress.line1` or `Query.product(id:)` */
  coordinate: string;
  /** `String` or `ID` */
  scalar: string;
  /** The field or argument's own name (`line1`, `email`). */
  name: string;
  /**
   * `extensions.field` of a refusal, in the subgraphs' style: the path inside the argument, without the
   * name of an input-object argument (`shippingAddress.line1`, `items[0].productId`, `search`), or the
   * argument's name for a scalar argument (`email`, `after`).
   */
  expectedField: string;
  /** Whether the field that takes it answers null for something that does not exist (`product(id:)`). */
  answersNullWhenMissing: boolean;
  /** The response path of the field that takes it, e.g. ["me", "orders"]. */
  responsePath: string[];
  steps: PathStep[];
  argument: GraphQLArgument;
  /** Input-object field names (and 0 for list items) below the argument. */
  inputPath: Array<string | 0>;
}

export interface Operation {
  query: string;
  variables: Record<string, unknown>;
}

/** Valid text for required String/ID inputs, by coordinate (`Type.field(arg:)` or `InputType.field`). */
export type ValidValues = Record<string, () => string>;

const isText = (type: GraphQLInputType) => {
  const named = getNamedType(type);
  return isScalarType(named) && (named.name === "String" || named.name === "ID");
};

/** Whether a field is left out: it, its type, or the type it returns is named in `skip`. */
function isSkipped(parent: GraphQLObjectType, field: GraphQLField<unknown, unknown>, skip: ReadonlySet<string>): boolean {
  return skip.has(parent.name) || skip.has(`${parent.name}.${field.name}`) || skip.has(getNamedType(field.type).name);
}

/** The shortest path from a root to every object type reachable from it (breadth first), around skipped fields. */
function pathsToTypes(root: GraphQLObjectType, skip: ReadonlySet<string>): Map<string, PathStep[]> {
  const paths = new Map<string, PathStep[]>([[root.name, []]]);
  const queue: GraphQLObjectType[] = [root];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const field of Object.values(parent.getFields())) {
      const target = getNamedType(field.type);
      if (!isObjectType(target) || paths.has(target.name) || isSkipped(parent, field, skip)) continue;
      paths.set(target.name, [...paths.get(parent.name)!, { parent, field }]);
      queue.push(target);
    }
  }
  return paths;
}

/** Text inputs below an argument: the argument itself, or String/ID fields of the input objects it takes. */
function textPathsOf(type: GraphQLInputType, seen: ReadonlySet<string> = new Set()): Array<{ path: Array<string | 0>; scalar: string }> {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return textPathsOf(nullable.ofType, seen).map(({ path, scalar }) => ({ path: [0, ...path], scalar }));
  if (isText(nullable)) return [{ path: [], scalar: getNamedType(nullable).name }];
  if (!isInputObjectType(nullable) || seen.has(nullable.name)) return [];
  return Object.values(nullable.getFields()).flatMap((field) =>
    textPathsOf(field.type, new Set([...seen, nullable.name])).map(({ path, scalar }) => ({ path: [field.name, ...path], scalar })),
  );
}

function formatInputPath(path: ReadonlyArray<string | 0>): string {
  return path.map((part) => (part === 0 ? "[0]" : `.${part}`)).join("");
}

/**
 * Every text input reachable from Query and Mutation. Items named in `skip` (type names or `Type.field`
 * coordinates, as the contract's pending list has them) are left out, with everything that needs them.
 */
export function findStringInputs(schema: GraphQLSchema, skip: ReadonlySet<string> = new Set()): StringInput[] {
  const roots = [schema.getQueryType(), schema.getMutationType()].filter((root): root is GraphQLObjectType => root != null);
  // Nested fields are reached from Query where possible, so reaching them writes nothing.
  const paths = new Map<string, PathStep[]>();
  for (const root of roots) for (const [name, path] of pathsToTypes(root, skip)) if (!paths.has(name)) paths.set(name, path);
  const inputs: StringInput[] = [];
  for (const [typeName, path] of paths) {
    const parent = schema.getType(typeName) as GraphQLObjectType;
    for (const field of Object.values(parent.getFields())) {
      if (isSkipped(parent, field, skip)) continue;
      const steps = [...path, { parent, field }];
      for (const argument of field.args) {
        const argumentIsObject = isInputObjectType(getNamedType(argument.type));
        for (const { path: inputPath, scalar } of textPathsOf(argument.type)) {
          if (inputPathTypes(argument.type, inputPath).some((name) => skip.has(name))) continue;
          const below = formatInputPath(inputPath);
          const lastName = [...inputPath].reverse().find((part): part is string => part !== 0) ?? argument.name;
          inputs.push({
            operation: steps[0]!.parent === schema.getMutationType() ? "mutation" : "query",
            coordinate: `${parent.name}.${field.name}(${argument.name}:)${below}`,
            scalar,
            name: lastName,
            expectedField: argumentIsObject ? below.replace(/^\./, "") : `${argument.name}${below}`,
            answersNullWhenMissing: !isNonNullType(field.type) && inputPath.length === 0 && scalar === "ID",
            responsePath: steps.map((step) => step.field.name),
            steps,
            argument,
            inputPath,
          });
        }
      }
    }
  }
  return inputs;
}

/** The input-object type names an input path passes through (for the pending list). */
function inputPathTypes(type: GraphQLInputType, path: ReadonlyArray<string | 0>): string[] {
  const names: string[] = [];
  let current: GraphQLInputType = type;
  for (const part of path) {
    const named = getNamedType(current);
    if (part === 0) {
      current = (getNullableType(current) as { ofType: GraphQLInputType }).ofType;
      continue;
    }
    if (!isInputObjectType(named)) break;
    names.push(named.name);
    current = named.getFields()[part]!.type;
  }
  return names;
}

/** Builds valid values for required inputs; text needs an entry in `valid`, so a new one cannot go unnoticed. */
class ValueBuilder {
  constructor(private readonly valid: ValidValues) {}

  required(type: GraphQLInputType, coordinate: string): unknown {
    const nullable = getNullableType(type);
    if (isListType(nullable)) return [this.required(nullable.ofType, coordinate)];
    if (isInputObjectType(nullable)) {
      return Object.fromEntries(
        Object.values(nullable.getFields())
          .filter((field) => isNonNullType(field.type) && field.defaultValue === undefined)
          .map((field) => [field.name, this.required(field.type, `${nullable.name}.${field.name}`)]),
      );
    }
    if (isEnumType(nullable)) return nullable.getValues()[0]!.name;
    const name = getNamedType(nullable).name;
    if (name === "String" || name === "ID") {
      const make = this.valid[coordinate];
      if (!make) throw new Error(`No valid value for ${coordinate}: teach the hostile-input test how to call it`);
      return make();
    }
    if (name === "Int" || name === "Float") return 1;
    if (name === "Boolean") return false;
    throw new Error(`No valid value for ${coordinate} (scalar ${name}): teach the hostile-input test how to call it`);
  }

  /** A value of `type` with `value` at `path` and valid values for what is required around it. */
  withValueAt(type: GraphQLInputType, path: ReadonlyArray<string | 0>, value: unknown, coordinate: string): unknown {
    if (path.length === 0) return value;
    const nullable = getNullableType(type);
    const [part, ...rest] = path;
    if (part === 0 && isListType(nullable)) return [this.withValueAt(nullable.ofType, rest, value, coordinate)];
    if (typeof part !== "string" || !isInputObjectType(nullable)) throw new Error(`${coordinate} does not lead to ${path.join(".")}`);
    const base = this.required(nullable, coordinate) as Record<string, unknown>;
    const field = nullable.getFields()[part]!;
    return { ...base, [part]: this.withValueAt(field.type, rest, value, `${nullable.name}.${part}`) };
  }
}

/** A selection that makes the field's resolver run and answers little: __typename and one leaf field. */
function leafSelection(field: GraphQLField<unknown, unknown>): string {
  const named = getNamedType(field.type);
  if (isLeafType(named)) return "";
  if (!isObjectType(named)) return "{ __typename }";
  const leaf = Object.values(named.getFields()).find((candidate) => isLeafType(getNamedType(candidate.type)) && candidate.args.every((arg) => !isNonNullType(arg.type)));
  return `{ __typename${leaf ? ` ${leaf.name}` : ""} }`;
}

/** The operation that sends `value` to `input`, with valid values for every other required argument on the way. */
export function buildOperation(input: StringInput, value: unknown, valid: ValidValues): Operation {
  const builder = new ValueBuilder(valid);
  const variables: Record<string, unknown> = {};
  const declarations: string[] = [];
  const last = input.steps.length - 1;
  const open = input.steps.map((step, index) => {
    const args = step.field.args.flatMap((argument) => {
      const coordinate = `${step.parent.name}.${step.field.name}(${argument.name}:)`;
      const isTarget = index === last && argument === input.argument;
      const required = isNonNullType(argument.type) && argument.defaultValue === undefined;
      if (!isTarget && !required) return [];
      const variable = `v${declarations.length}`;
      declarations.push(`$${variable}: ${String(argument.type)}`);
      variables[variable] = isTarget ? builder.withValueAt(argument.type, input.inputPath, value, coordinate) : builder.required(argument.type, coordinate);
      return [`${argument.name}: $${variable}`];
    });
    return `${step.field.name}${args.length > 0 ? `(${args.join(", ")})` : ""}`;
  });
  const target = input.steps[last]!.field;
  const selection = open.map((part, index) => (index === last ? `${part} ${leafSelection(target)}`.trim() : `${part} {`)).join(" ") + " }".repeat(last);
  return { query: `${input.operation}${declarations.length > 0 ? ` (${declarations.join(", ")})` : ""} { ${selection} }`, variables };
}
