export { isRole, ROLES, type Caller, type Role } from "./caller";
export { GATEWAY_OWNED_HEADERS, IdentityHeader, REQUEST_ID_HEADER } from "./headers";
export {
  DEFAULT_MAX_SIGNATURE_AGE_MS,
  signIdentity,
  verifyIdentity,
  type IncomingHeaders,
  type VerifiedIdentity,
} from "./gateway-signature";
export { requireAdmin, requireSignedIn } from "./authorization";
