// @ts-check
/**
 * ESLint (flat config): @eslint/js and typescript-eslint's recommended, type-unaware rules, and import rules
 * that hold the code's layers (see `layers` below). CommonJS like the rest of the package, so Jest can load it
 * in scripts/lint-rules.unit.test.ts without ESM support.
 */
const fs = require("node:fs");
const path = require("node:path");
const js = require("@eslint/js");
const tseslint = require("typescript-eslint");
const { defineConfig, globalIgnores } = require("eslint/config");

/** Every subgraph folder, read at lint time so that a new subgraph is covered without editing this file. */
const SUBGRAPHS = fs
  .readdirSync(path.join(__dirname, "subgraphs"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** Test code: test files and the fixtures they share. It may import test helpers. */
const TEST_FILES = ["**/*.test.ts", "**/test-fixtures.ts", "**/test-fixtures/**"];

/**
 * Import specifiers are matched as written, so a folder is recognised by climbing (`../`) followed by its
 * name. The imports here are written normalised (TypeScript resolves them), which is what these rely on.
 */
const UP = String.raw`^(?:\.\./)+`;
const END = String.raw`(?:/|$)`;

/** One no-restricted-imports pattern: a specifier regex and the reason shown when it matches. */
const forbid = (regex, message) => ({ regex, message });
/** The same, for some names only: the module may be imported, those names not. */
const forbidNames = (regex, importNames, message) => ({ regex, importNames, message });

const layers = {
  /** Subgraphs never import each other or the gateway; shared code goes in packages/. */
  subgraphBoundary(subgraph) {
    const others = SUBGRAPHS.filter((name) => name !== subgraph);
    return [
      ...(others.length > 0
        ? [forbid(`${UP}(?:subgraphs/)?(?:${others.join("|")})${END}`, `subgraphs/${subgraph} must not import another subgraph; shared code belongs in packages/.`)]
        : []),
      forbid(`${UP}gateway${END}`, "A subgraph must not import the gateway."),
    ];
  },

  /** The gateway and production packages know no subgraph. */
  noSubgraphs: [forbid(`${UP}subgraphs${END}`, "Only subgraphs/ (and tests, scripts, bench) may import subgraph code.")],
  noGateway: [forbid(`${UP}gateway${END}`, "A package must not import the gateway; move the shared part into a package.")],

  /** Production code never imports test helpers. */
  noTestHelpers: [
    forbid(`${UP}(?:packages/)?testing${END}`, "Production code must not import packages/testing (test helpers)."),
    forbid(`${UP}e2e${END}`, "Production code must not import e2e/ (whole-system tests)."),
    forbid(String.raw`\.test(?:\.ts)?$`, "Production code must not import a test file."),
    forbid(String.raw`(?:^|/)test-fixtures(?:/|\.ts)?$`, "Production code must not import test fixtures."),
  ],

  /** Only src/repositories/ (where the client factory, prisma-client.ts, lives) touches the generated Prisma client. */
  prismaOnlyInRepositories: [
    forbid(String.raw`(?:^|/)prisma/[^/]+/generated${END}`, "Only src/repositories/ imports the generated Prisma client; use a repository or the types it exports."),
    forbid(`^(?:@prisma/|prisma${END})`, "Only src/repositories/ uses Prisma packages."),
  ],

  /**
   * The transport (packages/messaging) carries any message: the shop's contracts (packages/shop-messages)
   * are handed to it (a StreamTopology, the message types), never imported by it.
   */
  transportKnowsNoContracts: [
    forbid(`${UP}(?:packages/)?shop-messages${END}`, "packages/messaging is the transport: it must not import the shop's message contracts; take what it needs as a parameter (see StreamTopology)."),
  ],

  /** A subgraph produces messages from the contracts' table (shopMessage), so the compiler checks type, stream and payload. */
  typedMessagesOnly: [
    forbidNames(String.raw`(?:^|/)packages/messaging$`, ["newMessage"], "Produce shop messages with shopMessage from packages/shop-messages: it derives the stream and checks the payload."),
  ],

  /** src/domain/ is pure rules: no Prisma, no GraphQL server code, nothing from the layers that use it. */
  pureDomain: [
    forbid(`${UP}repositories${END}`, "src/domain/ is pure: it must not import repositories (Prisma)."),
    forbid(String.raw`(?:^|/)packages/database${END}`, "src/domain/ is pure: it must not import database code."),
    forbid(`${UP}(?:generated|resolvers|server|context|loaders)${END}`, "src/domain/ is pure: it must not import GraphQL server code (resolvers, generated resolver types, server, context, loaders)."),
    forbid(String.raw`^(?:@apollo/|@as-integrations/|graphql(?:-[^/]+)?(?:/|$)|express(?:/|$)|dataloader$)`, "src/domain/ is pure: it must not import GraphQL server packages."),
    forbid(String.raw`(?:^|/)packages/(?:subgraph-host|batching|metrics)${END}`, "src/domain/ is pure: it must not import GraphQL server packages."),
  ],
};

/** A config entry restricting imports in `files` (and not in `ignores`) with the given pattern groups. */
function restrict(files, ignores, ...groups) {
  return { files, ignores, rules: { "no-restricted-imports": ["error", { patterns: groups.flat() }] } };
}

/**
 * Later entries replace the rule's options for the files they match (flat config does not merge them), so
 * each entry lists every group that applies to its files, from the general folder to the specific one.
 */
const layering = [
  ...SUBGRAPHS.flatMap((subgraph) => {
    const root = `subgraphs/${subgraph}`;
    const boundary = layers.subgraphBoundary(subgraph);
    return [
      restrict([`${root}/**/*.ts`], TEST_FILES, boundary, layers.noTestHelpers, layers.prismaOnlyInRepositories, layers.typedMessagesOnly),
      restrict([`${root}/src/repositories/**/*.ts`], TEST_FILES, boundary, layers.noTestHelpers, layers.typedMessagesOnly),
      restrict([`${root}/src/domain/**/*.ts`], TEST_FILES, boundary, layers.noTestHelpers, layers.prismaOnlyInRepositories, layers.pureDomain, layers.typedMessagesOnly),
      // A subgraph's tests test that subgraph; whole-system tests live in e2e/.
      restrict(TEST_FILES.map((glob) => `${root}/${glob}`), [], boundary),
    ];
  }),
  // The gateway's tests too: whole-system tests live in e2e/.
  restrict(["gateway/**/*.ts"], [], layers.noSubgraphs),
  restrict(["gateway/**/*.ts"], TEST_FILES, layers.noSubgraphs, layers.noTestHelpers),
  // packages/testing and packages' tests are test code: they start subgraphs and the gateway, so they may import them.
  restrict(["packages/**/*.ts"], ["packages/testing/**", ...TEST_FILES], layers.noSubgraphs, layers.noGateway, layers.noTestHelpers),
  restrict(["packages/messaging/**/*.ts"], TEST_FILES, layers.noSubgraphs, layers.noGateway, layers.noTestHelpers, layers.transportKnowsNoContracts),
  restrict(["scripts/**/*.ts"], TEST_FILES, layers.noTestHelpers),
];

module.exports = defineConfig(
  globalIgnores(["**/generated/**", "dist/", "dist-bench/", "web/dist/", "coverage/", "test-artifacts/"]),
  {
    // web/ is the storefront (React, TSX); its browser globals are checked by `tsc -p web`.
    files: ["**/*.ts", "web/**/*.tsx"],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    rules: {
      // `_name` marks a parameter or binding kept for its position (express's 4-argument error handler) or left out of a rest.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: [...TEST_FILES, "e2e/**/*.ts"],
    // Tests read GraphQL responses as untyped JSON; production code stays free of `any`.
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["**/*.js"],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: "commonjs", globals: { require: "readonly", module: "writable", __dirname: "readonly" } },
  },
  ...layering,
);
