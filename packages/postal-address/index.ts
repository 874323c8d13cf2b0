export { normalizeAddress, readPostalCode, type AddressInput, type PostalAddress } from "./address";
