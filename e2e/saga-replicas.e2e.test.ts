import { setTimeout as sleep } from "node:timers/promises";
import type { Domain } from "../packages/config";
import { Streams } from "../packages/shop-messages";
import { pendingByConsumer, PAYMENT_TOKENS, SagaProcesses } from "./support/saga-processes";

// Scaling out without changing code: two processes of the orchestrator and of every saga participant,
// each its own consumer in its service's consumer groups (same database, same Redis). The work must be
// shared between them, and when one replica of each is killed with SIGKILL mid-run and not started
// again, the survivor takes over what it left pending (XAUTOCLAIM after WORKER_CLAIM_IDLE_MS) and every
// saga still ends with the invariants of saga-faults holding.
jest.setTimeout(300_000);

const REPLICATED = ["orders", "inventory", "payments", "shipping", "notifications"] as const satisfies readonly Domain[];
type Replicated = (typeof REPLICATED)[number];
/** The stream each service's consumer group reads on every order, where its replicas' consumers are listed. */
const MAIN_STREAM: Record<Replicated, string> = {
  orders: Streams.sagaReplies,
  inventory: Streams.inventoryCommands,
  payments: Streams.paymentCommands,
  shipping: Streams.shippingCommands,
  notifications: Streams.orderEvents,
};
/** The replica killed: not replica 0, which the gateway calls (placeOrder goes on working). */
const DOOMED = 1;
/** Bounds how many orders the sharing check places before it gives up. */
const MAX_SHARING_ORDERS = 24;

// The sweeper's resends and deadlines are pushed out of the test's reach: whatever the dead replicas left
// pending can only be finished by the survivors claiming it, which is what this test is about.
const ENV = { WORKER_CLAIM_IDLE_MS: "1000", SAGA_RESEND_AFTER_MS: "600000", SAGA_DEADLINE_MS: "600000" };

const saga = new SagaProcesses();
/** Every third order is declined: it must fail with the stock released and nothing charged. */
const tokenOf = (n: number) => (n % 3 === 2 ? PAYMENT_TOKENS.declined : PAYMENT_TOKENS.captured);

beforeAll(() => saga.start(ENV, 240_000, Object.fromEntries(REPLICATED.map((service) => [service, 2]))), 300_000);

afterAll(() => saga.close(), 60_000);

/** Stream messages the replica has handled (each handling is timed in stream_message_lag_seconds). */
async function handledBy(service: Replicated, index: number): Promise<number> {
  const metrics = await saga.metricsOf(service, index);
  return metrics
    .split("\n")
    .filter((line) => line.startsWith("stream_message_lag_seconds_count{") && line.includes(`group="${service}"`))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
}

async function handledByEachReplica(): Promise<Record<Replicated, number[]>> {
  const counts = await Promise.all(REPLICATED.map((service) => Promise.all([0, 1].map((index) => handledBy(service, index)))));
  return Object.fromEntries(REPLICATED.map((service, n) => [service, counts[n]!])) as Record<Replicated, number[]>;
}

async function consumersOf(service: Replicated): Promise<string[]> {
  const consumers = (await saga.withRedis((redis) => redis.xinfo("CONSUMERS", MAIN_STREAM[service], service))) as unknown[][];
  return consumers.map((fields) => String(fields[fields.indexOf("name") + 1]));
}

interface Kill {
  service: Replicated;
  consumer: string;
  /** Entries the replica had been handed and not acknowledged when it died: the survivor must claim them. */
  heldAtKill: number;
}

/**
 * Kills the service's doomed replica with SIGKILL while it holds pending entries (polled), or, failing
 * that, once `placementDone()` says no more orders are coming, while their sagas are still running.
 */
async function killWhileHolding(service: Replicated, placementDone: () => boolean): Promise<Kill> {
  const consumer = saga.consumerName(service, DOOMED);
  return saga.withRedis(async (redis) => {
    while (!placementDone() && ((await pendingByConsumer(redis, service)).get(consumer) ?? 0) === 0) await sleep(5);
    saga.killReplica(service, DOOMED);
    while (saga.isReplicaAlive(service, DOOMED)) await sleep(10);
    return { service, consumer, heldAtKill: (await pendingByConsumer(redis, service)).get(consumer) ?? 0 };
  });
}

it("shares the work: each replica of each service is a consumer of its group and handles messages", async () => {
  for (const service of REPLICATED) {
    expect(await consumersOf(service)).toEqual(expect.arrayContaining([saga.consumerName(service, 0), saga.consumerName(service, DOOMED)]));
  }
  // Which replica reads an entry is up to Redis: orders are placed a few at a time until every replica
  // has handled some, so the check neither passes with one replica doing everything nor flakes.
  let handled = await handledByEachReplica();
  while (REPLICATED.some((service) => handled[service].some((count) => count === 0))) {
    if (saga.placed.length >= MAX_SHARING_ORDERS) break;
    await saga.placeOrders(3, (n) => tokenOf(saga.placed.length + n));
    await saga.allSagasEnded();
    await sleep(500); // the last notification may still be on its way
    handled = await handledByEachReplica();
  }
  console.log(`messages handled per replica after ${saga.placed.length} orders: ${JSON.stringify(handled)}`);
  for (const service of REPLICATED) expect({ service, replicasThatHandledNothing: handled[service].filter((count) => count === 0).length }).toEqual({ service, replicasThatHandledNothing: 0 });
});

it("ends every saga when one replica of each service is killed mid-run and never restarted", async () => {
  const alreadyPlaced = saga.placed.length;
  let placementDone = false;
  const placing = saga.placeOrders(9, (n) => tokenOf(alreadyPlaced + n)).finally(() => (placementDone = true));
  const kills = await Promise.all(REPLICATED.map((service) => killWhileHolding(service, () => placementDone)));
  await placing;
  console.log(`killed mid-run (entries held at the kill): ${kills.map((kill) => `${kill.service} ${kill.heldAtKill}`).join(", ")}`);

  // At least one dead replica held entries: its survivor had something to take over, not just new work.
  expect(kills.some((kill) => kill.heldAtKill > 0)).toBe(true);
  await saga.allSagasEnded();
  await saga.withRedis(async (redis) => {
    for (const kill of kills) {
      const deadline = Date.now() + 30_000;
      while (((await pendingByConsumer(redis, kill.service)).get(kill.consumer) ?? 0) > 0 && Date.now() < deadline) await sleep(200);
      expect({ consumer: kill.consumer, pending: (await pendingByConsumer(redis, kill.service)).get(kill.consumer) ?? 0 }).toEqual({ consumer: kill.consumer, pending: 0 });
    }
  });
  for (const service of REPLICATED) {
    expect(saga.isReplicaAlive(service, DOOMED)).toBe(false);
    expect(saga.isReplicaAlive(service, 0)).toBe(true);
  }
});

it("keeps the invariants: no oversell, captures matched, one effect each, nothing left pending", async () => {
  await saga.expectInvariants();
});
