import { NotFoundError, UnauthenticatedError } from "../../../../packages/errors";
import { requireSignedIn, type Caller } from "../../../../packages/identity";
import type { AddressInput } from "../../../../packages/postal-address";
import { validateProfileUpdate, type ProfileUpdate } from "../domain/profile";
import { MAX_SAVED_ADDRESSES, tooManyAddresses, validateSavedAddress } from "../domain/saved-addresses";
import { UnknownUserError, type AddressRepository, type SavedAddress } from "../repositories/address-repository";
import type { User, UserRepository } from "../repositories/user-repository";

/** The signed-in user's own profile and saved addresses. */
export function createProfileService(users: UserRepository, addresses: AddressRepository) {
  return {
    async updateProfile(caller: Caller | null, input: ProfileUpdate): Promise<User> {
      const { userId } = requireSignedIn(caller);
      const change = validateProfileUpdate(input);
      if (change.name === undefined) {
        const [user] = await users.findByIds([userId]);
        if (!user) throw new UnauthenticatedError();
        return user;
      }
      // A token can outlive its user: then there is no one to change, as for every other refusal.
      const updated = await users.updateName(userId, change.name);
      if (!updated) throw new UnauthenticatedError();
      return updated;
    },

    async saveAddress(caller: Caller | null, input: AddressInput, label: string | null | undefined): Promise<SavedAddress> {
      const { userId } = requireSignedIn(caller);
      const saved = await addresses.saveWithin(userId, MAX_SAVED_ADDRESSES, validateSavedAddress(input, label)).catch((error: unknown) => {
        throw error instanceof UnknownUserError ? new UnauthenticatedError() : error;
      });
      if (!saved) throw tooManyAddresses();
      return saved;
    },

    async deleteAddress(caller: Caller | null, id: string): Promise<boolean> {
      const { userId } = requireSignedIn(caller);
      // Someone else's address and no address at all get the same answer.
      if (!(await addresses.delete(userId, id))) throw new NotFoundError("No saved address with this id");
      return true;
    },
  };
}

export type ProfileService = ReturnType<typeof createProfileService>;
