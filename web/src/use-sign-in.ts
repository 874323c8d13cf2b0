import { useClient } from "urql";
import { MergeGuestCartDocument } from "../../operations/generated/graphql";
import { guestCartId } from "./guest-cart";
import { saveSession, type Session } from "./session";

/**
 * Keeps a new session and brings the guest cart along: mergeGuestCart right after sign-in, then the guest
 * id is forgotten. A failed merge keeps the id, so the lines are not lost (the cart page still shows them).
 */
export function useSignIn(): (session: Session) => Promise<void> {
  const client = useClient();
  return async (session) => {
    saveSession(session);
    const cartId = guestCartId.read();
    if (cartId === null) return;
    const merged = await client.mutation(MergeGuestCartDocument, { cartId }).toPromise();
    if (merged.data || merged.error?.graphQLErrors.some((error) => error.extensions?.code === "NOT_FOUND")) guestCartId.clear();
  };
}
