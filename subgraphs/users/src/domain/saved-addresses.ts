import { BadUserInputError } from "../../../../packages/errors";
import { normalizeAddress, type AddressInput, type PostalAddress } from "../../../../packages/postal-address";
import { readOptionalText } from "../../../../packages/text-input";

/** A user keeps at most this many addresses: enough for any household, and a bound on what one account stores. */
export const MAX_SAVED_ADDRESSES = 20;
const MAX_LABEL_LENGTH = 50;

export interface SavedAddressRequest {
  label: string | null;
  address: PostalAddress;
}

/** The address by the shared rule (errors name `input.<part>`), and an optional label ("Home"); blank labels are none. */
export function validateSavedAddress(input: AddressInput, label: string | null | undefined): SavedAddressRequest {
  const address = normalizeAddress(input);
  const text = readOptionalText(label, "label", { maxLength: MAX_LABEL_LENGTH }, "The label");
  return { label: text === null || text === "" ? null : text, address };
}

export function tooManyAddresses(): BadUserInputError {
  return new BadUserInputError(`At most ${MAX_SAVED_ADDRESSES} addresses can be saved; delete one first`);
}
