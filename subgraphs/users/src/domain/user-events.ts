import { shopMessage, type MessageHeaders, type ShopMessage } from "../../../../packages/shop-messages";

/** The domain event of a new account, for whoever listens (notifications welcomes the user). */
export function userSignedUp(user: { id: string; name: string }, headers: MessageHeaders): ShopMessage<"UserSignedUp"> {
  return shopMessage("UserSignedUp", { userId: user.id, name: user.name }, headers);
}
