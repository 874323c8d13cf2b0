import { Kind, parse, valueFromASTUntyped, type ConstDirectiveNode } from "graphql";
import type { RateLimitSettings } from "../edge-config";
import { windowSeconds } from "./window";

/** A limit on how often one field may be asked for, in graphql-rate-limit's terms. */
export interface FieldRateRule {
  /** `Type.field` as in the supergraph, e.g. `Mutation.logIn`. */
  coordinate: string;
  max: number;
  windowSeconds: number;
  /** Arguments (lodash paths, e.g. `input.email`) whose values get a budget of their own. */
  identityArgs: string[];
  /** An argument (a list) whose length is what each occurrence costs, instead of 1. */
  arrayLengthField?: string;
  /** Whose budget: always the client address, or the signed-in user (the address when anonymous). */
  per: "address" | "caller";
  /** Refuse while Redis is unreachable instead of falling back to a per-replica limit. */
  failClosed: boolean;
  message?: string;
}

const MINUTE = 60;

/**
 * The gateway's own limits on signing in and up and on session credentials: per client address (logIn per
 * email too), and changePassword per signed-in user, which guesses the current password.
 */
export function builtInFieldRules(settings: RateLimitSettings): FieldRateRule[] {
  return [
    { coordinate: "Mutation.logIn", max: settings.logInPerMinute, windowSeconds: MINUTE, identityArgs: ["email"], per: "address", failClosed: true },
    { coordinate: "Mutation.signUp", max: settings.signUpPerMinute, windowSeconds: MINUTE, identityArgs: [], per: "address", failClosed: true },
    { coordinate: "Mutation.refreshToken", max: settings.refreshTokenPerMinute, windowSeconds: MINUTE, identityArgs: [], per: "address", failClosed: true },
    { coordinate: "Mutation.changePassword", max: settings.changePasswordPerMinute, windowSeconds: MINUTE, identityArgs: [], per: "caller", failClosed: true },
  ];
}

const DIRECTIVE = "rateLimit";
// graphql-rate-limit's defaults when an argument is left out.
const DEFAULT_MAX = 5;

function ruleFrom(typeName: string, fieldName: string, directive: ConstDirectiveNode): FieldRateRule {
  const args: Record<string, unknown> = Object.fromEntries(
    (directive.arguments ?? []).map((argument) => [argument.name.value, valueFromASTUntyped(argument.value)]),
  );
  const coordinate = `${typeName}.${fieldName}`;
  const max = args.max ?? DEFAULT_MAX;
  if (typeof max !== "number" || !Number.isInteger(max) || max < 1) throw new Error(`@rateLimit on ${coordinate}: max must be a positive integer`);
  return {
    coordinate,
    max,
    windowSeconds: windowSeconds(args.window as string | undefined),
    identityArgs: Array.isArray(args.identityArgs) ? args.identityArgs.map(String) : [],
    ...(typeof args.arrayLengthField === "string" ? { arrayLengthField: args.arrayLengthField } : {}),
    per: "caller",
    failClosed: typeName === "Mutation",
    ...(typeof args.message === "string" ? { message: args.message } : {}),
  };
}

/**
 * The `@rateLimit(max:, window:, identityArgs:, arrayLengthField:, message:)` declarations in a
 * supergraph: subgraphs declare them on their fields and carry them with `@composeDirective`, and the
 * gateway enforces them, since @apollo/gateway runs no resolvers where a directive could act. Limits on
 * Mutation fields fail closed while Redis is down; others fall back to a per-replica limit.
 */
export function schemaFieldRules(supergraphSdl: string): FieldRateRule[] {
  const rules: FieldRateRule[] = [];
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    for (const field of definition.fields ?? []) {
      for (const directive of field.directives ?? []) {
        if (directive.name.value === DIRECTIVE) rules.push(ruleFrom(definition.name.value, field.name.value, directive));
      }
    }
  }
  return rules;
}
