import type { QueryResolvers } from "../generated/graphql";

export const Query: QueryResolvers = {
  me: (_parent, _args, { caller, loaders }) => (caller ? loaders.userById.load(caller.userId) : null),
};
