import { checkPageSize } from "../../../../packages/pagination";
import { assertIsUserThemself, readerOf } from "../domain/access";
import type { UserResolvers } from "../generated/graphql";

// The contract's defaults; they apply too when a client passes an explicit null.
const DEFAULT_FIRST = 20;

export const User: UserResolvers = {
  // The users subgraph owns users; here a user is only the key their notifications hang off.
  __resolveReference: (reference) => ({ id: reference.id }),
  notifications: (user, { unreadOnly, first }, { caller, loaders }) => {
    const reader = readerOf(assertIsUserThemself(caller, user.id));
    return loaders.newestNotifications.load({
      userId: user.id,
      // The caller is the user themself, so their role says whether they read the admins' notifications too.
      audience: reader.audience,
      unreadOnly: unreadOnly ?? false,
      first: checkPageSize(first ?? DEFAULT_FIRST),
    });
  },
};
