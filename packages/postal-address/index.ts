export { normalizeAddress, type AddressInput, type PostalAddress } from "./address";
