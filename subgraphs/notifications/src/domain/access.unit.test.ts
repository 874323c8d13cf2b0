import { ErrorCode } from "../../../../packages/errors";
import { assertIsUserThemself, canRead } from "./access";

const userId = "11111111-1111-4111-8111-111111111111";

describe("assertIsUserThemself", () => {
  it("lets the user themself through", () => {
    expect(() => assertIsUserThemself({ userId, role: "CUSTOMER" }, userId)).not.toThrow();
  });

  it.each([
    ["an anonymous caller", null, ErrorCode.Unauthenticated],
    ["another customer", { userId: "22222222-2222-4222-8222-222222222222", role: "CUSTOMER" as const }, ErrorCode.Forbidden],
    ["an admin", { userId: "33333333-3333-4333-8333-333333333333", role: "ADMIN" as const }, ErrorCode.Forbidden],
  ])("refuses %s", (_case, caller, code) => {
    expect(() => assertIsUserThemself(caller, userId)).toThrow(expect.objectContaining({ code }));
  });
});

describe("canRead", () => {
  const admin = { userId: "33333333-3333-4333-8333-333333333333", role: "ADMIN" as const };
  const customer = { userId, role: "CUSTOMER" as const };

  it("lets the user read their own, and every admin read an ADMIN notification", () => {
    expect(canRead(customer, { userId, audience: null })).toBe(true);
    expect(canRead(admin, { userId: null, audience: "ADMIN" })).toBe(true);
  });

  it("keeps customers and anonymous callers from ADMIN notifications, and admins from users' own", () => {
    expect(canRead(customer, { userId: null, audience: "ADMIN" })).toBe(false);
    expect(canRead(null, { userId: null, audience: "ADMIN" })).toBe(false);
    expect(canRead(admin, { userId, audience: null })).toBe(false);
  });
});
