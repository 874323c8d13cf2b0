import { Kind, type DocumentNode, type GraphQLFormattedError, type TypeNode } from "graphql";

/**
 * @apollo/gateway sends a subgraph one representation per occurrence of an entity in the answer so
 * far: 50 order lines pointing at 3 products are 50 representations, so 50 lookups in the subgraph.
 * This module sends each distinct representation once and fans the subgraph's answer back out, so
 * @apollo/gateway sees exactly the answer it would have had for the representations it planned.
 */

type Variables = Record<string, unknown>;

/** The parts of a subgraph's answer this module reads; everything else is kept as it is. */
interface EntitiesResponse {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

export interface RepresentationDedup {
  /** Representations the query plan asked for (one per occurrence). */
  planned: number;
  /** Representations sent to the subgraph (each distinct one once). */
  sent: number;
  /** The variables to send: `representations` holds each distinct representation once, in first-seen order. */
  variables: Variables;
  /** The subgraph's answer to `variables`, as if the planned representations had been sent. */
  expand<T extends EntitiesResponse>(response: T): T;
}

const ENTITIES_FIELD = "_entities";
const REPRESENTATIONS = "representations";

/** Whether an operation is the query plan's entity fetch: it declares `$representations: [_Any!]!`. */
export function isEntityFetch(document: DocumentNode): boolean {
  return document.definitions.some(
    (definition) =>
      definition.kind === Kind.OPERATION_DEFINITION &&
      definition.operation === "query" &&
      (definition.variableDefinitions ?? []).some(
        (variable) => variable.variable.name.value === REPRESENTATIONS && isListOfAny(variable.type),
      ),
  );
}

function isListOfAny(type: TypeNode): boolean {
  const list = type.kind === Kind.NON_NULL_TYPE ? type.type : type;
  if (list.kind !== Kind.LIST_TYPE) return false;
  const item = list.type.kind === Kind.NON_NULL_TYPE ? list.type.type : list.type;
  return item.kind === Kind.NAMED_TYPE && item.name.value === "_Any";
}

/**
 * The variables of an entity fetch with each distinct representation once (equal as JSON, whatever
 * the order of their keys), and how to expand the answer; undefined when the variables carry no
 * `representations` list. When nothing repeats, the variables and the answer go through untouched.
 */
export function dedupeRepresentations(variables: Variables | undefined): RepresentationDedup | undefined {
  const representations = variables?.[REPRESENTATIONS];
  if (!variables || !Array.isArray(representations)) return undefined;
  const distinct: unknown[] = [];
  /** For each planned position, the position of its representation among the distinct ones. */
  const distinctIndex: number[] = [];
  const seen = new Map<string, number>();
  for (const representation of representations) {
    const key = stableKey(representation);
    let index = seen.get(key);
    if (index === undefined) {
      index = distinct.length;
      seen.set(key, index);
      distinct.push(representation);
    }
    distinctIndex.push(index);
  }
  const planned = representations.length;
  if (distinct.length === planned) return { planned, sent: planned, variables, expand: (response) => response };
  return {
    planned,
    sent: distinct.length,
    variables: { ...variables, [REPRESENTATIONS]: distinct },
    expand: (response) => expandResponse(response, distinctIndex, distinct.length),
  };
}

function expandResponse<T extends EntitiesResponse>(response: T, distinctIndex: readonly number[], sent: number): T {
  const expanded: T = { ...response };
  const entities = response.data?.[ENTITIES_FIELD];
  if (Array.isArray(entities)) {
    // A list of another length is no answer to what was sent: left as it is, @apollo/gateway refuses it.
    if (entities.length !== sent) return response;
    const used = new Set<number>();
    const fannedOut = distinctIndex.map((index) => {
      const entity: unknown = entities[index];
      // @apollo/gateway merges each entity into the answer and may merge later fetches into what it
      // took from it: every occurrence gets an object of its own, as it would have without this.
      if (!used.has(index)) {
        used.add(index);
        return entity;
      }
      return entity === null || typeof entity !== "object" ? entity : structuredClone(entity);
    });
    expanded.data = { ...response.data, [ENTITIES_FIELD]: fannedOut };
  }
  if (response.errors) expanded.errors = expandErrors(response.errors, distinctIndex, sent);
  return expanded;
}

/**
 * An error at `["_entities", i, ...]` is repeated at every planned position whose representation was
 * the i-th sent, as the subgraph would have answered it once per occurrence. Errors are ordered as a
 * subgraph orders them for one representation per occurrence (by position); errors elsewhere come first.
 */
function expandErrors(errors: readonly GraphQLFormattedError[], distinctIndex: readonly number[], sent: number): GraphQLFormattedError[] {
  const positions = new Map<number, number[]>();
  distinctIndex.forEach((index, position) => {
    const list = positions.get(index);
    if (list) list.push(position);
    else positions.set(index, [position]);
  });
  const placed = errors.flatMap((error, order) => {
    const path = error.path;
    const index = path?.[0] === ENTITIES_FIELD && typeof path[1] === "number" && path[1] < sent ? path[1] : undefined;
    if (path === undefined || index === undefined) return [{ error, position: -1, order }];
    return (positions.get(index) ?? []).map((position) => ({ error: { ...error, path: [ENTITIES_FIELD, position, ...path.slice(2)] }, position, order }));
  });
  return placed.sort((a, b) => a.position - b.position || a.order - b.order).map(({ error }) => error);
}

/** JSON with object keys sorted: equal for representations that differ only in key order. */
function stableKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableKey).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const entries = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableKey(record[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
