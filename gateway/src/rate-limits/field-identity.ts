/**
 * graphql-rate-limit's field identity: the field's name and the values of its identity arguments, joined
 * with ":" (`logIn:alice@shop.local`), so budgets and Redis keys stay what they were with the package.
 * Written out here because importing graphql-rate-limit for this one function loads graphql-shield, yup,
 * graphql-middleware and @graphql-tools (some 250 modules) into the gateway; the unit test holds the two equal.
 */
export function fieldIdentity(fieldName: string, identityArgs: readonly string[], args: Record<string, unknown>): string {
  return [fieldName, ...identityArgs.map((path) => valueAt(args, path))].join(":");
}

/** A value by lodash.get's path forms, as graphql-rate-limit reads identityArgs: `email`, `input.email`, `items[0].sku`. */
function valueAt(args: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(args, path)) return args[path];
  let value: unknown = args;
  for (const key of path.split(/[.[\]]/).filter((part) => part !== "")) {
    if (value === null || value === undefined) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
