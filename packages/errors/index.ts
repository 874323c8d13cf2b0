export { ErrorCode, isPublicErrorCode } from "./codes";
export {
  BadUserInputError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
} from "./errors";
export { INTERNAL_ERROR_MESSAGE, maskFormattedError } from "./mask-error";
