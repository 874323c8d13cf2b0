import { newMessage, Streams, type Message } from "../../../../packages/messaging";

/** The domain event of a new account, for whoever listens (notifications welcomes the user). */
export function userSignedUp(user: { id: string; name: string }, headers: Record<string, string>): Message {
  return newMessage(Streams.userEvents, "UserSignedUp", { userId: user.id, name: user.name }, headers);
}
