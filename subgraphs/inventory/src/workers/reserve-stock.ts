import type { OnceEffect } from "../../../../packages/messaging";
import { messageHeaders, shopMessage, type MessageHeaders, type TypedMessage } from "../../../../packages/shop-messages";
import { lowStockCrossings } from "../domain/low-stock";
import { decideReservation, earlierOutcome, mergeLines, type ReservationOutcome } from "../domain/reservation";
import type { InventoryTx } from "../repositories/prisma-client";
import { lockStock, reservationStatuses, reserveLines } from "../repositories/reservation-repository";

/**
 * ReserveStock: all lines or none, once per order. The stock rows are locked before the order's earlier
 * reservations are read, so a concurrent copy of the command (re-sent with a new message id) waits and
 * then finds this one's reservations instead of reserving again. A reservation that takes a product
 * under the low-stock threshold also writes a LowStock event, in the same transaction (the rows are
 * locked, so the stock read before is exactly what the reservation started from).
 */
export function reserveStock(command: TypedMessage<"ReserveStock">, lowStockThreshold: number): OnceEffect<InventoryTx> {
  const { orderId } = command.payload;
  const lines = mergeLines(command.payload.lines);
  const headers = messageHeaders({ message: command });
  return async (tx) => {
    const stock = await lockStock(tx, lines.map((line) => line.productId));
    const earlier = earlierOutcome(await reservationStatuses(tx, orderId));
    const outcome = earlier ?? decideReservation(lines, stock);
    if (earlier || !outcome.reserved) return [reply(orderId, outcome, headers)];
    await reserveLines(tx, orderId, lines);
    const lowStock = lowStockCrossings(lines, stock, lowStockThreshold).map((crossing) => shopMessage("LowStock", crossing, headers));
    return [reply(orderId, outcome, headers), ...lowStock];
  };
}

function reply(orderId: string, outcome: ReservationOutcome, headers: MessageHeaders) {
  return outcome.reserved
    ? shopMessage("StockReserved", { orderId }, headers)
    : shopMessage("StockRejected", { orderId, reason: outcome.reason }, headers);
}
