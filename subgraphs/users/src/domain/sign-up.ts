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

/** A password a new credential may have (sign-up, changePassword's new one), as typed; else BAD_USER_INPUT naming `field`. */
export function readNewPassword(value: string, field: string): string {
  const password = readText(value, field, PASSWORD, "The password");
  if (codePointLength(password) < MIN_PASSWORD_LENGTH) {
    throw new BadUserInputError(`The password must have at least ${MIN_PASSWORD_LENGTH} characters`, field);
  }
  return password;
}

/** A person's name (sign-up, updateProfile), trimmed; else BAD_USER_INPUT naming `field`. */
export function readName(value: string, field: string): string {
  return readText(value, field, { minLength: 1, maxLength: MAX_NAME_LENGTH }, "The name");
}

/** A password offered to be checked (log-in, changePassword's current one): safe text within the limits, as typed. */
export function readPasswordAttempt(value: string, field: string): string {
  return readText(value, field, PASSWORD, "The password");
}

/** Validates a sign-up and returns it normalized; the first broken rule is a BAD_USER_INPUT. */
export function validateSignUp(input: SignUpRequest): SignUpRequest {
  const email = normalizeEmail(readEmail(input.email, "email"));
  if (!emailSchema.safeParse(email).success) throw new BadUserInputError("The email address is not valid", "email");
  const password = readNewPassword(input.password, "password");
  const name = readName(input.name, "name");
  return { email, password, name };
}

/**
 * Log-in asks only that both are safe text within sign-up's limits (anything else can match no
 * account); whether they match one is the account service's question, answered the same way for both.
 */
export function validateLogIn(input: LogInRequest): LogInRequest {
  return { email: normalizeEmail(readEmail(input.email, "email")), password: readPasswordAttempt(input.password, "password") };
}
