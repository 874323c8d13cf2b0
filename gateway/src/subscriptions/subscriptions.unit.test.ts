import { randomUUID } from "node:crypto";
import { GraphQLError, parse, print, validate, type ExecutionResult, type FormattedExecutionResult } from "graphql";
import { createLogger } from "../../../packages/logging";
import { newMessage, toStreamFields } from "../../../packages/messaging";
import { messageHeaders, shopMessage, Streams } from "../../../packages/shop-messages";
import { composeSupergraph, readSubgraphSources, readSupergraphConfig } from "../../../packages/schema-tools";
import { authorizationOf } from "./connection-auth";
import { ConnectionLimits } from "./connection-limits";
import { LIVE_ID_ALIAS, LIVE_STATUS_ALIAS, liveQueryOf, NOTIFICATION_WINDOW } from "./live-documents";
import { LiveRegistry } from "./live-registry";
import { NotificationSubscription, OrderSubscription, type LiveSubscription, type LiveSubscriptionOptions, type RunQuery } from "./live-subscription";
import { changesOf } from "./update-reader";
import { checkSubscriptionDocument } from "./subscription-document";
import { DEFAULT_EDGE_CONFIG } from "../edge-config";

const composed = composeSupergraph(readSubgraphSources(readSupergraphConfig()));
if (!composed.ok) throw new Error(composed.errors.join("\n"));
const schema = composed.apiSchema;
const normalized = (query: string) => print(parse(query));

describe("the subscription document rewrite", () => {
  it("turns orderUpdated into Query.order under the subscription's response key, with the status it needs", () => {
    const document = parse(`subscription Follow($id: ID!) { orderUpdated(id: $id) { id status payment { status } } }`);
    expect(validate(schema, document)).toEqual([]);
    const live = liveQueryOf(document, "Follow", { id: "ABC" });
    expect(live).toMatchObject({ field: "orderUpdated", responseKey: "orderUpdated", orderId: "ABC" });
    expect(print(live.query)).toBe(normalized(`query Follow($id: ID!) { orderUpdated: order(id: $id) { id status payment { status } ${LIVE_STATUS_ALIAS}: status } }`));
    expect(validate(schema, live.query)).toEqual([]);
  });

  it("keeps the client's alias, a literal id, and the fragments the selection uses", () => {
    const document = parse(`subscription { mine: orderUpdated(id: "o-1") { ...Card } } fragment Card on Order { id items { product { name } } }`);
    const live = liveQueryOf(document, undefined);
    expect(live).toMatchObject({ responseKey: "mine", orderId: "o-1" });
    expect(print(live.query)).toBe(
      normalized(`{ mine: order(id: "o-1") { ...Card ${LIVE_STATUS_ALIAS}: status } } fragment Card on Order { id items { product { name } } }`),
    );
    expect(validate(schema, live.query)).toEqual([]);
  });

  it("turns notificationAdded into the caller's newest notifications, with their ids", () => {
    const live = liveQueryOf(parse(`subscription { notificationAdded { kind title } }`), undefined);
    expect(live).toMatchObject({ field: "notificationAdded", responseKey: "notificationAdded" });
    expect(print(live.query)).toBe(normalized(`{ me { notifications(first: ${NOTIFICATION_WINDOW}) { kind title ${LIVE_ID_ALIAS}: id } } }`));
    expect(validate(schema, live.query)).toEqual([]);
  });

  it.each([
    ["a query", `query { me { id } }`],
    ["a mutation", `mutation { markNotificationRead(id: "x") { id } }`],
    ["a root field in a fragment", `subscription { ...Root } fragment Root on Subscription { notificationAdded { id } }`],
    ["orderUpdated without an id value", `subscription ($id: ID!) { orderUpdated(id: $id) { id } }`],
  ])("refuses %s with BAD_USER_INPUT", (_, query) => {
    expect(() => liveQueryOf(parse(query), undefined, {})).toThrow(expect.objectContaining({ extensions: { code: "BAD_USER_INPUT" } }));
  });
});

describe("the checks of a subscription document", () => {
  const checks = { operationLimits: DEFAULT_EDGE_CONFIG.operationLimits, admitDocument: () => null };
  const codesOf = (result: ReturnType<typeof checkSubscriptionDocument>) => ("document" in result ? [] : result.map((error) => error.extensions.code));

  it("keeps a valid document and only the variables its operation declares", () => {
    const checked = checkSubscriptionDocument(schema, { query: `subscription ($id: ID!) { orderUpdated(id: $id) { id } }`, variables: { id: "o-1", padding: "x".repeat(1000) } }, checks);
    expect(checked).toMatchObject({ variables: { id: "o-1" } });
  });

  it.each([
    ["GRAPHQL_PARSE_FAILED", `subscription { orderUpdated(id: "o-1") {`],
    ["GRAPHQL_VALIDATION_FAILED", `subscription { orderUpdated(id: "o-1") { nope } }`],
    ["QUERY_TOO_COMPLEX", `subscription { orderUpdated(id: "o-1") { ${Array.from({ length: 25 }, (_, index) => `a${index}: id`).join(" ")} } }`],
    ["QUERY_TOO_COMPLEX", `subscription { orderUpdated(id: "o-1") { user { orders(first: 100) { edges { node { user { orders(first: 100) { edges { node { id } } } } } } } } } }`],
  ])("refuses with %s: %s", (code, query) => {
    expect(codesOf(checkSubscriptionDocument(schema, { query }, checks))).toEqual([code]);
  });

  it("refuses what the allow-list refuses, before anything else", () => {
    const notAllowed = new GraphQLError("Only persisted operations are run here", { extensions: { code: "OPERATION_NOT_ALLOWED" } });
    expect(codesOf(checkSubscriptionDocument(schema, { query: "{" }, { ...checks, admitDocument: () => notAllowed }))).toEqual(["OPERATION_NOT_ALLOWED"]);
  });
});

describe("the token of a connection", () => {
  it("is read from connectionParams.authorization, Authorization, or the same under headers, and nothing else", () => {
    for (const params of [{ authorization: "Bearer t" }, { Authorization: "Bearer t" }, { headers: { authorization: "Bearer t" } }, { headers: { Authorization: "Bearer t" } }]) {
      expect(authorizationOf(params)).toBe("Bearer t");
    }
    for (const params of [undefined, null, "Bearer t", ["Bearer t"], { token: "t" }, { authorization: 42 }, { headers: "Bearer t" }]) expect(authorizationOf(params)).toBeUndefined();
  });
});

describe("connection limits", () => {
  it("let a user hold the limit, refuse one more, count users apart, and free a place on close", () => {
    const limits = new ConnectionLimits(10);
    for (let index = 0; index < 10; index += 1) expect(limits.tryOpen("alice")).toBe(true);
    expect(limits.tryOpen("alice")).toBe(false);
    expect(limits.openFor("alice")).toBe(10);
    expect(limits.tryOpen("bob")).toBe(true);
    limits.close("alice");
    expect(limits.tryOpen("alice")).toBe(true);
    expect(limits.tryOpen("alice")).toBe(false);
    for (let index = 0; index < 10; index += 1) limits.close("alice");
    expect(limits.openFor("alice")).toBe(0);
  });
});

/** A stand-in for the gateway: answers what the test says, one query at a time, when the test lets it. */
function scriptedGateway() {
  const answers: FormattedExecutionResult[] = [];
  const pending: Array<() => void> = [];
  let calls = 0;
  const run: RunQuery = async () => {
    calls += 1;
    await new Promise<void>((resolve) => pending.push(resolve));
    return answers.shift() ?? { data: null };
  };
  const settle = async () => {
    for (let round = 0; round < 10; round += 1) await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    run,
    answer: async (result: FormattedExecutionResult) => {
      answers.push(result);
      await settle();
      pending.shift()?.();
      await settle();
    },
    get calls() {
      return calls;
    },
  };
}

function optionsFor(query: string, run: RunQuery, registry = new LiveRegistry()): LiveSubscriptionOptions {
  return {
    live: liveQueryOf(parse(query), undefined),
    caller: { userId: randomUUID(), role: "CUSTOMER" },
    queryText: "",
    variables: undefined,
    run,
    onEnd: (ended) => registry.remove(ended),
    onFailure: (error) => {
      throw error;
    },
  };
}

async function drain(queue: AsyncIterator<ExecutionResult>): Promise<ExecutionResult[]> {
  const results: ExecutionResult[] = [];
  for (let next = await queue.next(); !next.done; next = await queue.next()) results.push(next.value);
  return results;
}

const order = (status: string) => ({ data: { orderUpdated: { id: "o-1", status, [LIVE_STATUS_ALIAS]: status } } });

describe("an order subscription", () => {
  it("coalesces changes that arrive during a query into one more, skips repeats, and completes at a final status", async () => {
    const gateway = scriptedGateway();
    const subscription = new OrderSubscription(optionsFor(`subscription { orderUpdated(id: "o-1") { id status } }`, gateway.run));
    subscription.changed();
    for (let index = 0; index < 5; index += 1) subscription.changed();
    await gateway.answer(order("PENDING"));
    await gateway.answer(order("PENDING"));
    expect(gateway.calls).toBe(2);
    subscription.changed();
    await gateway.answer(order("DELIVERED"));
    subscription.changed();
    expect(gateway.calls).toBe(3);
    const results = await drain(subscription.queue);
    expect(results.map((result) => result.data)).toEqual([{ orderUpdated: { id: "o-1", status: "PENDING" } }, { orderUpdated: { id: "o-1", status: "DELIVERED" } }]);
  });

  it("fails with NOT_FOUND when the order is not the caller's (null), and leaves the registry", async () => {
    const gateway = scriptedGateway();
    const registry = new LiveRegistry();
    const subscription = new OrderSubscription(optionsFor(`subscription { orderUpdated(id: "o-1") { id } }`, gateway.run, registry));
    registry.watchOrder(subscription, "O-1");
    expect(registry.size).toBe(1);
    registry.ordersChanged(["o-1"]);
    await gateway.answer({ data: { orderUpdated: null } });
    await expect(subscription.queue.next()).rejects.toMatchObject({ message: "No such order", extensions: { code: "NOT_FOUND" } } satisfies Partial<GraphQLError>);
    expect(registry.size).toBe(0);
  });
});

describe("the registry of notification subscriptions", () => {
  it("tells a subscriber of their own notifications and of their audience's, once per batch, and forgets both on remove", () => {
    const registry = new LiveRegistry();
    const told: string[] = [];
    const watcher = (name: string) => ({ changed: () => told.push(name) }) as unknown as LiveSubscription;
    const [admin, customer] = [watcher("admin"), watcher("customer")];
    registry.watchNotifications(admin, "A-1", "ADMIN");
    registry.watchNotifications(customer, "c-1", "CUSTOMER");
    registry.notificationsCreated(["a-1"], ["ADMIN"]);
    registry.notificationsCreated([], ["ADMIN"]);
    registry.notificationsCreated(["C-1"]);
    expect(told).toEqual(["admin", "admin", "customer"]);
    registry.remove(admin);
    registry.remove(customer);
    expect(registry.size).toBe(0);
    registry.notificationsCreated(["a-1", "c-1"], ["ADMIN", "CUSTOMER"]);
    expect(told).toHaveLength(3);
  });
});

describe("a notification subscription", () => {
  it("pushes only those created after it began, oldest first, each once", async () => {
    const gateway = scriptedGateway();
    const subscription = new NotificationSubscription(optionsFor(`subscription { notificationAdded { kind } }`, gateway.run));
    const listing = (...ids: string[]) => ({ data: { me: { notifications: ids.map((id) => ({ kind: `K${id}`, [LIVE_ID_ALIAS]: id })) } } });
    subscription.changed();
    await gateway.answer(listing("1"));
    subscription.changed();
    await gateway.answer(listing("3", "2", "1"));
    subscription.changed();
    await gateway.answer(listing("4", "3", "2", "1"));
    subscription.changed();
    await gateway.answer(listing("4", "3", "2", "1"));
    expect(gateway.calls).toBe(4);
    subscription.queue.end();
    const told = (await drain(subscription.queue)).map((result) => result.data);
    expect(told).toEqual([{ notificationAdded: { kind: "K2" } }, { notificationAdded: { kind: "K3" } }, { notificationAdded: { kind: "K4" } }]);
  });
});

describe("reading the live-updates stream", () => {
  it("names each changed order and each notified user once, and skips what it cannot read", () => {
    const [orderId, userId] = [randomUUID(), randomUUID()];
    const headers = messageHeaders({ requestId: "req-1" });
    const entries: Array<[string, string[]]> = [
      ["1-0", toStreamFields(shopMessage("OrderChanged", { orderId, userId }, headers))],
      ["1-1", toStreamFields(shopMessage("OrderChanged", { orderId: orderId.toUpperCase(), userId }, headers))],
      ["1-2", toStreamFields(shopMessage("NotificationCreated", { notificationId: randomUUID(), userId }, headers))],
      ["1-3", toStreamFields(newMessage(Streams.liveUpdates, "Unknown", {}))],
      ["1-4", ["id", "x", "payload", "{not json"]],
      // A low-stock alert is for every admin: its audience, no user.
      ["1-5", toStreamFields(shopMessage("NotificationCreated", { notificationId: randomUUID(), userId: null, audience: "ADMIN" }, headers))],
    ];
    const changes = changesOf(entries, createLogger("test", "silent"));
    expect(changes).toEqual({ orderIds: new Set([orderId]), notifiedUserIds: new Set([userId]), notifiedAudiences: new Set(["ADMIN"]) });
  });
});
