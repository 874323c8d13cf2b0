export { decodeCursor, encodeCursor, type CursorValues } from "./cursor";
export { checkPageSize, MAX_PAGE_SIZE } from "./page-size";
export { toConnection, type Connection, type Edge } from "./connection";
