import { rowByKeyLoader } from "../../../packages/batching";
import type { UserRepository } from "./repositories/user-repository";

/** Per-request loaders: every user looked up in one request costs one SQL query in all. */
export function createLoaders(users: UserRepository) {
  return {
    userById: rowByKeyLoader(users.findByIds, (user) => user.id),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
