import { randomUUID } from "node:crypto";
import type { Caller } from "../../../../packages/identity";
import { isOwnerOrAdmin, requireAdmin, requireOwnerOrAdmin, requireSignedIn } from "./visibility";

const ownerId = randomUUID();
const owner: Caller = { userId: ownerId, role: "CUSTOMER" };
const stranger: Caller = { userId: randomUUID(), role: "CUSTOMER" };
const admin: Caller = { userId: randomUUID(), role: "ADMIN" };

describe("order visibility", () => {
  it("lets the owner and admins see an order, nobody else", () => {
    expect(isOwnerOrAdmin(owner, ownerId)).toBe(true);
    expect(isOwnerOrAdmin(admin, ownerId)).toBe(true);
    expect(isOwnerOrAdmin(stranger, ownerId)).toBe(false);
    expect(isOwnerOrAdmin(null, ownerId)).toBe(false);
  });

  it("requires a signed-in caller, UNAUTHENTICATED otherwise", () => {
    expect(requireSignedIn(owner)).toBe(owner);
    expect(() => requireSignedIn(null)).toThrow(expect.objectContaining({ code: "UNAUTHENTICATED" }));
  });

  it("lets only admins list every order", () => {
    expect(requireAdmin(admin)).toBe(admin);
    expect(() => requireAdmin(owner)).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(() => requireAdmin(null)).toThrow(expect.objectContaining({ code: "UNAUTHENTICATED" }));
  });

  it("lets the owner or an admin list a user's orders", () => {
    expect(requireOwnerOrAdmin(owner, ownerId)).toBe(owner);
    expect(requireOwnerOrAdmin(admin, ownerId)).toBe(admin);
    expect(() => requireOwnerOrAdmin(stranger, ownerId)).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(() => requireOwnerOrAdmin(null, ownerId)).toThrow(expect.objectContaining({ code: "UNAUTHENTICATED" }));
  });
});
