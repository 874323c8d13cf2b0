export { freePort } from "../packages/testing/free-port";
