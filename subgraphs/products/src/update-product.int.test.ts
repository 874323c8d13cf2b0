import { randomUUID } from "node:crypto";
import { DEMO_CATEGORIES } from "../../../packages/demo-catalogue";
import type { Caller } from "../../../packages/identity";
import { postSigned, type RunningApp, serveSubgraph, type ServedSubgraph } from "../../../packages/testing";
import { createPrismaClient, type ProductsPrisma } from "./repositories/prisma-client";
import { seedDemoCatalogue } from "./seed";
import { createServer } from "./server";

const ADMIN: Caller = { userId: randomUUID(), role: "ADMIN" };
const CUSTOMER: Caller = { userId: randomUUID(), role: "CUSTOMER" };

let prisma: ProductsPrisma;
let app: RunningApp;
let subgraph: ServedSubgraph<ProductsPrisma>;

beforeAll(async () => {
  subgraph = await serveSubgraph("products", { createPrismaClient, createServer });
  ({ prisma, app } = subgraph);
  await seedDemoCatalogue(prisma);
});

afterAll(async () => {
  await subgraph?.close();
});

interface ProductView {
  id: string;
  sku: string;
  name: string;
  description: string;
  weightGrams: number;
  price: { cents: number; formatted: string };
  category: { slug: string };
}

const FIELDS = `id sku name description weightGrams price { cents formatted } category { slug }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { ${FIELDS} } }`;

const kitchen = DEMO_CATEGORIES.find((category) => category.slug === "kitchen")!;

async function freshProduct(): Promise<string> {
  const product = await prisma.product.create({
    data: { sku: `UPD-${randomUUID().slice(0, 8)}`, name: "Teapot", description: "Cast iron", priceCents: 3900, weightGrams: 1400, categoryId: kitchen.id },
  });
  return product.id;
}

const update = (id: string, input: Record<string, unknown>, caller: Caller | null = ADMIN) =>
  postSigned<{ updateProduct: ProductView }>(app.graphqlUrl, UPDATE, { id, input }, caller);

const rowOf = (id: string) =>
  prisma.product.findUniqueOrThrow({ where: { id }, select: { name: true, description: true, priceCents: true, weightGrams: true, categoryId: true } });

describe("Mutation.updateProduct", () => {
  it("changes price, name, weight and category, and every later read sees the change", async () => {
    const id = await freshProduct();
    const { body } = await update(id, { name: "  Teapot XL ", priceCents: 4500, weightGrams: 2100, categorySlug: "outdoor" });
    expect(body.errors).toBeUndefined();
    expect(body.data?.updateProduct).toMatchObject({
      id,
      name: "Teapot XL",
      description: "Cast iron",
      weightGrams: 2100,
      price: { cents: 4500, formatted: "$45.00" },
      category: { slug: "outdoor" },
    });
    const read = await postSigned<{ product: ProductView }>(app.graphqlUrl, `query ($id: ID!) { product(id: $id) { ${FIELDS} } }`, { id });
    expect(read.body.data?.product).toEqual(body.data?.updateProduct);
    // Representations the orders subgraph resolves (carts, checkout) read the same row.
    const entity = await postSigned<{ _entities: Array<{ price: { cents: number }; weightGrams: number }> }>(
      app.graphqlUrl,
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Product { price { cents } weightGrams } } }`,
      { reps: [{ __typename: "Product", id }] },
    );
    expect(entity.body.data?._entities).toEqual([{ price: { cents: 4500 }, weightGrams: 2100 }]);
  });

  it("leaves fields that are left out or null as they are, and answers an empty input with the product unchanged", async () => {
    const id = await freshProduct();
    const before = await rowOf(id);
    expect((await update(id, { description: null, name: null })).body.data?.updateProduct).toMatchObject({ name: "Teapot", description: "Cast iron" });
    expect((await update(id, {})).body.data?.updateProduct).toMatchObject({ id, name: "Teapot", price: { cents: 3900 } });
    expect(await rowOf(id)).toEqual(before);
    expect((await update(id, { description: "" })).body.data?.updateProduct.description).toBe("");
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["a negative price", { priceCents: -1 }, "priceCents"],
    ["a negative weight", { weightGrams: -1 }, "weightGrams"],
    ["a blank name", { name: "  " }, "name"],
    ["a NUL in the name", { name: "Tea\u0000pot" }, "name"],
    ["a lone surrogate in the description", { description: "\uD800" }, "description"],
    ["a huge name", { name: "N".repeat(100_000) }, "name"],
    ["an unknown category", { categorySlug: "no-such-category" }, "categorySlug"],
  ])("refuses %s with BAD_USER_INPUT naming the field, and changes nothing", async (_case, input, field) => {
    const id = await freshProduct();
    const before = await rowOf(id);
    const { body } = await update(id, { priceCents: 100, ...input });
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions).toEqual({ code: "BAD_USER_INPUT", field });
    expect(await rowOf(id)).toEqual(before);
  });

  it.each([
    ["an unknown id", () => randomUUID()],
    ["an id that is not a uuid", () => "product-1"],
  ])("answers NOT_FOUND for %s, also for an empty input", async (_case, idOf) => {
    for (const input of [{ priceCents: 100 }, {}]) {
      const { body } = await update(idOf(), input);
      expect(body.data).toBeNull();
      expect(body.errors?.[0]?.extensions).toEqual({ code: "NOT_FOUND" });
    }
  });

  it.each([
    ["an anonymous caller", null, "UNAUTHENTICATED"],
    ["a customer", CUSTOMER, "FORBIDDEN"],
  ])("refuses %s with %s and changes nothing", async (_case, caller, code) => {
    const id = await freshProduct();
    const before = await rowOf(id);
    const { body } = await update(id, { priceCents: 1 }, caller);
    expect(body.errors?.[0]?.extensions).toEqual({ code });
    expect(await rowOf(id)).toEqual(before);
  });
});
