import type { GraphQLFormattedError } from "graphql";
import { ErrorCode, isPublicErrorCode } from "./codes";
import { DomainError } from "./errors";

export const INTERNAL_ERROR_MESSAGE = "Internal server error";

/**
 * What a client may see of an error: DomainErrors and errors whose code was meant for clients keep
 * their message; everything else becomes a generic INTERNAL_SERVER_ERROR carrying only the request's
 * correlation id. Stack traces and "Did you mean" hints never pass.
 */
export function maskFormattedError(
  formatted: GraphQLFormattedError,
  originalError: unknown,
  requestId: string | undefined,
): GraphQLFormattedError {
  if (originalError instanceof DomainError) {
    return {
      message: originalError.message,
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: originalError.code, ...(originalError.field ? { field: originalError.field } : {}) },
    };
  }
  const code = formatted.extensions?.code;
  if (isPublicErrorCode(code)) {
    const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, message: stripSuggestions(formatted.message), extensions };
  }
  return {
    message: INTERNAL_ERROR_MESSAGE,
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: ErrorCode.InternalServerError, ...(requestId ? { requestId } : {}) },
  };
}

/** graphql-js appends "Did you mean ...?" hints that reveal schema names a client was not shown. */
function stripSuggestions(message: string): string {
  return message.replace(/ Did you mean .*\?$/, "");
}
