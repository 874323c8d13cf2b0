import type { Prisma } from "../../../../prisma/orders/generated/client";

/** A saga that needs a person: a dead-lettered step, a refund after a late capture, a shipment that moved after a cancellation. */
export interface FlaggedSaga {
  orderId: string;
  userId: string;
  sagaStatus: string;
  orderStatus: string;
  flagReason: string | null;
  failureCode: string | null;
  /** What each step reached, e.g. `CHARGE_PAYMENT: FAILED (3 attempts)`. */
  steps: Array<{ name: string; status: string; attempts: number; error: string | null }>;
  updatedAt: Date;
}

type Client = Prisma.TransactionClient | Prisma.DefaultPrismaClient;

/** Flagged sagas, most recently changed first (for `npm run dead-letters -- flagged`). */
export async function listFlaggedSagas(db: Client, limit: number): Promise<FlaggedSaga[]> {
  const sagas = await db.checkoutSaga.findMany({
    where: { flagged: true },
    orderBy: [{ updatedAt: "desc" }, { orderId: "desc" }],
    take: limit,
    include: { order: { select: { status: true, userId: true, failureCode: true } }, steps: { orderBy: { position: "asc" } } },
  });
  return sagas.map((saga) => ({
    orderId: saga.orderId,
    userId: saga.order.userId,
    sagaStatus: saga.status,
    orderStatus: saga.order.status,
    flagReason: saga.flagReason,
    failureCode: saga.order.failureCode ?? saga.failureCode,
    steps: saga.steps.map((step) => ({ name: step.name, status: step.status, attempts: step.attempts, error: step.error })),
    updatedAt: saga.updatedAt,
  }));
}
