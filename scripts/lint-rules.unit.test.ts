import path from "node:path";
import { ESLint, type Linter } from "eslint";

/**
 * The layering rules in eslint.config.js, run through ESLint itself: for each layer a forbidden import is
 * reported and an allowed one is not. Paths are where a file would live; the files need not exist, and some
 * are in folders that do not exist yet, to show the rules go by folder, not by today's files.
 */
const root = path.resolve(__dirname, "..");
// The config is CommonJS and given directly: ESLint's own loader uses import(), which Jest runs only with ESM on.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require("../eslint.config.js") as Linter.Config[];
const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config });

/** The messages of the import-layering rule when `file` imports `names` (by default a made-up one) from `specifier`. */
async function restrictionsOn(file: string, specifier: string, names: readonly string[] = ["Anything"]): Promise<string[]> {
  const code = `import type { ${names.join(", ")} } from "${specifier}";\nexport type { ${names.join(", ")} };\n`;
  const filePath = path.join(root, file);
  if (await eslint.isPathIgnored(filePath)) throw new Error(`${file} is ignored by the lint config, so it proves nothing`);
  const [result] = await eslint.lintText(code, { filePath });
  if (!result) throw new Error(`ESLint returned no result for ${file}`);
  const fatal = result.messages.filter((message) => message.fatal);
  if (fatal.length > 0) throw new Error(`ESLint could not lint ${file}: ${fatal.map((message) => message.message).join("; ")}`);
  return result.messages.filter((message) => message.ruleId === "no-restricted-imports").map((message) => message.message);
}

type Case = [file: string, specifier: string];

function expectReported(cases: Case[], reason: RegExp): void {
  it.each(cases)("%s may not import %s", async (file, specifier) => {
    const messages = await restrictionsOn(file, specifier);
    expect(messages).toEqual([expect.stringMatching(reason)]);
  });
}

function expectAllowed(cases: Case[]): void {
  it.each(cases)("%s may import %s", async (file, specifier) => {
    expect(await restrictionsOn(file, specifier)).toEqual([]);
  });
}

describe("subgraphs never import each other or the gateway", () => {
  expectReported(
    [
      ["subgraphs/orders/src/resolvers/Order.ts", "../../../users/src/domain/sign-up"],
      ["subgraphs/orders/src/index.ts", "../../products/src/server"],
      ["subgraphs/shipping/src/some-new-folder/deeper/file.ts", "../../../../inventory/src/repositories/stock-repository"],
      ["subgraphs/orders/src/server.int.test.ts", "../../payments/src/server"],
    ],
    /must not import another subgraph/,
  );
  expectReported(
    [
      ["subgraphs/users/src/server.ts", "../../../gateway/src/edge-config"],
      ["subgraphs/users/src/server.int.test.ts", "../../../gateway/src/server"],
    ],
    /must not import the gateway/,
  );
  expectAllowed([
    ["subgraphs/orders/src/resolvers/Order.ts", "../domain/visibility"],
    ["subgraphs/orders/src/services/checkout-service.ts", "../../../../packages/messaging"],
    ["subgraphs/orders/src/workers/index.ts", "../../../orders/src/repositories/prisma-client"],
    ["subgraphs/payments/src/server.ts", "./providers/test-provider"],
  ]);
});

describe("packages never import subgraphs or the gateway, except test code", () => {
  expectReported(
    [
      ["packages/messaging/outbox.ts", "../../subgraphs/orders/src/repositories/prisma-client"],
      ["packages/text-input/index.ts", "../../subgraphs/users/src/domain/sign-up"],
    ],
    /may import subgraph code/,
  );
  expectReported([["packages/identity/index.ts", "../../gateway/src/edge-config"]], /must not import the gateway/);
  expectAllowed([
    ["packages/identity/index.ts", "./gateway-signature"],
    ["packages/subgraph-host/index.ts", "../errors"],
    ["packages/testing/supergraph.ts", "../../subgraphs/orders/src/server"],
    ["packages/testing/gateway.ts", "../../gateway/src/server"],
    ["packages/messaging/messaging.int.test.ts", "../../subgraphs/orders/src/repositories/prisma-client"],
  ]);
});

describe("the transport never imports the shop's message contracts", () => {
  expectReported(
    [
      ["packages/messaging/participant.ts", "../shop-messages"],
      ["packages/messaging/some-new-file.ts", "../shop-messages/contracts"],
    ],
    /must not import the shop's message contracts/,
  );
  expectAllowed([
    ["packages/messaging/stream-trimmer.int.test.ts", "../shop-messages"],
    ["packages/shop-messages/abandon-step.ts", "../messaging"],
    ["subgraphs/orders/src/services/saga-messages.ts", "../../../../packages/shop-messages"],
    ["scripts/dead-letters.ts", "../packages/shop-messages"],
  ]);
});

describe("subgraphs produce messages from the contracts' table, not with the untyped newMessage", () => {
  it.each([
    ["subgraphs/inventory/src/workers/reserve-stock.ts", "../../../../packages/messaging"],
    ["subgraphs/users/src/domain/user-events.ts", "../../../../packages/messaging"],
  ])("%s may not import newMessage from %s", async (file, specifier) => {
    expect(await restrictionsOn(file, specifier, ["newMessage", "enqueue"])).toEqual([expect.stringMatching(/Produce shop messages with shopMessage/)]);
  });
  it("lets a subgraph import the rest of the transport, and its tests build any message", async () => {
    expect(await restrictionsOn("subgraphs/orders/src/services/checkout-service.ts", "../../../../packages/messaging", ["enqueue"])).toEqual([]);
    expect(await restrictionsOn("subgraphs/inventory/src/workers/workers.int.test.ts", "../../../../packages/messaging", ["newMessage"])).toEqual([]);
  });
});

describe("production code never imports test helpers", () => {
  expectReported(
    [
      ["subgraphs/orders/src/server.ts", "../../../packages/testing"],
      ["gateway/src/server.ts", "../../packages/testing/wait-for"],
      ["packages/messaging/index.ts", "../testing"],
      ["scripts/seed.ts", "../packages/testing"],
    ],
    /must not import packages\/testing/,
  );
  expectReported(
    [
      ["gateway/src/server.ts", "../../e2e/support/edge-fixture"],
      ["scripts/start.ts", "../e2e/support/saga-processes"],
    ],
    /must not import e2e/,
  );
  expectReported(
    [
      ["subgraphs/orders/src/server.ts", "./server.int.test"],
      ["packages/money/index.ts", "./money.unit.test.ts"],
    ],
    /must not import a test file/,
  );
  expectReported([["subgraphs/orders/src/services/checkout-service.ts", "../test-fixtures"]], /must not import test fixtures/);
  expectAllowed([
    ["subgraphs/orders/src/server.int.test.ts", "../../../packages/testing"],
    ["subgraphs/orders/src/server.int.test.ts", "./test-fixtures"],
    ["subgraphs/orders/src/test-fixtures.ts", "../../../packages/testing"],
    ["gateway/src/config.unit.test.ts", "../../packages/testing"],
    ["scripts/preflight.int.test.ts", "../packages/testing"],
    ["e2e/checkout.e2e.test.ts", "../subgraphs/inventory/src/repositories/prisma-client"],
    ["e2e/support/new-helper.ts", "../../gateway/src/server"],
  ]);
});

describe("the gateway never imports subgraphs", () => {
  expectReported(
    [
      ["gateway/src/server.ts", "../../subgraphs/users/src/server"],
      ["gateway/src/plugins/new-plugin/cors.ts", "../../../../subgraphs/products/src/domain/new-product"],
      ["gateway/src/server.unit.test.ts", "../../subgraphs/orders/src/domain/checkout-saga"],
    ],
    /may import subgraph code/,
  );
  expectAllowed([["gateway/src/server.ts", "../../packages/identity"]]);
});

describe("only src/repositories/ touches the generated Prisma client", () => {
  expectReported(
    [
      ["subgraphs/orders/src/resolvers/Order.ts", "../../../../prisma/orders/generated/client"],
      ["subgraphs/orders/src/services/checkout-service.ts", "../../../../prisma/orders/generated/client"],
      ["subgraphs/users/src/workers/index.ts", "../../../../prisma/users/generated/client"],
      ["subgraphs/users/src/server.ts", "../../../prisma/users/generated/client"],
    ],
    /Only src\/repositories\/ imports the generated Prisma client/,
  );
  expectReported([["subgraphs/products/src/resolvers/Product.ts", "@prisma/client"]], /Only src\/repositories\/ uses Prisma packages/);
  expectAllowed([
    ["subgraphs/orders/src/repositories/order-repository.ts", "../../../../prisma/orders/generated/client"],
    ["subgraphs/orders/src/repositories/prisma-client.ts", "@prisma/adapter-pg"],
    ["subgraphs/orders/src/resolvers/Order.ts", "../repositories/order-repository"],
    ["subgraphs/orders/src/resolvers/Order.ts", "../generated/graphql"],
    ["subgraphs/orders/src/workers/index.ts", "../repositories/prisma-client"],
  ]);
});

describe("src/domain/ imports no Prisma and no GraphQL server code", () => {
  expectReported(
    [
      ["subgraphs/orders/src/domain/checkout-saga.ts", "../repositories/order-repository"],
      ["subgraphs/orders/src/domain/rules/deeper.ts", "../../repositories/saga-store"],
    ],
    /must not import repositories/,
  );
  expectReported([["subgraphs/orders/src/domain/checkout-saga.ts", "../../../../prisma/orders/generated/client"]], /generated Prisma client/);
  expectReported(
    [
      ["subgraphs/orders/src/domain/checkout-saga.ts", "../generated/graphql"],
      ["subgraphs/orders/src/domain/checkout-saga.ts", "../resolvers/Order"],
      ["subgraphs/orders/src/domain/checkout-saga.ts", "../context"],
      ["subgraphs/orders/src/domain/checkout-saga.ts", "../loaders"],
    ],
    /must not import GraphQL server code/,
  );
  expectReported(
    [
      ["subgraphs/users/src/domain/sign-up.ts", "@apollo/server"],
      ["subgraphs/users/src/domain/sign-up.ts", "graphql"],
      ["subgraphs/users/src/domain/sign-up.ts", "graphql-scalars"],
      ["subgraphs/users/src/domain/sign-up.ts", "dataloader"],
      ["subgraphs/users/src/domain/sign-up.ts", "../../../../packages/subgraph-host"],
    ],
    /must not import GraphQL server packages/,
  );
  expectAllowed([
    ["subgraphs/orders/src/domain/checkout-saga.ts", "./saga-steps"],
    ["subgraphs/orders/src/domain/checkout-saga.ts", "../../../../packages/errors"],
    ["subgraphs/users/src/domain/sign-up.ts", "zod"],
    ["subgraphs/orders/src/domain/checkout-saga.unit.test.ts", "../repositories/order-repository"],
  ]);
});
