import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLNamedType,
  type GraphQLSchema,
} from "graphql";

/**
 * The schema coordinates an operation touches, in graphql-inspector's path style: `Type`, `Type.field`,
 * `Type.field.argument`, `Input.field`, `Enum.VALUE`. Computed against the schema the operation was
 * written for (the base), so that removed fields are still known.
 */
export function coordinatesUsedBy(schema: GraphQLSchema, document: DocumentNode): Set<string> {
  const used = new Set<string>();
  const addInputType = (type: GraphQLNamedType | undefined) => {
    if (!type || used.has(type.name)) return;
    used.add(type.name);
    // A variable of an input type may carry any of its fields: count them all as used.
    if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        used.add(`${type.name}.${field.name}`);
        addInputType(getNamedType(field.type));
      }
    }
  };
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (!parent) return;
        used.add(parent.name).add(`${parent.name}.${node.name.value}`);
        const type = typeInfo.getType();
        if (type) used.add(getNamedType(type).name);
      },
      Argument(node) {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (parent && field) used.add(`${parent.name}.${field.name}.${node.name.value}`);
      },
      ObjectField(node) {
        const input = typeInfo.getParentInputType();
        const named = input && getNamedType(input);
        if (named) used.add(named.name).add(`${named.name}.${node.name.value}`);
      },
      EnumValue(node) {
        const input = typeInfo.getInputType();
        const named = input && getNamedType(input);
        if (named) used.add(named.name).add(`${named.name}.${node.value}`);
      },
      VariableDefinition(node) {
        const type = typeFromAST(schema, node.type);
        if (type) addInputType(getNamedType(type));
      },
    }),
  );
  return used;
}

/**
 * Whether a change at `path` (graphql-inspector's `Change.path`) can affect an operation that uses
 * `used`: the coordinate itself; a new or changed argument of a field it selects; or anything inside an
 * input or enum type it sends or receives (a new required input field, a removed enum value).
 */
export function changeAffects(path: string, used: ReadonlySet<string>, baseSchema: GraphQLSchema | null): boolean {
  if (used.has(path)) return true;
  const [typeName, fieldName, argumentName] = path.split(".");
  if (argumentName !== undefined && used.has(`${typeName}.${fieldName}`)) return true;
  const type = typeName ? baseSchema?.getType(typeName) : undefined;
  return fieldName !== undefined && used.has(typeName!) && (isInputObjectType(type) || isEnumType(type));
}
