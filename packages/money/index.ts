export { money, type Money } from "./money";
