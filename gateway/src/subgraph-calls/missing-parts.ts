import {
  Kind,
  parse,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type GraphQLFormattedError,
  type OperationDefinitionNode,
  type SelectionNode,
} from "graphql";
import { ErrorCode } from "../../../packages/errors";

/** A field the failed fetch was to supply, and the type it belongs to when it sits under a type condition. */
interface WantedField {
  responseKey: string;
  typeCondition: string | undefined;
}

type Variables = Record<string, unknown>;

const ENTITIES_FIELD = "_entities";

/**
 * The errors for a subgraph fetch that failed as a whole: one per field the fetch was to supply, with
 * a path to it, so that a client sees which parts of its answer are missing. Paths are the fetch's own
 * (`["_entities", i, field]` for entities, `[field]` for root fields); @apollo/gateway maps them to the
 * client's response, as it does for errors a subgraph returns itself. Each carries `failure`'s message
 * and extensions (INTERNAL_SERVER_ERROR unless it has a code of its own); the error masking decides what a
 * client sees of them, the logs keep the rest.
 */
export function missingPartErrors(
  query: string,
  document: DocumentNode | undefined,
  variables: Variables,
  failure: { message: string; extensions?: Record<string, unknown> },
): GraphQLFormattedError[] {
  const { message } = failure;
  const extensions = { code: ErrorCode.InternalServerError, ...failure.extensions };
  const operation = (document ?? parse(query)).definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  if (!operation) return [{ message, extensions }];
  const rootFields = wantedFields(operation.selectionSet.selections, variables, undefined);
  const entities = rootFields.length === 1 && rootFields[0]!.field.name.value === ENTITIES_FIELD ? rootFields[0]!.field : undefined;
  const paths = entities ? entityPaths(entities, variables) : rootFields.map(({ wanted }) => [wanted.responseKey]);
  return paths.map((path) => ({ message, path, extensions }));
}

function entityPaths(entities: FieldNode, variables: Variables): (string | number)[][] {
  const representations = variables.representations;
  if (!Array.isArray(representations) || !entities.selectionSet) return [];
  const fields = wantedFields(entities.selectionSet.selections, variables, undefined).map(({ wanted }) => wanted);
  return representations.flatMap((representation: unknown, index) => {
    const typename = (representation as { __typename?: unknown } | null)?.__typename;
    return fields
      .filter((field) => field.typeCondition === undefined || field.typeCondition === typename)
      .map((field) => [ENTITIES_FIELD, index, field.responseKey]);
  });
}

/** The fields of a selection set, through inline fragments (the query planner uses no named ones), less __typename and skipped fields. */
function wantedFields(
  selections: readonly SelectionNode[],
  variables: Variables,
  typeCondition: string | undefined,
): { field: FieldNode; wanted: WantedField }[] {
  return selections.flatMap((selection) => {
    if (!isIncluded(selection, variables)) return [];
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === "__typename") return [];
      return [{ field: selection, wanted: { responseKey: selection.alias?.value ?? selection.name.value, typeCondition } }];
    }
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      return wantedFields(selection.selectionSet.selections, variables, selection.typeCondition?.name.value ?? typeCondition);
    }
    return [];
  });
}

/** @skip and @include, which the query planner keeps in fetches when they depend on a variable. */
function isIncluded(selection: SelectionNode, variables: Variables): boolean {
  for (const directive of selection.directives ?? []) {
    if (directive.name.value !== "skip" && directive.name.value !== "include") continue;
    const condition = directive.arguments?.find((argument) => argument.name.value === "if");
    const value = condition ? valueFromASTUntyped(condition.value, variables) : undefined;
    if (directive.name.value === "skip" && value === true) return false;
    if (directive.name.value === "include" && value === false) return false;
  }
  return true;
}
