import { randomUUID } from "node:crypto";
import { buildClientSchema, getIntrospectionQuery, type GraphQLSchema, type IntrospectionQuery } from "graphql";
import { DEMO_PRODUCTS } from "../packages/demo-catalogue";
import { CONTRACT_ITEMS_NOT_YET_BUILT } from "../packages/schema-tools/contract-pending";
import { gatewayClient, startSupergraph, TEST_SHIPPING_ADDRESS, type GatewayRequest, type RunningSupergraph, seedDemoShop } from "../packages/testing";
import type { ShippingPrisma } from "../subgraphs/shipping/src/repositories/prisma-client";
import { createShipment } from "../subgraphs/shipping/src/repositories/shipment-repository";
import { ADMIN_EMAIL } from "../subgraphs/users/src/seed";
import { fingerprintDatabases, isWrite, recordStatements, type LoggedStatement } from "./support/database-activity";
import { buildOperation, findStringInputs, type StringInput, type ValidValues } from "./support/string-inputs";

// Hostile text through the gateway into every text input of the schema the gateway serves: every
// String/ID argument and every String/ID field of an input object, on every field reachable from Query
// and Mutation. None may end as INTERNAL_SERVER_ERROR; what must be refused is refused as BAD_USER_INPUT
// naming the field (or NOT_FOUND, UNAUTHENTICATED, FORBIDDEN), and a refusal writes nothing and sends
// nothing of the value to a database. The inputs come from the schema, so a new one is tested the day it
// appears, and one the test cannot call (a required text input without a valid example) fails the walk.
jest.setTimeout(180_000);

let supergraph: RunningSupergraph;
let request: GatewayRequest;
let statements: LoggedStatement[];
let inputs: StringInput[];
let adminToken = "";
let shipmentOrderId = "";
const ADMIN_PASSWORD = "admin-e2e-password";
const earbuds = DEMO_PRODUCTS.find((product) => product.sku === "EL-1001")!;

/** Every value hostile text is recognised by in SQL parameters starts with this. */
const MARK = "hostile";

interface HostileValue {
  label: string;
  value: string;
  /** Whether an input must refuse it; otherwise it may be accepted, but a refusal must still be clean. */
  mustRefuse(input: StringInput): boolean;
}

const always = () => true;
const never = () => false;
const HOSTILE_VALUES: HostileValue[] = [
  { label: "a NUL byte", value: `${MARK}\u0000nul`, mustRefuse: always },
  { label: "a bell and an escape sequence", value: `${MARK}\u0007\u001b[2J`, mustRefuse: always },
  { label: "DEL and a C1 control", value: `${MARK}\u007f\u0085`, mustRefuse: always },
  { label: "a lone high surrogate (U+D800)", value: `${MARK}\uD800`, mustRefuse: always },
  { label: "a lone low surrogate (U+DFFF)", value: `${MARK}\uDFFF`, mustRefuse: always },
  { label: "100k characters", value: `${MARK}${"x".repeat(100_000)}`, mustRefuse: always },
  // 64 + 1 + 255: each part within its own RFC 5321 limit, the whole far past 254.
  { label: "a 320-character email", value: `${MARK}${"a".repeat(57)}@${"b".repeat(251)}.com`, mustRefuse: (input) => input.name === "email" },
  { label: "RTL and zero-width characters", value: `${MARK}\u202Eabc\u200B\u200D`, mustRefuse: never },
  { label: "a line break", value: `${MARK}\nsecond line`, mustRefuse: never },
];

let serial = 0;
const fresh = (prefix: string) => `${prefix}${(serial += 1)}`;

/** Valid text for each required text input; the walk fails for a required one missing here. */
const VALID: ValidValues = {
  "Query.product(id:)": () => earbuds.id,
  "Query.order(id:)": () => randomUUID(),
  "SignUpInput.email": () => `${fresh("valid-")}@example.com`,
  "SignUpInput.password": () => "a-valid-password",
  "SignUpInput.name": () => "Valid Name",
  "Mutation.logIn(email:)": () => ADMIN_EMAIL,
  "Mutation.logIn(password:)": () => ADMIN_PASSWORD,
  "OrderItemInput.productId": () => earbuds.id,
  "AddressInput.line1": () => TEST_SHIPPING_ADDRESS.line1,
  "AddressInput.city": () => TEST_SHIPPING_ADDRESS.city,
  "AddressInput.postalCode": () => TEST_SHIPPING_ADDRESS.postalCode,
  "AddressInput.country": () => TEST_SHIPPING_ADDRESS.country,
  "PlaceOrderInput.paymentToken": () => "tok_visa",
  "Mutation.cancelOrder(id:)": () => randomUUID(),
  "Mutation.markNotificationRead(id:)": () => randomUUID(),
  "CreateProductInput.sku": () => fresh("HOSTILE-"),
  "CreateProductInput.name": () => "Valid Lamp",
  "CreateProductInput.description": () => "A lamp",
  "CreateProductInput.categorySlug": () => "kitchen",
  "Mutation.restock(productId:)": () => earbuds.id,
  // A real shipment: a text input beside it (idempotencyKey) that accepts a value then gets a real answer, not NOT_FOUND.
  "Mutation.advanceShipment(orderId:)": () => shipmentOrderId,
  "Mutation.updateProduct(id:)": () => earbuds.id,
  // Never the admin's password: a new password the walk may accept (RTL text) must not change the admin's.
  "Mutation.changePassword(currentPassword:)": () => "not-the-admin-password",
  "Mutation.changePassword(newPassword:)": () => "a-valid-new-password",
  "Mutation.refreshToken(refreshToken:)": () => "A".repeat(43),
  "Mutation.logOut(refreshToken:)": () => "A".repeat(43),
  "Mutation.deleteAddress(id:)": () => randomUUID(),
  "Mutation.addToCart(productId:)": () => earbuds.id,
  "Mutation.setCartLineQuantity(productId:)": () => earbuds.id,
  "Mutation.setCartPostalCode(postalCode:)": () => TEST_SHIPPING_ADDRESS.postalCode,
  "Mutation.mergeGuestCart(cartId:)": () => randomUUID(),
  "CheckoutInput.paymentToken": () => "tok_visa",
};

const CLEAN_REFUSALS = new Set(["BAD_USER_INPUT", "NOT_FOUND", "UNAUTHENTICATED", "FORBIDDEN"]);

interface Outcome {
  status: number;
  errors: Array<{ message: string; extensions?: { code?: string; field?: string } }>;
  data: unknown;
  statements: LoggedStatement[];
}

function valueAt(data: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, key) => (Array.isArray(node) ? node.map((item) => (item as Record<string, unknown>)?.[key]) : (node as Record<string, unknown> | null)?.[key]), data);
}

/** Null at the field: the answer a nullable lookup gives for an id that names nothing (NOT_FOUND without an error). */
function answeredNull(input: StringInput, data: unknown): boolean {
  return input.answersNullWhenMissing && valueAt(data, input.responsePath) === null;
}

/** What is wrong with how `input` answered `hostile`, or null when it answered as it should. */
function judge(input: StringInput, hostile: HostileValue, outcome: Outcome): string | null {
  if (outcome.status !== 200) return `HTTP ${outcome.status}: ${JSON.stringify(outcome.errors)}`;
  for (const error of outcome.errors) {
    const code = error.extensions?.code;
    if (!code || !CLEAN_REFUSALS.has(code)) return `${code ?? "no code"}: ${error.message}`;
    if (code === "NOT_FOUND" && input.scalar !== "ID") return `NOT_FOUND for text that names nothing: ${error.message}`;
    if (code === "BAD_USER_INPUT" && error.extensions?.field !== input.expectedField) {
      return `BAD_USER_INPUT naming ${error.extensions?.field ?? "no field"}, not ${input.expectedField}: ${error.message}`;
    }
  }
  const refused = outcome.errors.length > 0 || answeredNull(input, outcome.data);
  if (hostile.mustRefuse(input) && !refused) return `accepted: ${JSON.stringify(outcome.data)}`;
  if (!refused) return null;
  const writes = outcome.statements.filter(isWrite);
  if (writes.length > 0) return `refused, but wrote: ${writes.map((write) => `${write.domain}: ${write.query.slice(0, 80)}`).join("; ")}`;
  const reached = outcome.statements.filter((statement) => statement.params.includes(MARK));
  if (hostile.mustRefuse(input) && reached.length > 0) return `refused, but the value reached SQL in ${reached.map((statement) => statement.domain).join(", ")}`;
  return null;
}

async function send(input: StringInput, value: string): Promise<Outcome> {
  const { query, variables } = buildOperation(input, value, VALID);
  statements.length = 0;
  const { status, body } = await request(query, variables, { token: adminToken });
  return { status, errors: (body.errors ?? []) as Outcome["errors"], data: body.data, statements: [...statements] };
}

/**
 * checkout can accept text only for a cart with something in it: before a value checkout may accept, the
 * caller's cart gets a line (never before one it must refuse, so that round still writes nothing at all).
 */
async function fillCartBeforeCheckout(input: StringInput, hostile: HostileValue): Promise<void> {
  if (!input.coordinate.startsWith("Mutation.checkout(") || hostile.mustRefuse(input)) return;
  const { body } = await request(`mutation ($id: ID!) { addToCart(productId: $id, quantity: 1) { id } }`, { id: earbuds.id }, { token: adminToken });
  if (body.errors) throw new Error(`could not fill the cart: ${JSON.stringify(body.errors)}`);
}

/** Sends `hostile` to every input and returns each wrong answer, named by input. */
async function failuresFor(hostile: HostileValue): Promise<string[]> {
  const failures: string[] = [];
  for (const input of inputs) {
    await fillCartBeforeCheckout(input, hostile);
    const problem = judge(input, hostile, await send(input, hostile.value));
    if (problem) failures.push(`${input.coordinate}: ${problem}`);
  }
  return failures;
}

async function introspect(): Promise<GraphQLSchema> {
  const { body } = await request<IntrospectionQuery>(getIntrospectionQuery());
  if (!body.data) throw new Error(`introspection failed: ${JSON.stringify(body.errors)}`);
  return buildClientSchema(body.data);
}

beforeAll(async () => {
  // The harness's gateway has rate limits off: placeOrder's own limit (10 a minute per caller) would refuse
  // most of the ~80 orders this test tries. e2e/rate-limits covers the limits.
  supergraph = await startSupergraph();
  request = gatewayClient(supergraph.gateway.graphqlUrl);
  // Only what writes no outbox message: with no saga or welcome in flight, the databases stay still.
  await seedDemoShop(supergraph, { adminPassword: ADMIN_PASSWORD, customers: false });
  const { body } = await request<{ logIn: { token: string } }>(
    `mutation ($email: String!, $password: String!) { logIn(email: $email, password: $password) { token } }`,
    { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
  );
  adminToken = body.data!.logIn.token;
  // A pending shipment written as the saga's CreateShipment would, without a saga (no outbox message).
  shipmentOrderId = randomUUID();
  await createShipment(supergraph.subgraphs.shipping!.prisma as ShippingPrisma, { orderId: shipmentOrderId, address: TEST_SHIPPING_ADDRESS });
  // The contract's pending list is read as it is now: what is not built yet is not called.
  inputs = findStringInputs(await introspect(), CONTRACT_ITEMS_NOT_YET_BUILT);
  statements = recordStatements(supergraph);
}, 180_000);

afterAll(async () => {
  await supergraph?.stop();
});

describe("the walk over the served schema", () => {
  it("finds the text inputs of every subgraph and knows how to call each one", () => {
    const coordinates = inputs.map((input) => input.coordinate);
    // A handful the issue named, so a walk that quietly finds less fails here.
    expect(coordinates).toEqual(
      expect.arrayContaining([
        "Mutation.placeOrder(input:).shippingAddress.line1",
        "Mutation.placeOrder(input:).paymentToken",
        "Mutation.placeOrder(input:).idempotencyKey",
        "Mutation.signUp(input:).name",
        "Query.products(filter:).search",
        "Mutation.restock(productId:)",
        "Mutation.advanceShipment(orderId:)",
        "Mutation.markNotificationRead(id:)",
        "User.orders(after:)",
        "Product.shippingEstimate(postalCode:)",
      ]),
    );
    for (const input of inputs) expect(() => buildOperation(input, "x", VALID)).not.toThrow();
  });
});

describe("values every text input must refuse", () => {
  let before: Record<string, string>;
  beforeAll(async () => {
    before = await fingerprintDatabases(supergraph);
  });

  it.each(HOSTILE_VALUES.filter((hostile) => hostile.mustRefuse === always).map((hostile) => [hostile.label, hostile] as const))(
    "%s: refused as BAD_USER_INPUT naming the field (or not found), with nothing written",
    async (_label, hostile) => {
      expect(await failuresFor(hostile)).toEqual([]);
    },
  );

  it("left every table of every database as it was", async () => {
    expect(await fingerprintDatabases(supergraph)).toEqual(before);
  });
});

describe("values some inputs may accept", () => {
  it("(the statement log these checks rely on sees a request's writes and parameters)", async () => {
    const restock = inputs.find((input) => input.coordinate === "Mutation.restock(productId:)")!;
    const outcome = await send(restock, earbuds.id);
    expect(outcome.errors).toEqual([]);
    expect(outcome.statements.filter(isWrite).map((statement) => statement.domain)).toContain("inventory");
    expect(outcome.statements.some((statement) => statement.params.includes(earbuds.id))).toBe(true);
  });

  it.each(HOSTILE_VALUES.filter((hostile) => hostile.mustRefuse !== always).map((hostile) => [hostile.label, hostile] as const))(
    "%s: accepted, or refused cleanly naming the field with nothing written",
    async (_label, hostile) => {
      expect(await failuresFor(hostile)).toEqual([]);
    },
  );
});
