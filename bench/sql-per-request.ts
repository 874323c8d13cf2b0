import { DOMAINS } from "../packages/config";
import { gatewayClient, startSupergraph } from "../packages/testing";
import type { ProductsPrisma } from "../subgraphs/products/src/repositories/prisma-client";
import type { InventoryPrisma } from "../subgraphs/inventory/src/repositories/prisma-client";
import type { UsersPrisma } from "../subgraphs/users/src/repositories/prisma-client";
import { seedDemoCatalogue } from "../subgraphs/products/src/seed";
import { seedDemoStock } from "../subgraphs/inventory/src/seed";
import { ensureAdmin } from "../subgraphs/users/src/seed";
import { deepQuery } from "./queries";

export interface SqlCount {
  items: number;
  total: number;
  bySubgraph: Record<string, number>;
}

const ADMIN_PASSWORD = "bench-admin-password";

/** Counts the SQL statements each subgraph runs for the deep query at several list sizes. */
export async function measureSqlPerRequest(sizes: number[]): Promise<SqlCount[]> {
  const supergraph = await startSupergraph();
  try {
    const { users, products, inventory } = supergraph.subgraphs;
    await ensureAdmin(users!.prisma as UsersPrisma, ADMIN_PASSWORD);
    await seedDemoCatalogue(products!.prisma as ProductsPrisma);
    await seedDemoStock(inventory!.prisma as InventoryPrisma);
    const request = gatewayClient(supergraph.gateway.graphqlUrl);
    await addProductsUpTo(request, Math.max(...sizes));

    const counts: SqlCount[] = [];
    for (const items of sizes) {
      supergraph.resetQueryCounts();
      const { body } = await request<{ products: { edges: unknown[] } }>(deepQuery(items));
      if (body.errors || body.data?.products.edges.length !== items) throw new Error(`deep query failed: ${JSON.stringify(body.errors)}`);
      const bySubgraph = Object.fromEntries(DOMAINS.map((domain) => [domain, supergraph.subgraphs[domain]?.queries.count ?? 0]));
      counts.push({ items, total: supergraph.totalQueries(), bySubgraph });
    }
    return counts;
  } finally {
    await supergraph.stop();
  }
}

/** Tops the catalogue up through the public API, as an admin would. */
async function addProductsUpTo(request: ReturnType<typeof gatewayClient>, wanted: number): Promise<void> {
  const login = await request<{ logIn: { token: string } }>(
    `mutation ($email: String!, $password: String!) { logIn(email: $email, password: $password) { token } }`,
    { email: "admin@shop.local", password: ADMIN_PASSWORD },
  );
  const token = login.body.data?.logIn.token;
  if (!token) throw new Error("admin log-in failed");
  const { body } = await request<{ products: { totalCount: number } }>("{ products { totalCount } }");
  for (let n = body.data?.products.totalCount ?? 0; n < wanted; n += 1) {
    const created = await request(
      `mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }`,
      { input: { sku: `BENCH-${n}`, name: `Bench product ${n}`, description: "Bench", priceCents: 1000 + n, weightGrams: 100 * n, categorySlug: "books" } },
      { token },
    );
    if (created.body.errors) throw new Error(`createProduct failed: ${JSON.stringify(created.body.errors)}`);
  }
}
