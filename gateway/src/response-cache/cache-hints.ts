import {
  getNamedType,
  isAbstractType,
  Kind,
  parse,
  valueFromASTUntyped,
  type DefinitionNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type TypeNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { fragmentsOf, walkOperationFields } from "../operation-walk";

/** What a cacheable operation may be kept for, and whose versions its stored answer must carry. */
export interface CachePlan {
  maxAgeSeconds: number;
  /** Every subgraph the answer can be read from (fields, and what their @requires fetch), sorted. */
  subgraphs: string[];
}

interface FieldInfo {
  /** Subgraphs that resolve the field (join__field, else its type's join__type). */
  graphs: string[];
  /** The field set its @requires asks of other subgraphs, as a selection set. */
  requires?: SelectionSetNode;
  maxAge?: number;
  /** Its named type, e.g. Money for `price: Money!`. */
  typeName: string;
}

interface TypeInfo {
  graphs: string[];
  /** Has a @key in some subgraph: any subgraph may add fields to it, so each field needs its own hint. */
  entity: boolean;
}

const CACHE_DIRECTIVE = "cacheControl";

function argumentsOf(directive: { arguments?: readonly { name: { value: string }; value: Parameters<typeof valueFromASTUntyped>[0] }[] }) {
  return Object.fromEntries((directive.arguments ?? []).map((argument) => [argument.name.value, valueFromASTUntyped(argument.value)]));
}

/** join__graph enum value → the subgraph's name, e.g. PRODUCTS → products. */
function graphNames(definitions: readonly DefinitionNode[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const definition of definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== "join__Graph") continue;
    for (const value of definition.values ?? []) {
      const graph = value.directives?.find((directive) => directive.name.value === "join__graph");
      const name = graph ? argumentsOf(graph).name : undefined;
      names.set(value.name.value, typeof name === "string" ? name : value.name.value.toLowerCase());
    }
  }
  return names;
}

function namedTypeOf(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type);
}

function fieldInfo(field: FieldDefinitionNode, typeGraphs: string[], graphName: (value: unknown) => string): FieldInfo {
  const joins = (field.directives ?? []).filter((directive) => directive.name.value === "join__field").map(argumentsOf);
  const resolving = joins.filter((join) => join.graph !== undefined && join.external !== true && join.usedOverridden !== true);
  const requires = joins.map((join) => join.requires).find((value): value is string => typeof value === "string");
  const hint = field.directives?.find((directive) => directive.name.value === CACHE_DIRECTIVE);
  const maxAge = hint ? argumentsOf(hint).maxAge : undefined;
  return {
    typeName: namedTypeOf(field.type),
    graphs: resolving.length > 0 ? [...new Set(resolving.map((join) => graphName(join.graph)))] : typeGraphs,
    ...(requires ? { requires: (parse(`{ ${requires} }`).definitions[0] as OperationDefinitionNode).selectionSet } : {}),
    ...(typeof maxAge === "number" ? { maxAge } : {}),
  };
}

/**
 * What may be cached, read from the supergraph: `@cacheControl(maxAge:)` hints (composed from the
 * subgraphs) and which subgraph resolves each field (join__field, join__type).
 *
 * An operation is cacheable when every field it selects is declared public: every root field, and every
 * field of an entity type (any subgraph can add fields to an entity, so each one declares itself), has a
 * hint; fields of other types (Money, connections) come from the subgraph that resolved their parent and
 * inherit its hint. Anything else (no hint, introspection, an abstract type) makes it uncacheable.
 */
export class CacheHints {
  private readonly fields = new Map<string, FieldInfo>();
  private readonly types = new Map<string, TypeInfo>();

  constructor(supergraphSdl: string) {
    const { definitions } = parse(supergraphSdl);
    const names = graphNames(definitions);
    const graphName = (value: unknown) => names.get(String(value)) ?? String(value).toLowerCase();
    for (const definition of definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
      const joins = (definition.directives ?? []).filter((directive) => directive.name.value === "join__type").map(argumentsOf);
      const graphs = [...new Set(joins.map((join) => graphName(join.graph)))];
      this.types.set(definition.name.value, { graphs, entity: joins.some((join) => typeof join.key === "string") });
      for (const field of definition.fields ?? []) {
        this.fields.set(`${definition.name.value}.${field.name.value}`, fieldInfo(field, graphs, graphName));
      }
    }
  }

  /** The subgraphs that can resolve `Type.field` (none for a field the supergraph does not have). */
  graphsOf(typeName: string, fieldName: string): readonly string[] {
    return this.fields.get(`${typeName}.${fieldName}`)?.graphs ?? [];
  }

  /** The operation's cache plan, or null when it may not be cached. */
  planFor(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): CachePlan | null {
    if (operation.operation !== "query" || selectsIntrospection(document, operation.selectionSet)) return null;
    const rootType = schema.getQueryType();
    const subgraphs = new Set<string>();
    let maxAgeSeconds = Number.POSITIVE_INFINITY;
    let cacheable = true;
    walkOperationFields<string[]>(schema, document, operation, [], ({ parentType, field }, inherited) => {
      if (!cacheable) return undefined;
      const info = this.fields.get(`${parentType.name}.${field.name}`);
      const type = this.types.get(parentType.name);
      const declaresItself = parentType === rootType || type?.entity === true;
      if (!info || !type || isAbstractType(getNamedType(field.type)) || (declaresItself && info.maxAge === undefined)) {
        cacheable = false;
        return undefined;
      }
      if (info.maxAge !== undefined) maxAgeSeconds = Math.min(maxAgeSeconds, info.maxAge);
      const graphs = declaresItself ? servedBy(info.graphs, inherited) : inherited;
      graphs.forEach((graph) => subgraphs.add(graph));
      if (info.requires) this.requiredGraphs(parentType.name, info.requires).forEach((graph) => subgraphs.add(graph));
      return graphs;
    });
    if (!cacheable || !Number.isFinite(maxAgeSeconds) || maxAgeSeconds <= 0) return null;
    return { maxAgeSeconds, subgraphs: [...subgraphs].sort() };
  }

  /** The subgraphs that resolve a @requires field set (its nested fields included). */
  private requiredGraphs(typeName: string, selectionSet: SelectionSetNode): string[] {
    const graphs: string[] = [];
    for (const selection of selectionSet.selections) {
      if (selection.kind !== Kind.FIELD) continue;
      const info = this.fields.get(`${typeName}.${selection.name.value}`);
      if (!info) continue;
      graphs.push(...info.graphs);
      if (selection.selectionSet) graphs.push(...this.requiredGraphs(info.typeName, selection.selectionSet));
    }
    return graphs;
  }
}

/**
 * Of the subgraphs that can resolve a field (a key or a shareable field has several), those that resolved
 * its parent, when any can: the planner takes the field from there rather than make another fetch.
 */
function servedBy(fieldGraphs: string[], parentGraphs: string[]): string[] {
  if (fieldGraphs.length < 2) return fieldGraphs;
  const shared = fieldGraphs.filter((graph) => parentGraphs.includes(graph));
  return shared.length > 0 ? shared : fieldGraphs;
}

/** Whether the operation asks for `__schema` or `__type` anywhere at its root (fragments included). */
function selectsIntrospection(document: DocumentNode, selectionSet: SelectionSetNode): boolean {
  const fragments = fragmentsOf(document);
  const visit = (set: SelectionSetNode, seen: Set<string>): boolean =>
    set.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === "__schema" || selection.name.value === "__type";
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet, seen);
      const fragment = fragments.get(selection.name.value);
      if (!fragment || seen.has(fragment.name.value)) return false;
      return visit(fragment.selectionSet, new Set([...seen, fragment.name.value]));
    });
  return visit(selectionSet, new Set());
}
