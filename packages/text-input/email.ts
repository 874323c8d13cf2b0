import { BadUserInputError } from "../errors";
import { readText } from "./text-rule";

/**
 * RFC 5321 limits, in octets: a local part of at most 64, a domain of at most 255, and a whole address
 * of at most 254 (the 256-octet path minus its angle brackets), which is the limit that binds in practice.
 */
export const MAX_EMAIL_LOCAL_OCTETS = 64;
export const MAX_EMAIL_OCTETS = 254;

/**
 * The text rule for an email address plus RFC 5321's length limits; returns it trimmed. Whether it is a
 * well-formed address is the caller's question (sign-up asks it, log-in only needs it to be safe text).
 */
export function readEmail(value: string, field: string): string {
  const email = readText(value, field, { maxLength: MAX_EMAIL_OCTETS }, "The email address");
  const at = email.lastIndexOf("@");
  const localOctets = Buffer.byteLength(at < 0 ? email : email.slice(0, at), "utf8");
  if (Buffer.byteLength(email, "utf8") > MAX_EMAIL_OCTETS || localOctets > MAX_EMAIL_LOCAL_OCTETS) {
    throw new BadUserInputError(
      `The email address must have at most ${MAX_EMAIL_OCTETS} octets, at most ${MAX_EMAIL_LOCAL_OCTETS} of them before the @`,
      field,
    );
  }
  return email;
}
