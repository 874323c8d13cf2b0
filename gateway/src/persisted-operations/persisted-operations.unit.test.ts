import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type Redis from "ioredis";
import { createLogger } from "../../../packages/logging";
import { DEFAULT_EDGE_CONFIG } from "../edge-config";
import {
  admitPersistedOnly,
  documentIdHash,
  parsePersistedOperations,
  persistedOperations,
  persistedQueryStore,
  readPersistedOperations,
  registeredKeyPrefix,
  sentDocument,
  sha256Hex,
} from ".";

const logger = createLogger("gateway", "silent");
const MANIFEST_PATH = path.resolve(__dirname, "../../../operations/generated/persisted-operations.json");
const body = "query Me {\n  me {\n    id\n  }\n}";
const id = sha256Hex(body);
const manifestJson = { format: "apollo-persisted-query-manifest", version: 1, operations: [{ id, name: "Me", type: "query", body }] };
const manifest = parsePersistedOperations(manifestJson);

describe("the persisted-operation manifest", () => {
  it("reads the committed manifest: every operation by its id", () => {
    const operations = readPersistedOperations(MANIFEST_PATH);
    expect(operations.size).toBeGreaterThan(10);
    for (const [key, operation] of operations) expect(sha256Hex(operation.body)).toBe(key);
  });

  it("refuses an id that is not the SHA-256 of its body", () => {
    const forged = { ...manifestJson, operations: [{ id: sha256Hex("{ __typename }"), name: "Me", type: "query", body }] };
    expect(() => parsePersistedOperations(forged)).toThrow("the id of operation Me is not the SHA-256 of its body");
  });

  it("refuses another format or version", () => {
    expect(() => parsePersistedOperations({ ...manifestJson, version: 2 })).toThrow("apollo-persisted-query-manifest, version 1");
    expect(() => parsePersistedOperations({ operations: [] })).toThrow("apollo-persisted-query-manifest");
  });

  it("leaves out (and does not serve by hash) an operation over the document limits", () => {
    const deep = "query Deep {\n  a {\n    b {\n      c\n    }\n  }\n}";
    const file = { ...manifestJson, operations: [...manifestJson.operations, { id: sha256Hex(deep), name: "Deep", type: "query", body: deep }] };
    expect(parsePersistedOperations(file).size).toBe(2);
    const tmp = path.join(mkdtempSync(path.join(tmpdir(), "manifest-")), "persisted-operations.json");
    writeFileSync(tmp, JSON.stringify(file));
    const limits = { ...DEFAULT_EDGE_CONFIG.operationLimits, maxDepth: 2 };
    const setup = persistedOperations({ ...DEFAULT_EDGE_CONFIG.persistedOperations, manifestPath: tmp }, limits, {} as Redis, logger);
    expect([...setup.operations.values()].map((operation) => operation.name)).toEqual(["Me"]);
    // The served operations' texts skip the document limits in front of Apollo Server (checked here already).
    expect(setup.isServedManifestText(body)).toBe(true);
    expect(setup.isServedManifestText(deep)).toBe(false);
    expect(setup.isServedManifestText(`${body} `)).toBe(false);
  });
});

describe("what a request sends", () => {
  it("reads a POST body's query, persisted-query hash and documentId", () => {
    expect(sentDocument({ query: body, extensions: { persistedQuery: { version: 1, sha256Hash: id } } })).toEqual({ query: body, hash: id, version: 1 });
    expect(sentDocument({ documentId: `sha256:${id}` })).toEqual({ documentId: `sha256:${id}` });
  });

  it("reads a GET's extensions, sent as JSON text", () => {
    expect(sentDocument({ extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: id } }) })).toEqual({ hash: id, version: 1 });
    expect(sentDocument({ extensions: "{not json" })).toEqual({});
  });

  it("ignores fields of the wrong type and bodies that are not objects", () => {
    expect(sentDocument({ query: 42, extensions: { persistedQuery: { sha256Hash: {} } } })).toEqual({ version: null });
    expect(sentDocument([{ query: body }])).toEqual({});
    expect(sentDocument(undefined)).toEqual({});
  });

  it("takes a documentId with or without the sha256: prefix", () => {
    expect(documentIdHash(`sha256:${id}`)).toBe(id);
    expect(documentIdHash(id)).toBe(id);
    expect(documentIdHash("Me")).toBeNull();
    expect(documentIdHash(`sha256:${id.toUpperCase()}`)).toBeNull();
  });
});

describe("PERSISTED_OPERATIONS=require", () => {
  it("admits a manifest operation by hash, by documentId and by its exact text", () => {
    expect(admitPersistedOnly({ hash: id }, manifest)).toEqual({ allowed: true });
    expect(admitPersistedOnly({ documentId: `sha256:${id}` }, manifest)).toEqual({ allowed: true });
    expect(admitPersistedOnly({ query: body }, manifest)).toEqual({ allowed: true });
    expect(admitPersistedOnly({ query: body, hash: id }, manifest)).toEqual({ allowed: true });
  });

  it("refuses any other document, a hash that does not match its text, and an empty request", () => {
    expect(admitPersistedOnly({ query: "{ me { id } }" }, manifest)).toMatchObject({ allowed: false, reason: expect.stringContaining("not in the") });
    expect(admitPersistedOnly({ hash: sha256Hex("{ me { id } }") }, manifest)).toMatchObject({ allowed: false });
    expect(admitPersistedOnly({ query: "{ me { id } }", hash: id }, manifest)).toMatchObject({ allowed: false, reason: expect.stringContaining("not the SHA-256") });
    expect(admitPersistedOnly({ documentId: "Me" }, manifest)).toMatchObject({ allowed: false });
    expect(admitPersistedOnly({}, manifest)).toMatchObject({ allowed: false, reason: "no operation was sent" });
  });
});

/** An in-memory stand-in for the three ioredis calls the store makes. */
function fakeRedis(fail = false) {
  const data = new Map<string, { value: string; ttl: number }>();
  const calls: string[] = [];
  const redis = {
    async get(key: string) {
      calls.push(`get ${key}`);
      if (fail) throw new Error("redis down");
      return data.get(key)?.value ?? null;
    },
    async set(key: string, value: string, _ex: "EX", ttl: number) {
      calls.push(`set ${key}`);
      if (fail) throw new Error("redis down");
      data.set(key, { value, ttl });
      return "OK";
    },
    async del(key: string) {
      return data.delete(key) ? 1 : 0;
    },
  };
  return { redis: redis as unknown as Redis, data, calls };
}

const settings = { keyPrefix: "test:apq", ttlSeconds: 60, maxDocumentBytes: 100, memoryEntries: 2 };

describe("the persisted-query store Apollo Server looks hashes up in", () => {
  it("answers manifest hashes from the manifest, without Redis, and never registers them", async () => {
    const { redis, calls } = fakeRedis();
    const store = persistedQueryStore(manifest, { redis, settings }, logger);
    expect(await store.get(`apq:${id}`)).toBe(body);
    await store.set(`apq:${id}`, body);
    expect(calls).toEqual([]);
  });

  it("registers other documents in Redis with the TTL and prefix, and finds them from another replica", async () => {
    const { redis, data } = fakeRedis();
    const text = "{ me { id } }";
    const hash = sha256Hex(text);
    await persistedQueryStore(manifest, { redis, settings }, logger).set(`apq:${hash}`, text, { ttl: null });
    expect(data.get(`test:apq:${hash}`)).toEqual({ value: text, ttl: 60 });
    expect(await persistedQueryStore(manifest, { redis, settings }, logger).get(`apq:${hash}`)).toBe(text);
  });

  it("keeps recently used registered documents in memory in front of Redis", async () => {
    const { redis, calls } = fakeRedis();
    const store = persistedQueryStore(manifest, { redis, settings }, logger);
    const texts = ["{ a }", "{ b }", "{ c }"];
    for (const text of texts) await store.set(`apq:${sha256Hex(text)}`, text);
    calls.length = 0;
    expect(await store.get(`apq:${sha256Hex("{ c }")}`)).toBe("{ c }");
    expect(calls).toEqual([]);
    expect(await store.get(`apq:${sha256Hex("{ a }")}`)).toBe("{ a }"); // pushed out of memory (2 entries)
    expect(calls).toEqual([`get test:apq:${sha256Hex("{ a }")}`]);
  });

  it("does not register documents over the size limit, nor look up keys that are not SHA-256 hashes", async () => {
    const { redis, calls } = fakeRedis();
    const store = persistedQueryStore(manifest, { redis, settings }, logger);
    const large = `{ ${"a ".repeat(100)}}`;
    await store.set(`apq:${sha256Hex(large)}`, large);
    expect(await store.get("apq:../../etc")).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it("answers not found when Redis fails, so the client sends the text", async () => {
    const { redis } = fakeRedis(true);
    const store = persistedQueryStore(manifest, { redis, settings }, logger);
    await expect(store.set(`apq:${sha256Hex("{ x }")}`, "{ x }")).resolves.toBeUndefined();
    const other = persistedQueryStore(manifest, { redis, settings }, logger);
    await expect(other.get(`apq:${sha256Hex("{ x }")}`)).resolves.toBeUndefined();
  });

  it("without registration, knows only the manifest", async () => {
    const store = persistedQueryStore(manifest, null, logger);
    expect(await store.get(`apq:${id}`)).toBe(body);
    await store.set(`apq:${sha256Hex("{ y }")}`, "{ y }");
    expect(await store.get(`apq:${sha256Hex("{ y }")}`)).toBeUndefined();
  });
});

describe("the modes", () => {
  const setupFor = (overrides: Partial<typeof DEFAULT_EDGE_CONFIG.persistedOperations>) =>
    persistedOperations({ ...DEFAULT_EDGE_CONFIG.persistedOperations, manifestPath: MANIFEST_PATH, ...overrides }, DEFAULT_EDGE_CONFIG.operationLimits, fakeRedis().redis, logger);
  const committed = readPersistedOperations(MANIFEST_PATH);
  const [first] = committed.values();

  it("allow: the manifest and registrations", async () => {
    const setup = setupFor({ mode: "allow" });
    expect(setup.operations.size).toBe(committed.size);
    if (!setup.apollo) throw new Error("persisted queries are off");
    expect(await setup.apollo.cache.get(`apq:${first!.id}`)).toBe(first!.body);
    await setup.apollo.cache.set(`apq:${sha256Hex("{ z }")}`, "{ z }");
    expect(await setup.apollo.cache.get(`apq:${sha256Hex("{ z }")}`)).toBe("{ z }");
  });

  it("require: the manifest, and nothing is registered", async () => {
    const setup = setupFor({ mode: "require" });
    if (!setup.apollo) throw new Error("persisted queries are off");
    await setup.apollo.cache.set(`apq:${sha256Hex("{ z }")}`, "{ z }");
    expect(await setup.apollo.cache.get(`apq:${sha256Hex("{ z }")}`)).toBeUndefined();
  });

  it("off: no manifest; with APQ off as well, Apollo Server's persisted queries are off", () => {
    expect(setupFor({ mode: "off" }).operations.size).toBe(0);
    expect(setupFor({ mode: "off" }).apollo).not.toBe(false);
    expect(setupFor({ mode: "off", apqEnabled: false }).apollo).toBe(false);
  });
});

describe("registered documents and the document limits", () => {
  it("put the limits in the Redis key, so replicas with other limits do not share registrations", () => {
    const limits = DEFAULT_EDGE_CONFIG.operationLimits;
    expect(registeredKeyPrefix("shop:apq", limits)).toBe(registeredKeyPrefix("shop:apq", { ...limits }));
    expect(registeredKeyPrefix("shop:apq", limits)).not.toBe(registeredKeyPrefix("shop:apq", { ...limits, maxDepth: 5 }));
    expect(registeredKeyPrefix("shop:apq", limits)).toMatch(/^shop:apq:[0-9a-f]{12}$/);
  });
});
