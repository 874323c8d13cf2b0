/** The error codes of the client contract; every error a client sees carries one of these. */
export const ErrorCode = {
  Unauthenticated: "UNAUTHENTICATED",
  Forbidden: "FORBIDDEN",
  BadUserInput: "BAD_USER_INPUT",
  NotFound: "NOT_FOUND",
  RateLimited: "RATE_LIMITED",
  QueryTooComplex: "QUERY_TOO_COMPLEX",
  /** The gateway runs only the operations of its persisted-operation manifest, and this is not one of them. */
  OperationNotAllowed: "OPERATION_NOT_ALLOWED",
  /** A part of the answer could not be had because the service behind it is away for now; asking again later may work. */
  ServiceUnavailable: "SERVICE_UNAVAILABLE",
  InternalServerError: "INTERNAL_SERVER_ERROR",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const publicCodes: ReadonlySet<string> = new Set<string>([
  ...Object.values(ErrorCode),
  // Apollo Server's own codes for malformed requests; their messages are safe to show.
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

/** Codes whose message was written for the client and may be shown as is. */
export function isPublicErrorCode(code: unknown): code is string {
  return typeof code === "string" && publicCodes.has(code) && code !== ErrorCode.InternalServerError;
}
