import { rowByKeyLoader } from "../../../packages/batching";
import type { PaymentRepository } from "./repositories/payment-repository";

/** Per-request loaders: all payments looked up in one request, by id or by order, cost one SQL query per kind. */
export function createLoaders(payments: PaymentRepository) {
  return {
    paymentById: rowByKeyLoader(payments.findByIds, (payment) => payment.id),
    paymentByOrderId: rowByKeyLoader(payments.findByOrderIds, (payment) => payment.orderId),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
