/**
 * How the services run outside a container: compiled by tsc (ensureBuild: only when the sources changed)
 * and started with plain `node`, the same way by `npm start` and `npm run bench`.
 */
export { ensureBuild, isBuildFresh, type BuildOutcome, type BuildSpec } from "./build";
export { buildServices, compiledEntry, serviceNodeArgs, sourceEntry, SERVICE_NODE_OPTIONS, SERVICES, SERVICES_BUILD, type Service } from "./services";
