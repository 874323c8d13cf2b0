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
  refreshToken: async (_parent, { refreshToken }, context) => actAs(context, await context.sessions.refresh(refreshToken)),
  logOut: (_parent, { refreshToken }, { sessions, caller }) => sessions.logOut(refreshToken, caller),
  changePassword: async (_parent, { currentPassword, newPassword }, context) =>
    actAs(context, await context.sessions.changePassword(context.caller, currentPassword, newPassword)),
  updateProfile: (_parent, { input }, { profiles, caller }) => profiles.updateProfile(caller, input),
  saveAddress: (_parent, { input, label }, { profiles, caller }) => profiles.saveAddress(caller, input, label),
  deleteAddress: (_parent, { id }, { profiles, caller }) => profiles.deleteAddress(caller, id),
};
