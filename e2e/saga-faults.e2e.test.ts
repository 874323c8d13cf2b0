import { setTimeout as sleep } from "node:timers/promises";
import { PAYMENT_TOKENS, SagaProcesses, type SagaService } from "./support/saga-processes";

// Faults in the checkout saga with every service as its own process (as in production) and a Redis of
// this test's own: participants and the orchestrator killed with SIGKILL mid-saga, and Redis restarted
// without its data. Afterwards every saga must end, and the invariants hold across the databases.
jest.setTimeout(240_000);

const saga = new SagaProcesses();
const KILLED: SagaService[] = ["payments", "orders", "inventory"];
/** Every third order is declined: it must fail with the stock released and nothing charged. */
const tokenOf = (n: number) => (n % 3 === 2 ? PAYMENT_TOKENS.declined : PAYMENT_TOKENS.captured);

beforeAll(() => saga.start(), 180_000);

afterAll(() => saga.close());

it("ends every saga when participants and the orchestrator are killed mid-saga", async () => {
  await saga.placeOrders(6, tokenOf);
  for (const service of KILLED) saga.killHard(service);
  await sleep(500);
  for (const service of KILLED) saga.startService(service);
  await saga.allSagasEnded();
});

it("ends every saga when Redis restarts without its data mid-flow", async () => {
  await saga.placeOrders(6, tokenOf);
  saga.killRedis();
  await sleep(300);
  await saga.startRedis();
  await saga.allSagasEnded();
});

it("keeps the invariants: no oversell, captures matched, one effect each, nothing left pending", async () => {
  await saga.expectInvariants();
});
