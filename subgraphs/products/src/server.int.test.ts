import { randomUUID } from "node:crypto";
import { DEMO_CATEGORIES, DEMO_PRODUCTS } from "../../../packages/demo-catalogue";
import type { Caller } from "../../../packages/identity";
import { encodeCursor } from "../../../packages/pagination";
import { postSigned, type RunningApp, serveSubgraph, type ServedSubgraph } from "../../../packages/testing";
import { createPrismaClient, type ProductsPrisma } from "./repositories/prisma-client";
import { DEMO_CATALOGUE_CREATED_AT, seedDemoCatalogue } from "./seed";
import { createServer } from "./server";

const ADMIN: Caller = { userId: randomUUID(), role: "ADMIN" };
const CUSTOMER: Caller = { userId: randomUUID(), role: "CUSTOMER" };

type Sort = "NEWEST" | "PRICE_ASC" | "PRICE_DESC" | "NAME_ASC";
const SORTS: Sort[] = ["NEWEST", "PRICE_ASC", "PRICE_DESC", "NAME_ASC"];

/** The order each sort must produce, written as plain SQL independently of the code under test. */
const ORDER_BY_SQL: Record<Sort, string> = {
  NEWEST: "created_at DESC, id DESC",
  PRICE_ASC: "price_cents ASC, id ASC",
  PRICE_DESC: "price_cents DESC, id DESC",
  NAME_ASC: "name ASC, id ASC",
};

/** Rows that tie with each other (and with demo rows) on every sort key, so only the id tiebreak orders them. */
const TIE_COUNT = 4;
const TIE_CREATED_AT = new Date(DEMO_CATALOGUE_CREATED_AT.getTime() - 3 * 60_000);

let prisma: ProductsPrisma;
let app: RunningApp;
let subgraph: ServedSubgraph<ProductsPrisma>;

beforeAll(async () => {
  subgraph = await serveSubgraph("products", { createPrismaClient, createServer });
  ({ prisma, app } = subgraph);
  await seedDemoCatalogue(prisma);
  const outdoor = DEMO_CATEGORIES.find((category) => category.slug === "outdoor")!;
  await prisma.product.createMany({
    data: Array.from({ length: TIE_COUNT }, (_, n) => ({
      sku: `TIE-${n + 1}`,
      name: "Tie Breaker",
      description: "Ties with other rows on every sort key.",
      priceCents: 4200,
      weightGrams: 100,
      categoryId: outdoor.id,
      createdAt: TIE_CREATED_AT,
    })),
  });
});

afterAll(async () => {
  await subgraph?.close();
});

interface ProductNode {
  id: string;
  sku: string;
  name: string;
  createdAt: string;
  price: { cents: number };
}

interface ProductPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: Array<{ cursor: string; node: ProductNode }>;
}

const PAGE_FIELDS = `totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id sku name createdAt price { cents } } }`;
const PRODUCTS = `query ($filter: ProductFilter, $sort: ProductSort, $first: Int, $after: String) {
  products(filter: $filter, sort: $sort, first: $first, after: $after) { ${PAGE_FIELDS} }
}`;
const CATEGORY_PRODUCTS = `query ($reps: [_Any!]!, $first: Int, $after: String) {
  _entities(representations: $reps) { ... on Category { products(first: $first, after: $after) { ${PAGE_FIELDS} } } }
}`;

const listProducts = (variables: Record<string, unknown>) => postSigned<{ products: ProductPage }>(app.graphqlUrl, PRODUCTS, variables);

async function productPage(variables: Record<string, unknown>): Promise<ProductPage> {
  const { body } = await listProducts(variables);
  expect(body.errors).toBeUndefined();
  return body.data!.products;
}

async function categoryPage(categoryId: string, variables: Record<string, unknown>): Promise<ProductPage> {
  const { body } = await postSigned<{ _entities: Array<{ products: ProductPage }> }>(app.graphqlUrl, CATEGORY_PRODUCTS, {
    reps: [{ __typename: "Category", id: categoryId }],
    ...variables,
  });
  expect(body.errors).toBeUndefined();
  return body.data!._entities[0]!.products;
}

const MAX_PAGES = 50;

/** Follows `after` until hasNextPage is false, checking each page's shape on the way. */
async function walkPages(fetchPage: (after: string | null) => Promise<ProductPage>, first: number) {
  const nodes: ProductNode[] = [];
  const totalCounts = new Set<number>();
  let after: string | null = null;
  for (let pages = 1; pages <= MAX_PAGES; pages += 1) {
    const page = await fetchPage(after);
    totalCounts.add(page.totalCount);
    expect(page.edges.length).toBeLessThanOrEqual(first);
    if (page.pageInfo.hasNextPage) expect(page.edges).toHaveLength(first);
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
    nodes.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage) return { nodes, totalCounts: [...totalCounts], pages };
    after = page.pageInfo.endCursor;
  }
  throw new Error(`still more pages after ${MAX_PAGES}`);
}

async function idsInOrder(sort: Sort): Promise<string[]> {
  const rows = await prisma.$queryRawUnsafe<Array<{ id: string }>>(`SELECT id::text AS id FROM products ORDER BY ${ORDER_BY_SQL[sort]}`);
  return rows.map((row) => row.id);
}

function errorOf(body: { errors?: Array<{ extensions?: Record<string, unknown> }> }) {
  return body.errors?.[0]?.extensions;
}

const demo = (sku: string) => DEMO_PRODUCTS.find((product) => product.sku === sku)!;
const skusOf = (nodes: ProductNode[]) => nodes.map((node) => node.sku);

describe("Query.product", () => {
  it("returns a product with its price, category and creation time", async () => {
    const earbuds = demo("EL-1001");
    const { body } = await postSigned(app.graphqlUrl, `query ($id: ID!) {
      product(id: $id) { id sku name description weightGrams createdAt price { cents currency formatted } category { id slug name } }
    }`, { id: earbuds.id });
    expect(body.errors).toBeUndefined();
    expect(body.data?.product).toEqual({
      id: earbuds.id,
      sku: "EL-1001",
      name: "Wireless Earbuds",
      description: earbuds.description,
      weightGrams: 60,
      createdAt: DEMO_CATALOGUE_CREATED_AT.toISOString(),
      price: { cents: 7999, currency: "USD", formatted: "$79.99" },
      category: { id: DEMO_CATEGORIES.find((category) => category.slug === "electronics")!.id, slug: "electronics", name: "Electronics" },
    });
  });

  it.each([
    ["an unknown id", randomUUID()],
    ["a malformed id", "not-a-uuid"],
    ["an id made to break SQL", "1'; DROP TABLE products; --"],
  ])("answers null without an error for %s", async (_case, id) => {
    const { body } = await postSigned(app.graphqlUrl, `query ($id: ID!) { product(id: $id) { id } }`, { id });
    expect(body).toEqual({ data: { product: null } });
  });
});

describe("Query.products pagination", () => {
  const cases = SORTS.flatMap((sort) => [2, 17].map((first) => [sort, first] as const));

  it.each(cases)("walks every %s page of %i without duplicates or gaps, in order", async (sort, first) => {
    const expected = await idsInOrder(sort);
    const { nodes, totalCounts, pages } = await walkPages((after) => productPage({ sort, first, after }), first);
    expect(nodes.map((node) => node.id)).toEqual(expected);
    expect(new Set(nodes.map((node) => node.id)).size).toBe(nodes.length);
    expect(totalCounts).toEqual([DEMO_PRODUCTS.length + TIE_COUNT]);
    expect(pages).toBe(Math.max(1, Math.ceil(expected.length / first)));
  });

  it("lists NEWEST in seeding order, since the seed spaces creation times a minute apart", async () => {
    const page = await productPage({ first: 3 });
    expect(skusOf(page.edges.map((edge) => edge.node))).toEqual(DEMO_PRODUCTS.slice(0, 3).map((product) => product.sku));
  });

  it("orders prices and names by their keys", async () => {
    const ascending = (await walkPages((after) => productPage({ sort: "PRICE_ASC", first: 100, after }), 100)).nodes;
    const cents = ascending.map((node) => node.price.cents);
    expect(cents).toEqual([...cents].sort((a, b) => a - b));
    const byName = (await productPage({ sort: "NAME_ASC", first: 2 })).edges.map((edge) => edge.node.name);
    expect(byName).toEqual(["27-inch Monitor", "A Field Guide to Mushrooms"]);
  });

  it("answers first: 0 with no edges but the count and a next page", async () => {
    const page = await productPage({ first: 0 });
    expect(page).toEqual({ totalCount: DEMO_PRODUCTS.length + TIE_COUNT, pageInfo: { hasNextPage: true, endCursor: null }, edges: [] });
  });

  it.each([101, -1])("refuses first: %i with BAD_USER_INPUT", async (first) => {
    const { body } = await listProducts({ first });
    expect(errorOf(body)).toEqual({ code: "BAD_USER_INPUT", field: "first" });
  });

  it.each([
    ["garbage", () => "definitely-not-a-cursor"],
    ["a cursor from another sort", () => encodeCursor(["PRICE_ASC", 4200, demo("KT-3002").id])],
    ["a cursor with a malformed id", () => encodeCursor(["NEWEST", DEMO_CATALOGUE_CREATED_AT.toISOString(), "x"])],
  ])("refuses %s with BAD_USER_INPUT", async (_case, cursor) => {
    const { body } = await listProducts({ sort: "NEWEST", first: 5, after: cursor() });
    expect(body.data).toBeNull();
    expect(errorOf(body)).toEqual({ code: "BAD_USER_INPUT", field: "after" });
  });
});

describe("Query.products filters", () => {
  it.each([
    ["part of a name in another case", "earBUDS", ["EL-1001"]],
    ["a description word", "GLARE-free", ["EL-1007"]],
    ["part of a SKU in lower case", "kt-300", DEMO_PRODUCTS.filter((product) => product.sku.startsWith("KT-300")).map((product) => product.sku)],
    ["LIKE wildcards, which match only themselves", "%", []],
  ])("searches by %s", async (_case, search, skus) => {
    const page = await productPage({ filter: { search }, sort: "NAME_ASC", first: 100 });
    expect(skusOf(page.edges.map((edge) => edge.node)).sort()).toEqual([...skus].sort());
    expect(page.totalCount).toBe(skus.length);
  });

  it("filters by category and answers an unknown slug with an empty page", async () => {
    const books = await productPage({ filter: { categorySlug: "books" }, first: 100 });
    const bookSkus = DEMO_PRODUCTS.filter((product) => product.categorySlug === "books").map((product) => product.sku);
    expect(skusOf(books.edges.map((edge) => edge.node))).toEqual(bookSkus);
    expect(books.totalCount).toBe(bookSkus.length);
    const none = await productPage({ filter: { categorySlug: "no-such-category" }, first: 10 });
    expect(none).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
  });

  it("filters by a price range, both bounds included", async () => {
    const page = await productPage({ filter: { minPriceCents: 2200, maxPriceCents: 2500 }, sort: "PRICE_ASC", first: 100 });
    const expected = DEMO_PRODUCTS.filter((product) => product.priceCents >= 2200 && product.priceCents <= 2500)
      .sort((a, b) => a.priceCents - b.priceCents)
      .map((product) => product.sku);
    expect(expected).toEqual(["BK-2006", "KT-3007", "BK-2005", "KT-3005"]);
    expect(skusOf(page.edges.map((edge) => edge.node))).toEqual(expected);
  });

  it("pages through a filtered listing with the filter's count", async () => {
    const filter = { categorySlug: "kitchen", minPriceCents: 2000 };
    const { nodes, totalCounts } = await walkPages((after) => productPage({ filter, sort: "PRICE_DESC", first: 3, after }), 3);
    const expected = DEMO_PRODUCTS.filter((product) => product.categorySlug === "kitchen" && product.priceCents >= 2000)
      .sort((a, b) => b.priceCents - a.priceCents)
      .map((product) => product.sku);
    expect(skusOf(nodes)).toEqual(expected);
    expect(totalCounts).toEqual([expected.length]);
  });

  it.each([
    ["a negative minimum price", { minPriceCents: -1 }, "minPriceCents"],
    ["a negative maximum price", { maxPriceCents: -100 }, "maxPriceCents"],
    ["a minimum above the maximum", { minPriceCents: 5000, maxPriceCents: 1000 }, "minPriceCents"],
  ])("refuses %s with BAD_USER_INPUT", async (_case, filter, field) => {
    const { body } = await listProducts({ filter });
    expect(errorOf(body)).toEqual({ code: "BAD_USER_INPUT", field });
  });
});

describe("categories", () => {
  it("lists categories by name", async () => {
    const { body } = await postSigned<{ categories: Array<{ slug: string }> }>(app.graphqlUrl, "{ categories { id slug name } }");
    const expected = [...DEMO_CATEGORIES].sort((a, b) => a.name.localeCompare(b.name));
    expect(body.data?.categories).toEqual(expected);
  });

  it("pages through a category's products, newest first", async () => {
    const books = DEMO_CATEGORIES.find((category) => category.slug === "books")!;
    const { nodes, totalCounts } = await walkPages((after) => categoryPage(books.id, { first: 3, after }), 3);
    // Seeded creation times fall a minute apart in catalogue order, so newest first is catalogue order.
    expect(skusOf(nodes)).toEqual(DEMO_PRODUCTS.filter((product) => product.categorySlug === "books").map((product) => product.sku));
    expect(totalCounts).toEqual([7]);
  });

  it("counts each category's products from Query.categories", async () => {
    const { body } = await postSigned<{ categories: Array<{ id: string; products: { totalCount: number; edges: unknown[] } }> }>(
      app.graphqlUrl,
      "{ categories { id products(first: 2) { totalCount edges { node { id } } } } }",
    );
    for (const category of body.data!.categories) {
      expect(category.products.totalCount).toBe(await prisma.product.count({ where: { categoryId: category.id } }));
      expect(category.products.edges).toHaveLength(2);
    }
  });

  it("refuses a category page of more than 100", async () => {
    const { body } = await postSigned(app.graphqlUrl, CATEGORY_PRODUCTS, { reps: [{ __typename: "Category", id: DEMO_CATEGORIES[0]!.id }], first: 101 });
    expect(errorOf(body)).toEqual({ code: "BAD_USER_INPUT", field: "first" });
  });
});

const CREATE_PRODUCT = `mutation ($input: CreateProductInput!) {
  createProduct(input: $input) { id sku name description weightGrams createdAt price { cents formatted } category { slug } }
}`;

const newProduct = (change: Record<string, unknown> = {}) => ({
  sku: `NEW-${randomUUID().slice(0, 8)}`,
  name: "Milk Frother",
  description: "Froths milk in thirty seconds.",
  priceCents: 2599,
  weightGrams: 300,
  categorySlug: "kitchen",
  ...change,
});

describe("Mutation.createProduct", () => {
  it("lets an admin add a product that is then visible", async () => {
    const input = newProduct({ sku: " kt-9001 ", name: "  Pour-Over Kettle " });
    const { body } = await postSigned<{ createProduct: { id: string } }>(app.graphqlUrl, CREATE_PRODUCT, { input }, ADMIN);
    expect(body.errors).toBeUndefined();
    const created = body.data!.createProduct;
    expect(created).toMatchObject({
      sku: "KT-9001",
      name: "Pour-Over Kettle",
      weightGrams: 300,
      price: { cents: 2599, formatted: "$25.99" },
      category: { slug: "kitchen" },
    });
    const byId = await postSigned(app.graphqlUrl, `query ($id: ID!) { product(id: $id) { sku } }`, { id: created.id });
    expect(byId.body.data).toEqual({ product: { sku: "KT-9001" } });
    const found = await productPage({ filter: { search: "kt-9001" }, first: 5 });
    expect(found.edges.map((edge) => edge.node.id)).toEqual([created.id]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["a negative price", { priceCents: -1 }, "priceCents"],
    ["a price above the maximum", { priceCents: 2_000_000_000 }, "priceCents"],
    ["a negative weight", { weightGrams: -1 }, "weightGrams"],
    ["an empty SKU", { sku: "" }, "sku"],
    ["a blank SKU", { sku: "   " }, "sku"],
    ["an empty name", { name: "" }, "name"],
    ["a blank name", { name: "  " }, "name"],
    ["an unknown category", { categorySlug: "no-such-category" }, "categorySlug"],
    ["a duplicate SKU", { sku: "EL-1001" }, "sku"],
    ["a duplicate SKU in another case", { sku: "el-1001" }, "sku"],
  ])("refuses %s with BAD_USER_INPUT and writes nothing", async (_case, change, field) => {
    const before = await prisma.product.count();
    const { body } = await postSigned(app.graphqlUrl, CREATE_PRODUCT, { input: newProduct(change) }, ADMIN);
    expect(body.data).toBeNull();
    expect(errorOf(body)).toEqual({ code: "BAD_USER_INPUT", field });
    expect(await prisma.product.count()).toBe(before);
  });

  it.each([
    ["a price beyond a 32-bit integer", { priceCents: 2 ** 31 }],
    ["a fractional price", { priceCents: 12.5 }],
    ["a fractional weight", { weightGrams: 0.5 }],
  ])("refuses %s with BAD_USER_INPUT before any resolver runs", async (_case, change) => {
    const before = await prisma.product.count();
    const { body } = await postSigned(app.graphqlUrl, CREATE_PRODUCT, { input: newProduct(change) }, ADMIN);
    expect(errorOf(body)?.code).toBe("BAD_USER_INPUT");
    expect(await prisma.product.count()).toBe(before);
  });

  it.each([
    ["an anonymous caller", null, "UNAUTHENTICATED"],
    ["a customer", CUSTOMER, "FORBIDDEN"],
  ])("refuses %s with %s, even for valid input, and writes nothing", async (_case, caller, code) => {
    const before = await prisma.product.count();
    const { body } = await postSigned(app.graphqlUrl, CREATE_PRODUCT, { input: newProduct() }, caller);
    expect(body.data).toBeNull();
    expect(errorOf(body)).toEqual({ code });
    expect(await prisma.product.count()).toBe(before);
  });
});

describe("entities and batching", () => {
  const ENTITIES = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Product { id sku category { name } } } }`;

  async function resolveProducts(count: number) {
    const products = Array.from({ length: count }, (_, n) => DEMO_PRODUCTS[n % DEMO_PRODUCTS.length]!);
    subgraph.queries.count = 0;
    const { body } = await postSigned<{ _entities: Array<{ id: string; category: { name: string } }> }>(app.graphqlUrl, ENTITIES, {
      reps: products.map(({ id }) => ({ __typename: "Product", id })),
    });
    expect(body.errors).toBeUndefined();
    expect(body.data!._entities.map((entity) => entity.id)).toEqual(products.map((product) => product.id));
    return { entities: body.data!._entities, queries: subgraph.queries.count };
  }

  it("resolves 5 and 30 product references with their categories in the same number of SQL queries", async () => {
    const five = await resolveProducts(5);
    const thirty = await resolveProducts(30);
    expect(thirty.queries).toBe(five.queries);
    expect(five.queries).toBe(2); // one for the products, one for their categories
    const names = new Map(DEMO_CATEGORIES.map((category) => [category.slug, category.name]));
    thirty.entities.forEach((entity, n) => expect(entity.category.name).toBe(names.get(DEMO_PRODUCTS[n]!.categorySlug)));
  });

  it("answers unknown and malformed references with null in their place", async () => {
    const { body } = await postSigned(app.graphqlUrl, ENTITIES, {
      reps: [
        { __typename: "Product", id: randomUUID() },
        { __typename: "Product", id: "nope" },
        { __typename: "Product", id: demo("OD-4005").id },
      ],
    });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ _entities: [null, null, { id: demo("OD-4005").id, sku: "OD-4005", category: { name: "Outdoor" } }] });
  });
});

describe("seedDemoCatalogue", () => {
  it("changes nothing when it runs again", async () => {
    const snapshot = async () => ({
      categories: await prisma.category.findMany({ orderBy: { id: "asc" } }),
      products: await prisma.product.findMany({ orderBy: { id: "asc" } }),
    });
    const before = await snapshot();
    await seedDemoCatalogue(prisma);
    expect(await snapshot()).toEqual(before);
    const seeded = before.products.filter((product) => DEMO_PRODUCTS.some((demoProduct) => demoProduct.id === product.id));
    expect(seeded).toHaveLength(DEMO_PRODUCTS.length);
    expect(new Set(seeded.map((product) => product.createdAt.getTime())).size).toBe(DEMO_PRODUCTS.length);
  });
});
