export { createTestDatabase, type TestDatabase } from "./test-database";
export { postSigned, TEST_SIGNING_SECRET, type GraphQLResponse } from "./signed-request";
export { runApp, type RunningApp } from "./running-app";
