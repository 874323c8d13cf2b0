import { DOMAINS } from "../packages/config";
import { domainsToSetUp } from "./db-setup";

describe("db-setup's domain arguments (one Kubernetes migration Job per database)", () => {
  it("sets up every domain when none is named", () => {
    expect(domainsToSetUp([])).toEqual(DOMAINS);
  });

  it("sets up only the named domains, in the usual order", () => {
    expect(domainsToSetUp(["orders", "users"])).toEqual(["users", "orders"]);
  });

  it("refuses a name that is not a domain, naming it", () => {
    expect(() => domainsToSetUp(["orders", "shop_orders"])).toThrow(/unknown domain shop_orders/);
  });
});
