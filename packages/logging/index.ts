export { createLogger, type Logger } from "./logger";
export { currentLogContext, runWithLogContext, type LogContext } from "./log-context";
