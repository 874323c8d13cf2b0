import type { AddressInput } from "../../../operations/generated/graphql";

export const EMPTY_ADDRESS: AddressInput = { line1: "", line2: "", city: "", postalCode: "", country: "US" };

/** The labelled inputs of a postal address, shared by checkout and the address book. */
export function AddressFields({ value, onChange }: { value: AddressInput; onChange: (address: AddressInput) => void }) {
  const field = (name: keyof AddressInput, label: string, autoComplete: string, required = true) => (
    <label>
      {label}
      <input required={required} autoComplete={autoComplete} value={value[name] ?? ""} onChange={(event) => onChange({ ...value, [name]: event.target.value })} />
    </label>
  );
  return (
    <fieldset>
      <legend>Address</legend>
      {field("line1", "Street address", "address-line1")}
      {field("line2", "Apartment, suite (optional)", "address-line2", false)}
      {field("city", "City", "address-level2")}
      {field("postalCode", "Postal code", "postal-code")}
      {field("country", "Country code", "country")}
    </fieldset>
  );
}

/** The address as the API takes it: an empty optional line is left out. */
export function cleanAddress(address: AddressInput): AddressInput {
  return { ...address, line2: address.line2 ? address.line2 : null };
}
