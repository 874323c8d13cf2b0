export {
  InvalidTokenError,
  issueAccessToken,
  TOKEN_ALGORITHM,
  verifyAccessToken,
  type TokenSettings,
} from "./access-token";
export { accessTokenExpiresAt } from "./token-expiry";
