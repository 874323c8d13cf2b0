import { rowByKeyLoader, rowsByKeyLoader } from "../../../packages/batching";
import type { AddressRepository } from "./repositories/address-repository";
import type { UserRepository } from "./repositories/user-repository";

/** Per-request loaders: every user looked up in one request costs one SQL query in all. */
export function createLoaders(users: UserRepository, addresses: AddressRepository) {
  return {
    userById: rowByKeyLoader(users.findByIds, (user) => user.id),
    addressesByUserId: rowsByKeyLoader(addresses.listByUserIds, (address) => address.userId),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
