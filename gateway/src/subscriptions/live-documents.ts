import {
  GraphQLError,
  Kind,
  getOperationAST,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

/**
 * @apollo/gateway plans queries and mutations only, so a subscription is answered by a query through
 * the same gateway: `subscription { orderUpdated(id: $id) { ...sel } }` becomes
 * `query { orderUpdated: order(id: $id) { ...sel } }` (the answer then has the subscription's shape), and
 * `notificationAdded { ...sel }` becomes `query { me { notifications(first: N) { ...sel } } }`. The caller's
 * own identity goes with each query, so the owning subgraph decides what they may see, as for `order(id)`.
 */

/** Fields the gateway adds under its own aliases, to know an order's status and a notification's id; taken out before a push. */
export const LIVE_STATUS_ALIAS = "liveUpdateStatus";
export const LIVE_ID_ALIAS = "liveUpdateId";

/** How many of the newest notifications a re-query lists to find the new ones among. */
export const NOTIFICATION_WINDOW = 10;

export type LiveQuery =
  | { field: "orderUpdated"; responseKey: string; orderId: string; query: DocumentNode }
  | { field: "notificationAdded"; responseKey: string; query: DocumentNode };

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });
}

const name = (value: string) => ({ kind: Kind.NAME, value }) as const;

function field(fieldName: string, selectionSet?: SelectionSetNode, alias?: string, args: FieldNode["arguments"] = []): FieldNode {
  return { kind: Kind.FIELD, name: name(fieldName), alias: alias ? name(alias) : undefined, arguments: args, selectionSet };
}

/** The selection with one more field under the gateway's alias (the client's own fields are untouched). */
function withAliased(selectionSet: SelectionSetNode | undefined, alias: string, fieldName: string): SelectionSetNode {
  return { kind: Kind.SELECTION_SET, selections: [...(selectionSet?.selections ?? []), field(fieldName, undefined, alias)] };
}

function asQuery(operation: OperationDefinitionNode, document: DocumentNode, root: FieldNode): DocumentNode {
  const query: OperationDefinitionNode = { ...operation, operation: "query" as OperationDefinitionNode["operation"], selectionSet: { kind: Kind.SELECTION_SET, selections: [root] } };
  // Fragments go along: they are on Order / Notification and mean the same in the query.
  const fragments = document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
  return { kind: Kind.DOCUMENT, definitions: [query, ...fragments] };
}

/** The single root field of a subscription, written out (a validated subscription has exactly one). */
function rootFieldOf(operation: OperationDefinitionNode): FieldNode {
  const [root, ...others] = operation.selectionSet.selections;
  if (!root || others.length > 0 || root.kind !== Kind.FIELD) throw badInput("A subscription selects exactly one field, written out (not in a fragment)");
  return root;
}

function orderIdOf(root: FieldNode, variables: Record<string, unknown> | undefined): string {
  const argument = root.arguments?.find((candidate) => candidate.name.value === "id");
  const value = argument ? valueFromASTUntyped(argument.value, variables) : undefined;
  if (typeof value !== "string" && typeof value !== "number") throw badInput("orderUpdated needs the order's id");
  return String(value);
}

/** The query that answers a validated subscription document, and what it watches. */
export function liveQueryOf(document: DocumentNode, operationName: string | null | undefined, variables?: Record<string, unknown>): LiveQuery {
  const operation = getOperationAST(document, operationName);
  if (!operation || operation.operation !== "subscription") throw badInput("Only subscriptions are served over WebSocket; send queries and mutations over HTTP");
  const root = rootFieldOf(operation);
  const responseKey = root.alias?.value ?? root.name.value;
  switch (root.name.value) {
    case "orderUpdated": {
      const order = field("order", withAliased(root.selectionSet, LIVE_STATUS_ALIAS, "status"), responseKey, root.arguments);
      return { field: "orderUpdated", responseKey, orderId: orderIdOf(root, variables), query: asQuery({ ...operation, directives: [] }, document, { ...order, directives: root.directives }) };
    }
    case "notificationAdded": {
      const first = { kind: Kind.ARGUMENT, name: name("first"), value: { kind: Kind.INT, value: String(NOTIFICATION_WINDOW) } } as const;
      const notifications = field("notifications", withAliased(root.selectionSet, LIVE_ID_ALIAS, "id"), undefined, [first]);
      const me = { ...field("me", { kind: Kind.SELECTION_SET, selections: [notifications] }), directives: root.directives };
      return { field: "notificationAdded", responseKey, query: asQuery({ ...operation, directives: [] }, document, me) };
    }
    default:
      throw badInput(`Unknown subscription field ${root.name.value}`);
  }
}

/** A copy of an answered object without the field the gateway added. */
export function withoutAliased(value: Record<string, unknown>, alias: string): Record<string, unknown> {
  const { [alias]: _added, ...rest } = value;
  return rest;
}
