import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from "graphql";
import { fragmentsOf } from "../operation-walk";

export interface DocumentShape {
  /** The deepest field nesting of any operation (a root field is depth 1). */
  depth: number;
  /** Aliases in all operations, each fragment counted as often as it is spread. */
  aliases: number;
  /** Directives likewise (on fields, fragments and operations). */
  directives: number;
  /** The most root fields any one operation selects. */
  rootFields: number;
}

interface SelectionShape {
  depth: number;
  aliases: number;
  directives: number;
}

const NOTHING: SelectionShape = { depth: 0, aliases: 0, directives: 0 };

/**
 * Measures a parsed, not yet validated document: run before validation, whose cost grows with aliases
 * and fragment expansion. Fragments are measured once each (so a fragment spread many times costs one
 * measurement) and a fragment that spreads itself, which validation will refuse, adds nothing.
 * Introspection fields (`__schema`, `__type`) are not measured: introspection is off in production.
 */
export function measureDocument(document: DocumentNode): DocumentShape {
  const fragments = fragmentsOf(document);
  const measured = new Map<string, SelectionShape>();
  const measuring = new Set<string>();

  const fragmentShape = (fragment: FragmentDefinitionNode): SelectionShape => {
    const name = fragment.name.value;
    const known = measured.get(name);
    if (known) return known;
    if (measuring.has(name)) return NOTHING;
    measuring.add(name);
    const shape = selectionShape(fragment.selectionSet);
    measuring.delete(name);
    measured.set(name, shape);
    return shape;
  };

  const selectionShape = (selectionSet: SelectionSetNode): SelectionShape => {
    let depth = 0;
    let aliases = 0;
    let directives = 0;
    for (const selection of selectionSet.selections) {
      directives += selection.directives?.length ?? 0;
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === "__schema" || selection.name.value === "__type") continue;
        if (selection.alias) aliases += 1;
        const below = selection.selectionSet ? selectionShape(selection.selectionSet) : NOTHING;
        depth = Math.max(depth, 1 + below.depth);
        aliases += below.aliases;
        directives += below.directives;
      } else {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
        if (!fragment) continue;
        const inner = fragment.kind === Kind.FRAGMENT_DEFINITION ? fragmentShape(fragment) : selectionShape(fragment.selectionSet);
        depth = Math.max(depth, inner.depth);
        aliases += inner.aliases;
        directives += inner.directives;
      }
    }
    return { depth, aliases, directives };
  };

  const rootFieldCount = (selectionSet: SelectionSetNode, seen: Set<string>): number => {
    let fields = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) fields += 1;
      else if (selection.kind === Kind.INLINE_FRAGMENT) fields += rootFieldCount(selection.selectionSet, seen);
      else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        fields += rootFieldCount(fragment.selectionSet, new Set([...seen, fragment.name.value]));
      }
    }
    return fields;
  };

  const shape: DocumentShape = { depth: 0, aliases: 0, directives: 0, rootFields: 0 };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const operation = selectionShape(definition.selectionSet);
    shape.depth = Math.max(shape.depth, operation.depth);
    shape.aliases += operation.aliases;
    shape.directives += operation.directives + (definition.directives?.length ?? 0);
    shape.rootFields = Math.max(shape.rootFields, rootFieldCount(definition.selectionSet, new Set()));
  }
  return shape;
}
