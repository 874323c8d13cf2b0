import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { composeSupergraph, readSubgraphSources } from "./compose";
import { readSupergraphConfig } from "./supergraph-config";
import { CONTRACT_PATH, SUPERGRAPH_SDL_PATH } from "./supergraph-config";
import { findContractViolations } from "./contract";
import { CONTRACT_ITEMS_NOT_YET_BUILT } from "./contract-pending";

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
    expect(findContractViolations(readFileSync(CONTRACT_PATH, "utf8"), outcome.apiSchema, CONTRACT_ITEMS_NOT_YET_BUILT)).toEqual([]);
  });

  // shared/ sits beside the project on developer and CI machines, not in deployments.
  const sharedContract = path.resolve(__dirname, "../../../shared/api/contract.graphql");
  (existsSync(sharedContract) ? it : it.skip)("keeps the project's copy of the contract identical to the shared one", () => {
    expect(readFileSync(CONTRACT_PATH, "utf8")).toBe(readFileSync(sharedContract, "utf8"));
  });
});
