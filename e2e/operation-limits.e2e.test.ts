import { seedDemoCatalogue } from "../subgraphs/products/src/seed";
import type { ProductsPrisma } from "../subgraphs/products/src/repositories/prisma-client";
import { SUPERGRAPH_SDL_PATH } from "../packages/schema-tools";
import { gatewayClient, startGateway, startSupergraph, type GatewayRequest, type RunningSupergraph } from "../packages/testing";
import { DEFAULT_EDGE_CONFIG } from "../gateway/src/edge-config";

// Operation limits through the gateway on the real supergraph, with the products subgraph behind it:
// what the limits refuse never reaches a subgraph (its SQL count stays 0), what a storefront sends passes.
let supergraph: RunningSupergraph;
let request: GatewayRequest;
const limits = DEFAULT_EDGE_CONFIG.operationLimits;

beforeAll(async () => {
  supergraph = await startSupergraph(["products"]);
  await seedDemoCatalogue(supergraph.subgraphs.products!.prisma as ProductsPrisma);
  request = gatewayClient(supergraph.gateway.graphqlUrl);
});

afterAll(async () => {
  await supergraph?.stop();
});

/** Sends an operation and expects it refused before planning for the named reason. */
async function expectTooComplex(query: string, reason: RegExp, variables: Record<string, unknown> = {}): Promise<void> {
  supergraph.resetQueryCounts();
  const { status, body } = await request(query, variables);
  expect(status).toBe(400);
  expect(body.data).toBeUndefined();
  expect(body.errors).toHaveLength(1);
  expect(body.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COMPLEX");
  expect(body.errors?.[0]?.message).toMatch(reason);
  expect(supergraph.totalQueries()).toBe(0);
}

const nested = (depth: number): string => (depth === 0 ? "id" : `category { products(first: 1) { edges { node { ${nested(depth - 1)} } } } }`);

describe("operations within the limits", () => {
  it("answers a storefront listing at the largest page size", async () => {
    const { status, body } = await request<{ products: { edges: unknown[] } }>(
      `query Browse($first: Int) { products(first: $first, sort: PRICE_ASC) { totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { id sku name price { cents formatted } category { slug name } } } } }`,
      { first: 100 },
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.products.edges.length).toBeGreaterThan(0);
  });

  it("does not count introspection against the limits (it is off in production)", async () => {
    const typeRef = (levels: number): string => (levels === 0 ? "kind name" : `kind name ofType { ${typeRef(levels - 1)} }`);
    const { status, body } = await request(`{ __schema { types { name fields { name type { ${typeRef(limits.maxDepth)} } } } } }`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  });
});

describe("operations beyond the limits are refused with QUERY_TOO_COMPLEX and HTTP 400", () => {
  it("refuses nesting deeper than the limit", async () => {
    await expectTooComplex(`{ products(first: 1) { edges { node { ${nested(3)} } } } }`, /nesting depth \(\d+\) exceeds the limit of 10/);
  });

  it("refuses more aliases than the limit, fragments counted where they are spread", async () => {
    const aliases = Array.from({ length: limits.maxAliases + 1 }, (_, index) => `c${index}: slug`).join(" ");
    await expectTooComplex(`{ categories { ${aliases} } }`, /number of aliases \(21\) exceeds the limit of 20/);
    // 2 aliases in the operation and 7 in a fragment spread 3 times: 23.
    const fragmentAliases = Array.from({ length: 7 }, (_, index) => `n${index}: name`).join(" ");
    await expectTooComplex(
      `{ categories { ...Names } more: categories { ...Names } again: categories { ...Names } } fragment Names on Category { ${fragmentAliases} }`,
      /number of aliases \(23\) exceeds the limit of 20/,
    );
  });

  it("refuses more root fields than the limit", async () => {
    const roots = Array.from({ length: limits.maxRootFields + 1 }, (_, index) => `r${index}: categories { slug }`).join(" ");
    await expectTooComplex(`{ ${roots} }`, /number of root fields \(16\) exceeds the limit of 15/);
  });

  it("refuses more directives than the limit", async () => {
    const fields = Array.from({ length: limits.maxDirectives + 1 }, () => "slug @include(if: true)").join(" ");
    await expectTooComplex(`{ categories { ${fields} } }`, /number of directives \(31\) exceeds the limit of 30/);
  });

  it("refuses documents with more tokens than the limit before parsing them", async () => {
    await expectTooComplex(`{ categories { ${"slug ".repeat(limits.maxTokens)} } }`, /number of tokens exceeds the limit of 2000/);
  });

  it("refuses a cost beyond the limit, page sizes multiplied through nesting, variables and defaults included", async () => {
    const perCategoryProducts = `query ($outer: Int, $inner: Int) { products(first: $outer) { edges { node { id
      category { products(first: $inner) { edges { node { id name } } } } } } } }`;
    await expectTooComplex(perCategoryProducts, /cost \(\d+\) exceeds the limit of 5000/, { outer: 100, inner: 100 });
    await expectTooComplex(perCategoryProducts, /cost \(\d+\) exceeds the limit of 5000/, { outer: 100 });
    const small = await request(perCategoryProducts, { outer: 2, inner: 2 });
    expect(small.status).toBe(200);
    expect(small.body.errors).toBeUndefined();
  });

  it("applies limits set in the configuration", async () => {
    const strict = await startGateway({
      supergraphPath: SUPERGRAPH_SDL_PATH,
      subgraphUrlOverrides: { products: supergraph.subgraphs.products!.app.graphqlUrl },
      redis: supergraph.redis,
      edge: { rateLimits: { enabled: false }, operationLimits: { maxDepth: 2 } },
    });
    try {
      const strictRequest = gatewayClient(strict.gateway.graphqlUrl);
      expect((await strictRequest("{ categories { slug } }")).status).toBe(200);
      const deep = await strictRequest("{ categories { products(first: 1) { totalCount } } }");
      expect(deep.status).toBe(400);
      expect(deep.body.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COMPLEX");
    } finally {
      await strict.stop();
    }
  });
});

describe("HTTP requests the gateway does not take", () => {
  const post = (body: string, headers: Record<string, string> = { "content-type": "application/json" }) =>
    fetch(supergraph.gateway.graphqlUrl, { method: "POST", headers, body });

  it("answers a body over 1 MB with HTTP 413 and a JSON error", async () => {
    const response = await post(JSON.stringify({ query: "{ categories { slug } }", variables: { padding: "x".repeat(DEFAULT_EDGE_CONFIG.maxBodyBytes) } }));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ errors: [{ message: expect.any(String), extensions: { code: "BAD_REQUEST" } }] });
  });

  it("refuses batched operations", async () => {
    const response = await post(JSON.stringify([{ query: "{ categories { slug } }" }, { query: "{ categories { name } }" }]));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/batching/i);
  });

  it("refuses requests a browser could send cross-site without a preflight (CSRF prevention)", async () => {
    const simplePost = await post(JSON.stringify({ query: "{ categories { slug } }" }), { "content-type": "text/plain" });
    expect(simplePost.status).toBe(400);
    const simpleGet = await fetch(`${supergraph.gateway.graphqlUrl}?query=${encodeURIComponent("{ categories { slug } }")}`);
    expect(simpleGet.status).toBe(400);
    expect(await simpleGet.text()).toMatch(/Cross-Site Request Forgery/);
    const preflighted = await fetch(`${supergraph.gateway.graphqlUrl}?query=${encodeURIComponent("{ categories { slug } }")}`, {
      headers: { "apollo-require-preflight": "true" },
    });
    expect(preflighted.status).toBe(200);
  });
});
