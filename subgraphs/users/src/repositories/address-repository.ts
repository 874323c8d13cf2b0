import type { SavedAddress } from "../../../../prisma/users/generated/client";
import { isUuid } from "../../../../packages/ids";
import type { SavedAddressRequest } from "../domain/saved-addresses";
import type { UsersPrisma } from "./prisma-client";

export type { SavedAddress };

/** The user an address was to be saved for has no account (any more): a token outlived its user. */
export class UnknownUserError extends Error {
  constructor() {
    super("no user has this id");
    this.name = "UnknownUserError";
  }
}

export function createAddressRepository(prisma: UsersPrisma) {
  return {
    /** Every address of these users, newest first, in one query (the per-request loader batches users). */
    listByUserIds: (userIds: readonly string[]): Promise<SavedAddress[]> => {
      const valid = userIds.filter(isUuid);
      return valid.length === 0 ? Promise.resolve([]) : prisma.savedAddress.findMany({ where: { userId: { in: valid } }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    },

    /**
     * Saves the address unless the user has `limit` already; null then. The user's row is locked first,
     * so two saves racing at the limit cannot both pass the count; without a row, UnknownUserError.
     */
    saveWithin: (userId: string, limit: number, request: SavedAddressRequest): Promise<SavedAddress | null> =>
      prisma.$transaction(async (tx) => {
        const [owner] = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
        if (!owner) throw new UnknownUserError();
        if ((await tx.savedAddress.count({ where: { userId } })) >= limit) return null;
        return tx.savedAddress.create({ data: { userId, label: request.label, ...request.address } });
      }),

    /** Deletes the user's own address; false when they have none with this id. */
    async delete(userId: string, id: string): Promise<boolean> {
      if (!isUuid(id)) return false;
      const { count } = await prisma.savedAddress.deleteMany({ where: { id, userId } });
      return count > 0;
    },
  };
}

export type AddressRepository = ReturnType<typeof createAddressRepository>;
