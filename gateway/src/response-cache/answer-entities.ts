import {
  getNamedType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { fragmentsOf } from "../operation-walk";

/** The ids of the entities an answer shows fields of, and whether every one of them showed its id. */
export interface AnswerEntities {
  ids: Set<string>;
  /** False when some object of the type showed such a field without its `id` (then its id is unknown). */
  complete: boolean;
}

export interface EntityQuestion {
  typeName: string;
  /** Whether a field of the type is one the versioned subgraph resolves (the key field `id` is not asked about). */
  resolvedBySubgraph(fieldName: string): boolean;
}

/** The field nodes selected on an object of `type`, fragments for that type (or untyped) flattened. */
function fieldsOf(selectionSet: SelectionSetNode, type: GraphQLObjectType, fragments: Map<string, FragmentDefinitionNode>): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) fields.push(selection);
    else {
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
      if (fragment && (!fragment.typeCondition || fragment.typeCondition.name.value === type.name)) fields.push(...fieldsOf(fragment.selectionSet, type, fragments));
    }
  }
  return fields;
}

/**
 * Walks an answer beside the operation that asked for it and collects the ids of the `typeName` objects
 * in it that show a field the versioned subgraph resolves. Only cacheable operations are walked: they
 * have no abstract types, so each object's type is its field's type.
 */
export function entitiesInAnswer(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  data: Record<string, unknown>,
  question: EntityQuestion,
): AnswerEntities {
  const fragments = fragmentsOf(document);
  const found: AnswerEntities = { ids: new Set(), complete: true };
  const visit = (selectionSet: SelectionSetNode, type: GraphQLObjectType, value: unknown): void => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(selectionSet, type, item);
      return;
    }
    const object = value as Record<string, unknown>;
    let shows = false;
    let id: unknown;
    for (const node of fieldsOf(selectionSet, type, fragments)) {
      const responseKey = node.alias?.value ?? node.name.value;
      if (type.name === question.typeName && node.name.value === "id") id = object[responseKey];
      else if (type.name === question.typeName && question.resolvedBySubgraph(node.name.value)) shows = true;
      const childType = node.selectionSet ? type.getFields()[node.name.value]?.type : undefined;
      const named = childType ? getNamedType(childType) : undefined;
      if (node.selectionSet && named && isObjectType(named)) visit(node.selectionSet, named, object[responseKey]);
    }
    if (!shows) return;
    if (typeof id === "string") found.ids.add(id);
    else found.complete = false;
  };
  const root = schema.getQueryType();
  if (root) visit(operation.selectionSet, root, data);
  return found;
}
