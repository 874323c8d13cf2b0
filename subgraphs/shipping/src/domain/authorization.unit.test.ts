import { requireAdmin } from "./authorization";

describe("requireAdmin", () => {
  it("lets an admin through", () => {
    const admin = { userId: "u1", role: "ADMIN" } as const;
    expect(requireAdmin(admin)).toBe(admin);
  });

  it("asks anonymous callers to sign in", () => {
    expect(() => requireAdmin(null)).toThrow(expect.objectContaining({ code: "UNAUTHENTICATED" }));
  });

  it("forbids customers", () => {
    expect(() => requireAdmin({ userId: "u2", role: "CUSTOMER" })).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
  });
});
