import { spawn } from "node:child_process";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import Redis from "ioredis";
import { Client } from "pg";
import { DOMAINS, type Domain } from "../../packages/config";
import { DEMO_PRODUCTS } from "../../packages/demo-catalogue";
import { Streams } from "../../packages/shop-messages";
import {
  createTestDatabase,
  freePort,
  gatewayClient,
  seedDemoDatabases,
  spawnService,
  TEST_SIGNING_SECRET,
  TEST_TOKEN_SETTINGS,
  waitForOk,
  type ServiceProcess,
  type TestDatabase,
} from "../../packages/testing";
import { DEMO_CUSTOMER_PASSWORD } from "../../subgraphs/users/src/seed";

/**
 * The checkout saga's fault tests run every service as its own process (as in production), each with a
 * database of its own, a Redis of their own, the gateway in front and the demo data seeded, so that a
 * test can kill any of them with SIGKILL and check the invariants across the databases afterwards.
 * A service may run as several replicas: each its own process on its own HTTP port (and so its own
 * /metrics and its own consumer name), all sharing the service's database, Redis and consumer groups.
 * The gateway routes to replica 0; the other replicas take part through the streams only.
 */
export type SagaService = Domain | "gateway";

/** How many processes of each domain `start` runs (1 when not named). */
export type ReplicaCounts = Partial<Record<Domain, number>>;

interface Replica {
  port: number;
  process: ServiceProcess;
}

/** Every order is one unit of this product (75 in stock), so stock arithmetic stays simple. */
export const SPEAKER = DEMO_PRODUCTS.find((product) => product.sku === "EL-1005")!;

export const PAYMENT_TOKENS = { captured: "tok_visa", declined: "tok_chargeDeclined" } as const;

export interface PlacedOrder {
  id: string;
  /** Placed with a token the test provider declines: the order must fail, nothing stays charged. */
  declined: boolean;
}

export interface SagaRow {
  order_id: string;
  status: string;
  order_status: string;
}

const ENDED_SAGA_STATUSES = ["COMPLETED", "COMPENSATED"];

/** Short waits, so that claims, relays and sweeps happen within a test; a test file adds its own. */
const FAST_WORKERS: NodeJS.ProcessEnv = {
  WORKER_CLAIM_IDLE_MS: "1000",
  WORKER_BLOCK_MS: "200",
  WORKER_RELAY_INTERVAL_MS: "20",
  // The saga's clock: only orders reads it (its config's `saga`); the other services ignore it.
  SAGA_DEADLINE_MS: "30000",
  SAGA_RESEND_AFTER_MS: "3000",
  SAGA_SWEEP_INTERVAL_MS: "250",
  PAYMENT_PROVIDER_TIMEOUT_MS: "2000",
};

function entryOf(service: SagaService): string {
  return service === "gateway" ? "gateway/src/index.ts" : `subgraphs/${service}/src/index.ts`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export class SagaProcesses {
  readonly databases = {} as Record<Domain, TestDatabase>;
  /** The environment every service starts with. */
  readonly env: NodeJS.ProcessEnv = {};
  readonly placed: PlacedOrder[] = [];
  gatewayUrl = "";
  redisPort = 0;
  private token = "";
  private redisPid = 0;
  /** Every process of each service, by replica index; index 0 is the one the gateway calls. */
  private readonly replicas = new Map<SagaService, Replica[]>();
  private readonly usedPorts = new Set<number>();

  /**
   * Databases created and seeded, Redis, every subgraph and the gateway started, a customer signed in.
   * `readyTimeoutMs` bounds the wait for every process to be ready (seven or more starting on 2 cores).
   * `replicaCounts` runs more than one process of a domain (e.g. `{ orders: 2 }`).
   */
  async start(envOverrides: NodeJS.ProcessEnv = {}, readyTimeoutMs = 180_000, replicaCounts: ReplicaCounts = {}): Promise<void> {
    for (const domain of DOMAINS) this.databases[domain] = await createTestDatabase(domain);
    await this.seed();
    this.redisPort = await this.unusedPort();
    await this.startRedis();
    Object.assign(this.env, process.env, {
      NODE_ENV: "test",
      LOG_LEVEL: "silent",
      REDIS_URL: `redis://127.0.0.1:${this.redisPort}`,
      GATEWAY_SIGNING_SECRET: TEST_SIGNING_SECRET,
      JWT_SECRET: TEST_TOKEN_SETTINGS.secret,
      RATE_LIMITS_ENABLED: "false",
      METRICS_PORT: "0",
      WORKER_CRASH_AT: "",
      ...FAST_WORKERS,
      ...envOverrides,
    });
    for (const domain of DOMAINS) {
      const port = await this.unusedPort();
      this.env[`${domain.toUpperCase()}_PORT`] = String(port);
      this.env[`${domain.toUpperCase()}_DATABASE_URL`] = this.databases[domain].url;
      this.env[`${domain.toUpperCase()}_URL`] = `http://127.0.0.1:${port}/graphql`;
    }
    this.env.GATEWAY_PORT = String(await this.unusedPort());
    this.gatewayUrl = `http://127.0.0.1:${this.env.GATEWAY_PORT}/graphql`;
    for (const domain of DOMAINS) this.startService(domain);
    this.startService("gateway");
    const extra: Array<[Domain, number]> = [];
    for (const domain of DOMAINS) {
      for (let n = 1; n < (replicaCounts[domain] ?? 1); n += 1) extra.push([domain, await this.addReplica(domain)]);
    }
    await this.waitReady("gateway", readyTimeoutMs);
    await Promise.all(extra.map(([domain, index]) => this.waitReplicaReady(domain, index, readyTimeoutMs)));
    const { body } = await gatewayClient(this.gatewayUrl)<{ logIn: { token: string } }>(
      `mutation { logIn(email: "alice@shop.local", password: "${DEMO_CUSTOMER_PASSWORD}") { token } }`,
    );
    this.token = body.data!.logIn.token;
  }

  /** Stops everything this harness started and drops its databases; safe after a partial start. */
  async close(): Promise<void> {
    await Promise.all([...this.replicas.values()].flat().map((replica) => replica.process.stop()));
    if (this.redisPid && isAlive(this.redisPid)) process.kill(this.redisPid, "SIGKILL");
    await Promise.all(Object.values(this.databases).map((database) => database.drop()));
  }

  /** Starts a service (its replica 0) with the shared environment, plus `extraEnv` for this process only. */
  startService(service: SagaService, extraEnv: NodeJS.ProcessEnv = {}): void {
    this.startReplica(service, 0, extraEnv);
  }

  /**
   * Starts one more process of `service` on a port of its own (same database, Redis and consumer groups)
   * and returns its replica index; it is not waited for (see waitReplicaReady).
   */
  async addReplica(service: SagaService, extraEnv: NodeJS.ProcessEnv = {}): Promise<number> {
    const replicas = this.replicasOf(service);
    if (replicas.length === 0) throw new Error(`start ${service} before adding replicas of it`);
    const port = await this.unusedPort();
    replicas.push({ port, process: spawnService(entryOf(service), { ...this.env, ...extraEnv, [`${service.toUpperCase()}_PORT`]: String(port) }, "ignore") });
    return replicas.length - 1;
  }

  /**
   * Starts replica `index` again on its port, e.g. after killReplica (a new process: a new pid, so a new
   * consumer name; what the old one left pending is taken over by XAUTOCLAIM, not read back).
   */
  startReplica(service: SagaService, index: number, extraEnv: NodeJS.ProcessEnv = {}): void {
    const replicas = this.replicasOf(service);
    if (index > 0 && !replicas[index]) throw new Error(`${service} has no replica ${index} (addReplica starts new ones)`);
    const port = index === 0 ? Number(this.env[`${service.toUpperCase()}_PORT`]) : replicas[index]!.port;
    const env = { ...this.env, ...extraEnv, [`${service.toUpperCase()}_PORT`]: String(port) };
    replicas[index] = { port, process: spawnService(entryOf(service), env, "ignore") };
  }

  /** How many processes of `service` were started (dead ones included). */
  replicaCount(service: SagaService): number {
    return this.replicasOf(service).length;
  }

  replicaPid(service: SagaService, index: number): number {
    return this.replicaAt(service, index).process.pid;
  }

  replicaPort(service: SagaService, index: number): number {
    return this.replicaAt(service, index).port;
  }

  /** The replica's name in its service's consumer groups, as worker-settings.ts composes it. */
  consumerName(service: Domain, index: number): string {
    return `${service}-${hostname()}-${this.replicaPid(service, index)}`;
  }

  /** SIGKILLs one replica; the others keep running. It stays dead unless startReplica is called. */
  killReplica(service: SagaService, index: number): void {
    process.kill(this.replicaPid(service, index), "SIGKILL");
  }

  isReplicaAlive(service: SagaService, index: number): boolean {
    return isAlive(this.replicaPid(service, index));
  }

  async waitReplicaReady(service: SagaService, index: number, timeoutMs = 120_000): Promise<void> {
    await waitForOk(`http://127.0.0.1:${this.replicaPort(service, index)}/ready`, timeoutMs);
  }

  /** The replica's Prometheus metrics (subgraphs serve /metrics on their HTTP port). */
  async metricsOf(service: Domain, index: number): Promise<string> {
    const response = await fetch(`http://127.0.0.1:${this.replicaPort(service, index)}/metrics`, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`${service} replica ${index} /metrics answered ${response.status}`);
    return response.text();
  }

  pidOf(service: SagaService): number {
    return this.replicaPid(service, 0);
  }

  killHard(service: SagaService): void {
    process.kill(this.pidOf(service), "SIGKILL");
  }

  /** Stops a service cleanly, starts it again (with `extraEnv` for the new process only) and waits until it is ready. */
  async restart(service: SagaService, extraEnv: NodeJS.ProcessEnv = {}): Promise<void> {
    await this.replicasOf(service)[0]?.process.stop();
    this.startService(service, extraEnv);
    await this.waitReady(service);
  }

  async waitReady(service: SagaService, timeoutMs = 120_000): Promise<void> {
    await waitForOk(`http://127.0.0.1:${this.env[`${service.toUpperCase()}_PORT`]}/ready`, timeoutMs);
  }

  /** Polls the service's pid until the process is gone (bounded). */
  async waitExited(service: SagaService, timeoutMs = 30_000): Promise<void> {
    const pid = this.pidOf(service);
    const deadline = Date.now() + timeoutMs;
    while (isAlive(pid)) {
      if (Date.now() > deadline) throw new Error(`${service} (pid ${pid}) still runs after ${timeoutMs / 1000} s`);
      await sleep(50);
    }
  }

  private replicasOf(service: SagaService): Replica[] {
    let replicas = this.replicas.get(service);
    if (!replicas) this.replicas.set(service, (replicas = []));
    return replicas;
  }

  private replicaAt(service: SagaService, index: number): Replica {
    const replica = this.replicasOf(service)[index];
    if (!replica) throw new Error(`${service} has no replica ${index}`);
    return replica;
  }

  /** A free port not handed out before by this harness (a picked port is only bound once its process is up). */
  private async unusedPort(): Promise<number> {
    for (;;) {
      const port = await freePort();
      if (this.usedPorts.has(port)) continue;
      this.usedPorts.add(port);
      return port;
    }
  }

  /** A Redis of this harness's own, on the same port each time (a restart comes back empty: no persistence). */
  async startRedis(): Promise<void> {
    const child = spawn("redis-server", ["--port", String(this.redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    this.redisPid = child.pid!;
    const probe = new Redis(`redis://127.0.0.1:${this.redisPort}`, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on("error", () => {});
    for (let tries = 0; tries < 100; tries += 1) {
      if (await probe.connect().then(() => true, () => false)) break;
      await sleep(50);
    }
    probe.disconnect();
  }

  killRedis(): void {
    process.kill(this.redisPid, "SIGKILL");
  }

  /** Runs `work` with a connection to the harness's Redis, closed afterwards. */
  async withRedis<T>(work: (redis: Redis) => Promise<T>): Promise<T> {
    const redis = new Redis(`redis://127.0.0.1:${this.redisPort}`);
    try {
      return await work(redis);
    } finally {
      redis.disconnect();
    }
  }

  async sql<T>(domain: Domain, query: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.databases[domain].url });
    await client.connect();
    try {
      return (await client.query(query, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** Places `count` one-speaker orders as the signed-in customer; `tokenOf(n)` picks each order's payment token. */
  async placeOrders(count: number, tokenOf: (n: number) => string = () => PAYMENT_TOKENS.captured): Promise<string[]> {
    const request = gatewayClient(this.gatewayUrl);
    const ids: string[] = [];
    for (let n = 0; n < count; n += 1) {
      const paymentToken = tokenOf(n);
      const { body } = await request<{ placeOrder: { id: string } }>(
        `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`,
        { input: { items: [{ productId: SPEAKER.id, quantity: 1 }], shippingAddress: { line1: "1 Main St", city: "Springfield", postalCode: "12345", country: "US" }, paymentToken } },
        { token: this.token },
      );
      if (!body.data) throw new Error(`placeOrder failed: ${JSON.stringify(body.errors)}`);
      ids.push(body.data.placeOrder.id);
      this.placed.push({ id: body.data.placeOrder.id, declined: paymentToken === PAYMENT_TOKENS.declined });
    }
    return ids;
  }

  /** Waits until every placed order's saga has ended (bounded), then returns their statuses. */
  async allSagasEnded(timeoutMs = 90_000): Promise<SagaRow[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = await this.sql<SagaRow>(
        "orders",
        `SELECT s.order_id::text, s.status::text, o.status::text AS order_status FROM checkout_sagas s JOIN orders o ON o.id = s.order_id`,
      );
      if (rows.length === this.placed.length && rows.every((row) => ENDED_SAGA_STATUSES.includes(row.status))) return rows;
      if (Date.now() > deadline) throw new Error(`sagas still open: ${JSON.stringify(rows.filter((row) => !ENDED_SAGA_STATUSES.includes(row.status)))}`);
      await sleep(250);
    }
  }

  /**
   * The saga's invariants across all databases once every saga has ended: no oversell, captures matched
   * to confirmed orders, one payment and one shipment per order, and (bounded) nothing left unpublished,
   * nothing pending in any consumer group, one confirmation notification per confirmed order.
   */
  async expectInvariants(): Promise<void> {
    const sagas = await this.allSagasEnded();
    const confirmed = new Set(sagas.filter((saga) => saga.order_status === "CONFIRMED").map((saga) => saga.order_id));
    // Listed rather than counted, so a failure shows the sagas at fault.
    expect(sagas.filter((saga) => (saga.status === "COMPLETED") !== confirmed.has(saga.order_id))).toEqual([]);
    expect(confirmed.size).toBe(this.placed.filter((order) => !order.declined).length);

    const [stock] = await this.sql<{ on_hand: number; reserved: number }>("inventory", `SELECT on_hand, reserved FROM stock_levels WHERE product_id = $1`, [SPEAKER.id]);
    const [held] = await this.sql<{ units: string }>("inventory", `SELECT coalesce(sum(quantity), 0) AS units FROM stock_reservations WHERE status = 'RESERVED'`);
    expect(stock!.reserved).toBe(Number(held!.units));
    expect(stock!.reserved).toBe(confirmed.size);
    expect(stock!.reserved).toBeLessThanOrEqual(stock!.on_hand);

    const payments = await this.sql<{ order_id: string; status: string }>("payments", `SELECT order_id::text, status::text FROM payments`);
    expect(new Set(payments.map((payment) => payment.order_id)).size).toBe(payments.length);
    for (const payment of payments.filter((candidate) => candidate.status === "CAPTURED")) expect(confirmed.has(payment.order_id)).toBe(true);
    expect(payments.filter((payment) => payment.status === "CAPTURED")).toHaveLength(confirmed.size);

    const shipments = await this.sql<{ order_id: string }>("shipping", `SELECT order_id::text FROM shipments`);
    expect(shipments.map((shipment) => shipment.order_id).sort()).toEqual([...confirmed].sort());

    await this.expectEverythingDelivered(confirmed);
  }

  private async expectEverythingDelivered(confirmed: ReadonlySet<string>): Promise<void> {
    const deadline = Date.now() + 30_000;
    await this.withRedis(async (redis) => {
      for (;;) {
        const notes = await this.sql<{ order_id: string }>("notifications", `SELECT order_id::text FROM notifications WHERE kind = 'ORDER_CONFIRMED'`);
        const unpublished = await this.unpublishedOutboxRows();
        const pending = await pendingInConsumerGroups(redis);
        const notified = new Set(notes.map((note) => note.order_id));
        if (unpublished === 0 && pending === 0 && notes.length === confirmed.size && [...confirmed].every((id) => notified.has(id))) return;
        if (Date.now() > deadline) throw new Error(`left over: ${unpublished} unpublished, ${pending} pending, ${notes.length}/${confirmed.size} notified`);
        await sleep(250);
      }
    });
  }

  /**
   * Waits (bounded) until the saga's messaging is at rest: every outbox published, and every consumer
   * group has been handed every entry of its stream and acknowledged it. Nothing in flight then can
   * reach a process started afterwards.
   */
  async waitQuiet(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    await this.withRedis(async (redis) => {
      for (;;) {
        const unpublished = await this.unpublishedOutboxRows();
        const pending = await pendingInConsumerGroups(redis);
        const undelivered = await groupsBehind(redis);
        if (unpublished === 0 && pending === 0 && undelivered.length === 0) return;
        if (Date.now() > deadline) throw new Error(`not quiet: ${unpublished} unpublished, ${pending} pending, behind: ${undelivered.join(", ")}`);
        await sleep(100);
      }
    });
  }

  private async unpublishedOutboxRows(): Promise<number> {
    // Databases without an outbox (products) count as nothing unpublished.
    const counts = await Promise.all(
      DOMAINS.map((domain) => this.sql<{ n: string }>(domain, `SELECT count(*) AS n FROM outbox WHERE published_at IS NULL`).catch(() => [{ n: "0" }])),
    );
    return counts.reduce((sum, rows) => sum + Number(rows[0]!.n), 0);
  }

  private async seed(): Promise<void> {
    await seedDemoDatabases({ users: this.databases.users.url, products: this.databases.products.url, inventory: this.databases.inventory.url });
  }
}

/**
 * Entries delivered and not acknowledged in the consumer group `group`, by consumer, summed over every
 * saga stream the group reads.
 */
export async function pendingByConsumer(redis: Redis, group: string): Promise<Map<string, number>> {
  const byConsumer = new Map<string, number>();
  for (const stream of Object.values(Streams)) {
    // XPENDING's summary form: [count, smallest id, greatest id, [[consumer, count], ...]]; NOGROUP if the group does not read it.
    const summary = (await redis.xpending(stream, group).catch(() => null)) as [number, string, string, Array<[string, string]> | null] | null;
    for (const [consumer, count] of summary?.[3] ?? []) byConsumer.set(consumer, (byConsumer.get(consumer) ?? 0) + Number(count));
  }
  return byConsumer;
}

/** Entries delivered and not acknowledged, summed over every consumer group of every saga stream. */
async function pendingInConsumerGroups(redis: Redis): Promise<number> {
  let pending = 0;
  for (const stream of Object.values(Streams)) {
    const groups = (await redis.xinfo("GROUPS", stream).catch(() => [])) as unknown[][];
    for (const group of groups) pending += Number(group[group.indexOf("pending") + 1]);
  }
  return pending;
}

/** `stream/group` for each consumer group that has not yet been handed its stream's newest entry. */
async function groupsBehind(redis: Redis): Promise<string[]> {
  const behind: string[] = [];
  for (const stream of Object.values(Streams)) {
    const info = (await redis.xinfo("STREAM", stream).catch(() => null)) as unknown[] | null;
    if (!info) continue;
    const newest = String(info[info.indexOf("last-generated-id") + 1]);
    const groups = (await redis.xinfo("GROUPS", stream)) as unknown[][];
    for (const group of groups) {
      if (String(group[group.indexOf("last-delivered-id") + 1]) !== newest) behind.push(`${stream}/${String(group[group.indexOf("name") + 1])}`);
    }
  }
  return behind;
}
