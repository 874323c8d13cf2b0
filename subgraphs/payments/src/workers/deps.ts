import type { PaymentProvider } from "../domain/payment-provider";
import type { PaymentsPrisma } from "../repositories/prisma-client";

/** What the payment command handlers work with. */
export interface PaymentWorkerDeps {
  prisma: PaymentsPrisma;
  provider: PaymentProvider;
}

/** The consumer group, and the consumer name in processed_messages. */
export const SERVICE = "payments";
