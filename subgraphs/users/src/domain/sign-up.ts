import { z } from "zod";
import { BadUserInputError } from "../../../../packages/errors";
import { codePointLength, readEmail, readText, type TextRule } from "../../../../packages/text-input";

export const MIN_PASSWORD_LENGTH = 8;
const MAX_PASSWORD_LENGTH = 256;
const MAX_NAME_LENGTH = 100;

/** Passwords are taken as typed (never trimmed) and never stored; the text rule keeps what argon2 hashes unambiguous. */
const PASSWORD: TextRule = { maxLength: MAX_PASSWORD_LENGTH, trim: false };

export interface SignUpRequest {
  email: string;
  password: string;
  name: string;
}

export interface LogInRequest {
  email: string;
  password: string;
}

/** Emails are compared case-insensitively: stored trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const emailSchema = z.email();

/** Validates a sign-up and returns it normalized; the first broken rule is a BAD_USER_INPUT. */
export function validateSignUp(input: SignUpRequest): SignUpRequest {
  const email = normalizeEmail(readEmail(input.email, "email"));
  if (!emailSchema.safeParse(email).success) throw new BadUserInputError("The email address is not valid", "email");
  const password = readText(input.password, "password", PASSWORD, "The password");
  if (codePointLength(password) < MIN_PASSWORD_LENGTH) {
    throw new BadUserInputError(`The password must have at least ${MIN_PASSWORD_LENGTH} characters`, "password");
  }
  const name = readText(input.name, "name", { minLength: 1, maxLength: MAX_NAME_LENGTH }, "The name");
  return { email, password, name };
}

/**
 * Log-in asks only that both are safe text within sign-up's limits (anything else can match no
 * account); whether they match one is the account service's question, answered the same way for both.
 */
export function validateLogIn(input: LogInRequest): LogInRequest {
  return { email: normalizeEmail(readEmail(input.email, "email")), password: readText(input.password, "password", PASSWORD, "The password") };
}
