/** @type {import('jest').Config} */
const swc = ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }];

// Tiers are told apart by file name: *.unit.test.ts, *.int.test.ts (real PostgreSQL/Redis), *.e2e.test.ts (whole supergraph).
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": swc },
  testMatch: ["<rootDir>/{subgraphs,gateway,packages,scripts,prisma,e2e,docker,deploy}/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
  testTimeout: 60_000,
  // The machines have 2 cores; integration and end-to-end tests start servers and databases of their own.
  maxWorkers: 2,
};
