import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { createLogger } from "../../../../packages/logging";
import { createTestDatabase, type TestDatabase } from "../../../../packages/testing";
import { createPrismaClient, type OrdersPrisma } from "../repositories/prisma-client";
import { applySagaInput } from "../services/saga-transitions";
import { placeOrder } from "../test-fixtures";
import { startDeadlineSweeper, type SweeperTiming } from "./deadline-sweeper";
import { messageHeaders } from "../../../../packages/shop-messages";

// Two orchestrator processes run two sweepers over one orders database. Each quiet saga must be sent
// again once per quiet spell, not once per sweeper: the second sweeper finds it moved (or locked) and
// leaves it alone.
let database: TestDatabase;
/** One client per orchestrator process, as two replicas would have. */
let replicas: OrdersPrisma[];
const logger = createLogger("orders", "silent");
const TIMING: SweeperTiming = { deadlineMs: 3_600_000, resendAfterMs: 60_000, sweepIntervalMs: 50 };

beforeAll(async () => {
  database = await createTestDatabase("orders");
  replicas = [createPrismaClient(database.url), createPrismaClient(database.url)];
});

afterAll(async () => {
  await Promise.all((replicas ?? []).map((prisma) => prisma.$disconnect()));
  await database?.drop();
});

/** A started saga (RESERVE_INVENTORY running, sent once) with no progress for an hour. */
async function quietSaga(prisma: OrdersPrisma): Promise<string> {
  const order = await placeOrder(prisma, randomUUID());
  await prisma.$transaction((tx) => applySagaInput(tx, order.id, "start", messageHeaders({ requestId: "test" }), TIMING));
  await prisma.$executeRaw`UPDATE checkout_sagas SET updated_at = now() - interval '1 hour' WHERE order_id = ${order.id}::uuid`;
  return order.id;
}

it("sends a quiet saga's open step again once, with two orchestrators sweeping side by side", async () => {
  const [first, second] = replicas as [OrdersPrisma, OrdersPrisma];
  const orderIds = await Promise.all(Array.from({ length: 5 }, () => quietSaga(first)));

  const stops = [startDeadlineSweeper(first, TIMING, logger), startDeadlineSweeper(second, TIMING, logger)];
  await sleep(1_000); // some 20 sweeps each
  await Promise.all(stops.map((stop) => stop()));

  const steps = await first.$queryRaw<Array<{ order_id: string; attempts: number }>>`
    SELECT order_id::text, attempts FROM saga_steps WHERE name = 'RESERVE_INVENTORY' AND order_id = ANY(${orderIds}::uuid[])`;
  expect(steps.map((step) => step.attempts)).toEqual(orderIds.map(() => 2));
  const resent = await first.$queryRaw<Array<{ n: bigint }>>`SELECT count(*) AS n FROM outbox WHERE type = 'ReserveStock'`;
  expect(Number(resent[0]!.n)).toBe(orderIds.length);
});
