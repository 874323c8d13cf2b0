import {
  getNamedType,
  isCompositeType,
  isObjectType,
  isInterfaceType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

export interface VisitedField {
  parentType: GraphQLCompositeType;
  field: GraphQLField<unknown, unknown>;
  node: FieldNode;
}

/**
 * What a visit returns for a field: the scope its sub-selections are walked with, or `undefined` to skip
 * them. Cost passes a multiplier down this way; rate limits pass nothing.
 */
export type FieldVisitor<TScope> = (visited: VisitedField, scope: TScope) => TScope | undefined;

export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/**
 * Walks every field an operation selects, fragments expanded where they are spread, with each field's
 * definition in the schema. Meant for validated documents; introspection fields (`__schema`, `__type`,
 * `__typename`) are not visited, and neither is anything the schema does not know.
 */
export function walkOperationFields<TScope>(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  initialScope: TScope,
  visit: FieldVisitor<TScope>,
): void {
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) return;
  const fragments = fragmentsOf(document);

  const walk = (parentType: GraphQLCompositeType, selectionSet: SelectionSetNode, scope: TScope): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith("__")) continue;
        if (!isObjectType(parentType) && !isInterfaceType(parentType)) continue;
        const field = parentType.getFields()[selection.name.value];
        if (!field) continue;
        const childScope = visit({ parentType, field, node: selection }, scope);
        const childType = getNamedType(field.type);
        if (childScope !== undefined && selection.selectionSet && isCompositeType(childType)) walk(childType, selection.selectionSet, childScope);
      } else {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
        if (!fragment) continue;
        const typeCondition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parentType;
        if (typeCondition && isCompositeType(typeCondition)) walk(typeCondition, fragment.selectionSet, scope);
      }
    }
  };
  walk(rootType, operation.selectionSet, initialScope);
}
