import { ErrorCode } from "./codes";

/**
 * An expected failure with a registered code. Domain code throws these without knowing GraphQL;
 * the servers' error formatter turns them into errors whose message the client may read.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadUserInputError extends DomainError {
  constructor(message: string, field?: string) {
    super(ErrorCode.BadUserInput, message, field);
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super(ErrorCode.NotFound, message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = "You are not allowed to do this") {
    super(ErrorCode.Forbidden, message);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = "You must be signed in to do this") {
    super(ErrorCode.Unauthenticated, message);
  }
}
