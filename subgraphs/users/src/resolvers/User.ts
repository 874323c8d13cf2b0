import { ForbiddenError } from "../../../../packages/errors";
import { canReadOwnOnlyFields, canReadPrivateFields } from "../domain/visibility";
import type { UserResolvers } from "../generated/graphql";

export const User: UserResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.userById.load(id),
  email: (user, _args, { caller, authenticatedInRequest }) => {
    if (!canReadPrivateFields(caller, user.id) && !authenticatedInRequest.has(user.id)) throw new ForbiddenError("Only the user themself or an admin may read this email");
    return user.email;
  },
  addresses: (user, _args, { caller, authenticatedInRequest, loaders }) => {
    if (!canReadOwnOnlyFields(caller, user.id) && !authenticatedInRequest.has(user.id)) throw new ForbiddenError("Only the user themself may read their saved addresses");
    return loaders.addressesByUserId.load(user.id);
  },
};
