import { readName } from "./sign-up";

export interface ProfileUpdate {
  /** Absent or null: left as it is. */
  name?: string | null;
}

/** The changes to make, validated by the sign-up rules (errors name the input's field: `name`). */
export function validateProfileUpdate(input: ProfileUpdate): { name?: string } {
  return input.name == null ? {} : { name: readName(input.name, "name") };
}
