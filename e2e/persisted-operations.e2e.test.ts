import { createHash, randomUUID } from "node:crypto";
import type { EdgeOverrides } from "../gateway/src/edge-config";
import { documentParses, operationDocuments } from "../gateway/src/metrics";
import manifest from "../operations/generated/persisted-operations.json";
import { SUPERGRAPH_SDL_PATH } from "../packages/schema-tools";
import { issueAccessToken } from "../packages/auth-token";
import { startGateway, startSupergraph, TEST_TOKEN_SETTINGS, type RunningGateway, type RunningSupergraph } from "../packages/testing";
import type { ProductsPrisma } from "../subgraphs/products/src/repositories/prisma-client";
import { seedDemoCatalogue } from "../subgraphs/products/src/seed";
import { liveClient, subscribe } from "./support/live-client";

// Persisted operations through the real gateway, with the products subgraph behind it: automatic persisted
// queries (register once, then the hash), the manifest's operations by hash with no registration, and
// PERSISTED_OPERATIONS=require, which runs nothing else. Limits hold for documents sent by hash.
let supergraph: RunningSupergraph;
const gateways: RunningGateway[] = [];

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const persisted = (name: string) => manifest.operations.find((operation) => operation.name === name)!;
const CATEGORIES = persisted("Categories");
const SEARCH = persisted("SearchProducts");

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

/** POSTs any body to a gateway's /graphql. */
async function post(graphqlUrl: string, body: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(graphqlUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Answer["body"] };
}

/** A GET as Apollo Client sends persisted queries (`extensions` as JSON text). */
async function get(graphqlUrl: string, params: Record<string, unknown>): Promise<Answer> {
  const search = new URLSearchParams(Object.entries(params).map(([key, value]): [string, string] => [key, typeof value === "string" ? value : JSON.stringify(value)]));
  const response = await fetch(`${graphqlUrl}?${search}`, { headers: { "apollo-require-preflight": "true" } });
  return { status: response.status, body: (await response.json()) as Answer["body"] };
}

const byHash = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });
const codeOf = (answer: Answer) => answer.body.errors?.[0]?.extensions?.code;

async function gatewayWith(edge: EdgeOverrides): Promise<string> {
  const gateway = await startGateway({
    supergraphPath: SUPERGRAPH_SDL_PATH,
    subgraphUrlOverrides: { products: supergraph.subgraphs.products!.app.graphqlUrl },
    redis: supergraph.redis,
    edge: { rateLimits: { enabled: false }, ...edge },
  });
  gateways.push(gateway);
  return gateway.gateway.graphqlUrl;
}

async function counted(metric: typeof documentParses | typeof operationDocuments, labels: Record<string, string> = {}): Promise<number> {
  const values = (await metric.get()).values.filter((value) =>
    Object.entries(labels).every(([key, label]) => (value.labels as Record<string, string | number | undefined>)[key] === label),
  );
  return values.reduce((sum, value) => sum + value.value, 0);
}

let allowUrl = "";

beforeAll(async () => {
  supergraph = await startSupergraph(["products"]);
  await seedDemoCatalogue(supergraph.subgraphs.products!.prisma as ProductsPrisma);
  allowUrl = supergraph.gateway.graphqlUrl;
}, 120_000);

afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.stop()));
  await supergraph?.stop();
});

describe("automatic persisted queries (PERSISTED_OPERATIONS=allow, the default)", () => {
  const query = "query AdHocSlugs { categories { slug } }";
  const hash = sha256(query);

  it("answers PERSISTED_QUERY_NOT_FOUND for an unknown hash, registers the document with its text, then runs it by hash", async () => {
    const unknown = await post(allowUrl, { extensions: byHash(hash) });
    expect(codeOf(unknown)).toBe("PERSISTED_QUERY_NOT_FOUND");

    const registered = await post(allowUrl, { query, extensions: byHash(hash) });
    expect(registered.body.errors).toBeUndefined();
    expect(registered.body.data?.categories).toEqual(expect.arrayContaining([expect.objectContaining({ slug: expect.any(String) })]));

    const again = await post(allowUrl, { extensions: byHash(hash) });
    expect(again.body).toEqual(registered.body);
    expect((await get(allowUrl, { extensions: byHash(hash) })).body).toEqual(registered.body);
  });

  it("keeps registrations in Redis, with a TTL, so every replica with the same limits knows them", async () => {
    const keys = await supergraph.redis.keys(`shop:apq:*:${hash}`);
    expect(keys).toHaveLength(1);
    expect(await supergraph.redis.ttl(keys[0]!)).toBeGreaterThan(3000);
    const replica = await gatewayWith({});
    expect((await post(replica, { extensions: byHash(hash) })).body.data?.categories).toBeDefined();
  });

  it("refuses a hash that is not the SHA-256 of the text sent with it, and registers nothing", async () => {
    const forged = sha256("{ __typename }");
    const answer = await post(allowUrl, { query, extensions: byHash(forged) });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]).toEqual({ message: "extensions.persistedQuery.sha256Hash is not the SHA-256 of the query sent", extensions: { code: "BAD_REQUEST" } });
    expect(codeOf(await post(allowUrl, { extensions: byHash(forged) }))).toBe("PERSISTED_QUERY_NOT_FOUND");
  });

  it("refuses another persisted-query version with a code, not an internal error", async () => {
    const answer = await post(allowUrl, { extensions: { persistedQuery: { version: 2, sha256Hash: hash } } });
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toBe("BAD_REQUEST");
  });
});

describe("the persisted-operation manifest", () => {
  it("runs a manifest operation by its hash alone, POST and GET, with no registration", async () => {
    expect(await supergraph.redis.keys(`shop:apq:*:${CATEGORIES.id}`)).toEqual([]);
    const before = await counted(operationDocuments, { source: "manifest" });
    const byPost = await post(allowUrl, { extensions: byHash(CATEGORIES.id) });
    expect(byPost.body.errors).toBeUndefined();
    expect((byPost.body.data?.categories as unknown[]).length).toBeGreaterThan(0);
    expect((await get(allowUrl, { extensions: byHash(CATEGORIES.id) })).body).toEqual(byPost.body);
    expect(await counted(operationDocuments, { source: "manifest" })).toBe(before + 2);
    // Sending the text with the hash registers nothing either: the manifest already has it.
    await post(allowUrl, { query: CATEGORIES.body, extensions: byHash(CATEGORIES.id) });
    expect(await supergraph.redis.keys(`shop:apq:*:${CATEGORIES.id}`)).toEqual([]);
  });

  it("runs a manifest operation by documentId (sha256:<id> or the bare id), POST and GET", async () => {
    const expected = await post(allowUrl, { query: CATEGORIES.body });
    expect((await post(allowUrl, { documentId: `sha256:${CATEGORIES.id}` })).body).toEqual(expected.body);
    expect((await post(allowUrl, { documentId: CATEGORIES.id })).body).toEqual(expected.body);
    expect((await get(allowUrl, { documentId: `sha256:${CATEGORIES.id}` })).body).toEqual(expected.body);
    const malformed = await post(allowUrl, { documentId: "Categories" });
    expect(malformed.status).toBe(400);
    expect(codeOf(malformed)).toBe("BAD_REQUEST");
  });

  it("parses and validates a document once: by text or by hash, later requests use Apollo's document cache", async () => {
    const variables = { search: "a", first: 3 };
    await post(allowUrl, { query: SEARCH.body, variables });
    const parses = await counted(documentParses);
    const byText = await post(allowUrl, { query: SEARCH.body, variables });
    const byHashAlone = await post(allowUrl, { extensions: byHash(SEARCH.id), variables });
    expect(byHashAlone.body).toEqual(byText.body);
    expect(byText.body.errors).toBeUndefined();
    expect(await counted(documentParses)).toBe(parses);
  });
});

describe("PERSISTED_OPERATIONS=require", () => {
  let requireUrl = "";
  beforeAll(async () => {
    requireUrl = await gatewayWith({ persistedOperations: { mode: "require" } });
  });

  it("refuses an ad-hoc document before any subgraph is called: OPERATION_NOT_ALLOWED, HTTP 400", async () => {
    supergraph.resetQueryCounts();
    const query = "{ categories { slug } }";
    for (const answer of [
      await post(requireUrl, { query }),
      await post(requireUrl, { query, extensions: byHash(sha256(query)) }),
      await post(requireUrl, { extensions: byHash(sha256(query)) }),
      await get(requireUrl, { query }),
    ]) {
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([
        { message: expect.stringMatching(/^Only persisted operations are run here/), extensions: { code: "OPERATION_NOT_ALLOWED" } },
      ]);
    }
    expect(supergraph.totalQueries()).toBe(0);
  });

  it("refuses an ad-hoc subscription over graphql-ws the same way", async () => {
    const client = liveClient(requireUrl, issueAccessToken(TEST_TOKEN_SETTINGS, { userId: randomUUID(), role: "CUSTOMER", sessionId: randomUUID() }).token);
    try {
      const adHoc = subscribe(client, "subscription { notificationAdded { id } }");
      expect(await adHoc.ended()).toEqual({
        kind: "errors",
        errors: [{ message: expect.stringMatching(/^Only persisted operations are run here/), extensions: { code: "OPERATION_NOT_ALLOWED" } }],
      });
    } finally {
      await client.dispose();
    }
  });

  it("still serves the development landing page (a GET with no document runs nothing)", async () => {
    const page = await fetch(requireUrl, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
  });

  it("runs the manifest's operations, by hash, by documentId and as their exact text", async () => {
    const expected = await post(allowUrl, { query: CATEGORIES.body });
    expect((await post(requireUrl, { extensions: byHash(CATEGORIES.id) })).body).toEqual(expected.body);
    expect((await get(requireUrl, { extensions: byHash(CATEGORIES.id) })).body).toEqual(expected.body);
    expect((await post(requireUrl, { documentId: `sha256:${CATEGORIES.id}` })).body).toEqual(expected.body);
    expect((await post(requireUrl, { query: CATEGORIES.body })).body).toEqual(expected.body);
  });
});

describe("limits hold for documents sent by hash", () => {
  it("applies the cost limit to a manifest operation sent by hash (the cost depends on the variables)", async () => {
    const strictUrl = await gatewayWith({ operationLimits: { maxCost: 100 } });
    const small = await post(strictUrl, { extensions: byHash(SEARCH.id), variables: { search: "a", first: 3 } });
    expect(small.body.errors).toBeUndefined();
    supergraph.resetQueryCounts();
    const large = await post(strictUrl, { extensions: byHash(SEARCH.id), variables: { search: "a", first: 100 } });
    expect(large.status).toBe(400);
    expect(codeOf(large)).toBe("QUERY_TOO_COMPLEX");
    expect(supergraph.totalQueries()).toBe(0);
  });

  it("never registers a document over the document limits, so its hash stays unknown", async () => {
    const deep = "query Deep { categories { products(first: 1) { edges { node { category { products(first: 1) { edges { node { category { products(first: 1) { edges { node { id } } } } } } } } } } } } }";
    const registering = await post(allowUrl, { query: deep, extensions: byHash(sha256(deep)) });
    expect(registering.status).toBe(400);
    expect(codeOf(registering)).toBe("QUERY_TOO_COMPLEX");
    expect(codeOf(await post(allowUrl, { extensions: byHash(sha256(deep)) }))).toBe("PERSISTED_QUERY_NOT_FOUND");
  });

  it("does not run by hash documents registered under other limits (the limits are part of the Redis key)", async () => {
    const query = "query Registered { categories { name } }";
    expect((await post(allowUrl, { query, extensions: byHash(sha256(query)) })).body.errors).toBeUndefined();
    const stricter = await gatewayWith({ operationLimits: { maxDepth: 1 } });
    expect(codeOf(await post(stricter, { extensions: byHash(sha256(query)) }))).toBe("PERSISTED_QUERY_NOT_FOUND");
    expect(codeOf(await post(stricter, { query, extensions: byHash(sha256(query)) }))).toBe("QUERY_TOO_COMPLEX");
  });
});
