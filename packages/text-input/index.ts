export { MAX_EMAIL_LOCAL_OCTETS, MAX_EMAIL_OCTETS, readEmail } from "./email";
export {
  codePointLength,
  describeTextProblem,
  findTextProblem,
  readOptionalText,
  readText,
  type TextProblem,
  type TextRule,
} from "./text-rule";
