import {
  getVariableValues,
  GraphQLInt,
  valueFromAST,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { walkOperationFields, type VisitedField } from "../operation-walk";

/** The argument whose value (given, or the schema's default) says how many items a list field returns. */
const PAGE_SIZE_ARGUMENT = "first";

type Variables = Record<string, unknown>;

function pageSize({ field, node }: VisitedField, variables: Variables): number {
  const definition = field.args.find((argument) => argument.name === PAGE_SIZE_ARGUMENT);
  if (!definition) return 1;
  const given = node.arguments?.find((argument) => argument.name.value === PAGE_SIZE_ARGUMENT);
  const value = given ? valueFromAST(given.value, GraphQLInt, variables) : undefined;
  const size = typeof value === "number" ? value : definition.defaultValue;
  return typeof size === "number" ? Math.max(0, size) : 1;
}

/**
 * A static estimate of how much work an operation asks for: each field costs 1, times the page size
 * (`first`) of every list field above it. `products(first: 100) { edges { node { category { products(first: 100) ... } } } }`
 * costs about 100 x 100 per field selected at the bottom. Variables count with the values the client sent,
 * defaults included.
 */
export function staticCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Variables | undefined,
): number {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {});
  const variables = coerced.coerced ?? rawVariables ?? {};
  let cost = 0;
  walkOperationFields(schema, document, operation, 1, (visited, multiplier) => {
    cost += multiplier;
    return multiplier * pageSize(visited, variables);
  });
  return cost;
}
