import type { AuthResult } from "../services/account-service";
import type { Context } from "../context";
import type { MutationResolvers } from "../generated/graphql";

/** The payload's user is the caller from now on, so they may read their own email in the same response. */
function actAs(context: Context, result: AuthResult): AuthResult {
  context.authenticatedInRequest.add(result.user.id);
  return result;
}

export const Mutation: MutationResolvers = {
  signUp: async (_parent, { input }, context) => actAs(context, await context.accounts.signUp(input, context.messageHeaders)),
  logIn: async (_parent, { email, password }, context) => actAs(context, await context.accounts.logIn(email, password)),
};
