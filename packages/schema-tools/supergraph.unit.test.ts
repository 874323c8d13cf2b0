import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { composeSupergraph, readSubgraphSources } from "./compose";
import { readSupergraphConfig } from "./supergraph-config";
import { CONTRACT_PATH, SUPERGRAPH_SDL_PATH } from "./supergraph-config";
import { findContractViolations } from "./contract";

/** Contract items the checkout saga issue adds; everything else must be in the API schema now. */
const BUILT_BY_THE_SAGA_ISSUE = new Set([
  "Mutation.placeOrder",
  "Mutation.cancelOrder",
  "Mutation.advanceShipment",
  "Mutation.markNotificationRead",
  "PlaceOrderInput",
  "OrderItemInput",
  "AddressInput",
]);

describe("the supergraph composed from supergraph.yaml", () => {
  const outcome = composeSupergraph(readSubgraphSources(readSupergraphConfig()));

  it("composes without errors", () => {
    expect(outcome.ok ? [] : outcome.errors).toEqual([]);
  });

  it("is the committed supergraph.graphql", () => {
    expect(outcome.ok && outcome.supergraphSdl === readFileSync(SUPERGRAPH_SDL_PATH, "utf8")).toBe(true);
  });

  it("has an API schema that contains the client contract", () => {
    if (!outcome.ok) throw new Error("composition failed");
    expect(findContractViolations(readFileSync(CONTRACT_PATH, "utf8"), outcome.apiSchema, BUILT_BY_THE_SAGA_ISSUE)).toEqual([]);
  });

  // shared/ sits beside the project on developer and CI machines, not in deployments.
  const sharedContract = path.resolve(__dirname, "../../../shared/api/contract.graphql");
  (existsSync(sharedContract) ? it : it.skip)("keeps the project's copy of the contract identical to the shared one", () => {
    expect(readFileSync(CONTRACT_PATH, "utf8")).toBe(readFileSync(sharedContract, "utf8"));
  });
});
