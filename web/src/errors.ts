import type { CombinedError } from "urql";

/** What a failed request means for the shopper: the gateway's own message for expected errors, a calm line otherwise. */
export function shopperMessage(error: CombinedError): string {
  if (error.networkError) return "We could not reach the shop. Check your connection and try again.";
  const first = error.graphQLErrors[0];
  const code = first?.extensions?.code;
  if (code === "UNAUTHENTICATED") return "Please sign in to continue.";
  if (code === "FORBIDDEN") return "You are not allowed to do that.";
  if (code === "BAD_USER_INPUT" || code === "NOT_FOUND") return first?.message ?? "That did not work.";
  return "Part of the shop is not answering right now; what we could load is shown.";
}

const ORDER_FAILURES: Record<string, string> = {
  OUT_OF_STOCK: "Some items in your order are out of stock, so we could not place it. You have not been charged.",
  PAYMENT_DECLINED: "Your card was declined, so the order was not placed.",
  TIMED_OUT: "Your order took too long to process and was cancelled. You have not been charged.",
};

/** Why an order failed, in shopper words. */
export function orderFailureMessage(code: string | null | undefined, declineReason: string | null | undefined): string {
  const base = (code && ORDER_FAILURES[code]) ?? "We could not complete your order.";
  return declineReason ? `${base} Reason: ${declineReason}.` : base;
}
