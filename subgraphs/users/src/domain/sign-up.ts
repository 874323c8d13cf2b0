import { z } from "zod";
import { BadUserInputError } from "../../../../packages/errors";

export const MIN_PASSWORD_LENGTH = 8;
const MAX_PASSWORD_LENGTH = 256;
const MAX_NAME_LENGTH = 100;

export interface SignUpRequest {
  email: string;
  password: string;
  name: string;
}

/** Emails are compared case-insensitively: stored trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const emailSchema = z.email();

/** Validates a sign-up and returns it normalized; the first broken rule is a BAD_USER_INPUT. */
export function validateSignUp(input: SignUpRequest): SignUpRequest {
  const email = normalizeEmail(input.email);
  if (!emailSchema.safeParse(email).success) throw new BadUserInputError("The email address is not valid", "email");
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new BadUserInputError(`The password must have at least ${MIN_PASSWORD_LENGTH} characters`, "password");
  }
  if (input.password.length > MAX_PASSWORD_LENGTH) {
    throw new BadUserInputError(`The password must have at most ${MAX_PASSWORD_LENGTH} characters`, "password");
  }
  const name = input.name.trim();
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
    throw new BadUserInputError(`The name must have 1 to ${MAX_NAME_LENGTH} characters`, "name");
  }
  return { email, password: input.password, name };
}
