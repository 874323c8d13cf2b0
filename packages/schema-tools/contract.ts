import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  print,
  astFromValue,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from "graphql";

/**
 * Checks that every name in the client contract exists in the composed API schema exactly as
 * written: types, fields, arguments, argument defaults, nullability and enum values. The API
 * schema may add anything; it may not rename, remove or tighten.
 */
export function findContractViolations(
  contractSdl: string,
  apiSchema: GraphQLSchema,
  notYetBuilt: ReadonlySet<string> = new Set(),
): string[] {
  const contract = buildSchema(contractSdl);
  const violations: string[] = [];
  for (const expected of Object.values(contract.getTypeMap())) {
    if (expected.name.startsWith("__") || notYetBuilt.has(expected.name)) continue;
    const actual = apiSchema.getType(expected.name);
    if (!actual) {
      violations.push(`type ${expected.name} is missing`);
      continue;
    }
    violations.push(...compareType(expected, actual, notYetBuilt));
  }
  return violations;
}

function kindOf(type: GraphQLNamedType): string {
  if (isObjectType(type)) return "object";
  if (isInputObjectType(type)) return "input";
  if (isEnumType(type)) return "enum";
  if (isScalarType(type)) return "scalar";
  if (isInterfaceType(type)) return "interface";
  return "union";
}

function compareType(expected: GraphQLNamedType, actual: GraphQLNamedType, notYetBuilt: ReadonlySet<string>): string[] {
  if (kindOf(expected) !== kindOf(actual)) {
    return [`${expected.name} is a ${kindOf(actual)}, the contract says ${kindOf(expected)}`];
  }
  if (isEnumType(expected) && isEnumType(actual)) {
    const actualValues = new Set(actual.getValues().map((value) => value.name));
    return expected
      .getValues()
      .filter((value) => !actualValues.has(value.name))
      .map((value) => `enum value ${expected.name}.${value.name} is missing`);
  }
  if (isInputObjectType(expected) && isInputObjectType(actual)) {
    return Object.values(expected.getFields()).flatMap((field) =>
      compareInputValue(`${expected.name}.${field.name}`, field, actual.getFields()[field.name]),
    );
  }
  if ((isObjectType(expected) || isInterfaceType(expected)) && (isObjectType(actual) || isInterfaceType(actual))) {
    const actualFields = actual.getFields();
    return Object.values(expected.getFields())
      .filter((field) => !notYetBuilt.has(`${expected.name}.${field.name}`))
      .flatMap((field) => compareField(`${expected.name}.${field.name}`, field, actualFields[field.name]));
  }
  return [];
}

function compareField(
  coordinate: string,
  expected: GraphQLField<unknown, unknown>,
  actual: GraphQLField<unknown, unknown> | undefined,
): string[] {
  if (!actual) return [`field ${coordinate} is missing`];
  const violations: string[] = [];
  if (String(expected.type) !== String(actual.type)) {
    violations.push(`field ${coordinate} has type ${String(actual.type)}, the contract says ${String(expected.type)}`);
  }
  for (const arg of expected.args) {
    violations.push(...compareInputValue(`${coordinate}(${arg.name}:)`, arg, actual.args.find((a) => a.name === arg.name)));
  }
  const extraRequired = actual.args.filter(
    (arg) => String(arg.type).endsWith("!") && arg.defaultValue === undefined && !expected.args.some((a) => a.name === arg.name),
  );
  for (const arg of extraRequired) violations.push(`field ${coordinate} requires argument ${arg.name} the contract does not have`);
  return violations;
}

function printDefault(value: GraphQLArgument | GraphQLInputField): string | undefined {
  if (value.defaultValue === undefined) return undefined;
  const ast = astFromValue(value.defaultValue, value.type);
  return ast ? print(ast) : undefined;
}

function compareInputValue(
  coordinate: string,
  expected: GraphQLArgument | GraphQLInputField,
  actual: GraphQLArgument | GraphQLInputField | undefined,
): string[] {
  if (!actual) return [`${coordinate} is missing`];
  const violations: string[] = [];
  if (String(expected.type) !== String(actual.type)) {
    violations.push(`${coordinate} has type ${String(actual.type)}, the contract says ${String(expected.type)}`);
  }
  const [expectedDefault, actualDefault] = [printDefault(expected), printDefault(actual)];
  if (expectedDefault !== actualDefault) {
    violations.push(`${coordinate} defaults to ${actualDefault ?? "nothing"}, the contract says ${expectedDefault ?? "nothing"}`);
  }
  return violations;
}
