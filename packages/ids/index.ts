export { canonicalUuid, isUuid } from "./uuid";
