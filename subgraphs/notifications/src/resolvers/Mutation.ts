import { notificationNotFound, readerOf, signedInCaller } from "../domain/access";
import type { MutationResolvers } from "../generated/graphql";

export const Mutation: MutationResolvers = {
  markNotificationRead: async (_parent, { id }, { caller, notifications }) => {
    const notification = await notifications.markRead(id, readerOf(signedInCaller(caller)));
    if (!notification) throw notificationNotFound();
    return notification;
  },
};
