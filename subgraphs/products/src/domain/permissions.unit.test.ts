import { ForbiddenError, UnauthenticatedError } from "../../../../packages/errors";
import { requireAdmin } from "./permissions";

describe("requireAdmin", () => {
  it("lets admins through", () => {
    const admin = { userId: "u-1", role: "ADMIN" } as const;
    expect(requireAdmin(admin)).toBe(admin);
  });

  it("asks anonymous callers to sign in and forbids customers", () => {
    expect(() => requireAdmin(null)).toThrow(UnauthenticatedError);
    expect(() => requireAdmin({ userId: "u-2", role: "CUSTOMER" })).toThrow(ForbiddenError);
  });
});
