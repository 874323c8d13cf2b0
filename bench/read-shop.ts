/**
 * What the read bench's queries read: the demo catalogue (30 products) with stock, the demo customers,
 * and one customer with DEEP_ORDERS orders placed through the real checkout (the saga reserves, charges,
 * confirms and ships each one, and notifications tells the customer), all settled before any load.
 */
import { DEMO_PRODUCTS } from "../packages/demo-catalogue";
import type { Domain } from "../packages/config";
import { gatewayClient, logInThrough, seedDemoDatabases, TEST_SHIPPING_ADDRESS, waitFor, type TestDatabase } from "../packages/testing";
import { DEMO_CUSTOMER_PASSWORD, DEMO_CUSTOMERS } from "../subgraphs/users/src/seed";
import { DEEP_ORDERS, DEEP_QUERY } from "./queries";

/** Seeds the databases before the services start (startServiceProcesses' seed step). */
export async function seedReadShop(databases: Record<Domain, TestDatabase>): Promise<void> {
  await seedDemoDatabases({ users: databases.users.url, products: databases.products.url, inventory: databases.inventory.url });
}

const PLACE_ORDER = `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`;

/** Items per order, from a window of this many products: customers buy the same things again, as they do. */
const ITEMS_PER_ORDER = 3;
const PRODUCTS_BOUGHT = 10;

interface DeepAnswer {
  me: {
    orders: { edges: Array<{ node: { payment: unknown; shipment: unknown } }> };
    notifications: unknown[];
  } | null;
}

/**
 * Signs the first demo customer in, places DEEP_ORDERS orders through the gateway's checkout and waits
 * until every one has its payment and shipment and the customer has been told about each (a welcome and
 * one ORDER_CONFIRMED per order): from then on the deep query's answer no longer changes. Returns the
 * customer's bearer token.
 */
export async function placeDeepOrders(gatewayUrl: string): Promise<string> {
  const request = gatewayClient(gatewayUrl);
  const { token } = await logInThrough(request, DEMO_CUSTOMERS[0].email, DEMO_CUSTOMER_PASSWORD);
  await Promise.all(
    Array.from({ length: DEEP_ORDERS }, async (_, order) => {
      const items = Array.from({ length: ITEMS_PER_ORDER }, (_, line) => ({
        productId: DEMO_PRODUCTS[(order + line * 3) % PRODUCTS_BOUGHT]!.id,
        quantity: 1 + (line % 2),
      }));
      const input = { items, shippingAddress: TEST_SHIPPING_ADDRESS, paymentToken: "tok_visa" };
      const { body } = await request(PLACE_ORDER, { input }, { token });
      if (body.errors) throw new Error(`placeOrder failed: ${JSON.stringify(body.errors)}`);
    }),
  );
  await waitFor(
    `${DEEP_ORDERS} settled orders and their notifications`,
    async () => {
      const { body } = await request<DeepAnswer>(DEEP_QUERY, {}, { token });
      const me = body.data?.me;
      if (body.errors || !me) return false;
      const settled = me.orders.edges.filter(({ node }) => node.payment !== null && node.shipment !== null).length;
      return settled === DEEP_ORDERS && me.notifications.length >= DEEP_ORDERS + 1;
    },
    60_000,
  );
  return token;
}
