export {
  InvalidTokenError,
  issueAccessToken,
  TOKEN_ALGORITHM,
  verifyAccessToken,
  type AccessTokenSubject,
  type IssuedAccessToken,
  type TokenSettings,
  type VerifiedAccessToken,
} from "./access-token";
export { isRevoked, notBeforeKey, REVOCATION_MARGIN_SECONDS, revokedSessionKey, type RevocationMarks } from "./revocations";
export { accessTokenExpiresAt } from "./token-expiry";
