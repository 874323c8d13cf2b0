import { createHash } from "node:crypto";
import { parse, print, type DocumentNode } from "graphql";
import * as typedDocuments from "../../../operations/generated/graphql";
import committedManifest from "../../../operations/generated/persisted-operations.json";
import { buildPersistedOperationManifest } from "./persisted-operations";

describe("buildPersistedOperationManifest", () => {
  const manifest = buildPersistedOperationManifest([
    parse(`fragment Price on Money { formatted }\nfragment Card on Product { id price { ...Price } }\nfragment Unused on Product { id }`),
    parse(`query Page($id: ID!) { product(id: $id) { ...Card } }`),
    parse(`mutation AddOne { restock(productId: "p", quantity: 1) { available } }`),
  ]);

  it("has one entry per operation, sorted by name, with its kind", () => {
    expect(manifest.format).toBe("apollo-persisted-query-manifest");
    expect(manifest.operations.map(({ name, type }) => [name, type])).toEqual([
      ["AddOne", "mutation"],
      ["Page", "query"],
    ]);
  });

  it("gives each body the operation and the fragments it uses, and the SHA-256 of that body as its id", () => {
    const page = manifest.operations.find((operation) => operation.name === "Page")!;
    expect(page.body).toBe(print(parse(`query Page($id: ID!) { product(id: $id) { ...Card } } fragment Price on Money { formatted } fragment Card on Product { id price { ...Price } }`)));
    expect(page.id).toBe(createHash("sha256").update(page.body).digest("hex"));
  });
});

describe("the committed manifest and typed documents", () => {
  const documents = Object.entries(typedDocuments).filter((entry): entry is [string, DocumentNode] => entry[0].endsWith("Document"));

  it("list the same operations", () => {
    expect(committedManifest.operations.map((operation) => `${operation.name}Document`).sort()).toEqual(documents.map(([name]) => name).sort());
  });

  it("agree on every body: a client sending a typed document sends the manifest's text", () => {
    for (const [name, document] of documents) {
      const entry = committedManifest.operations.find((operation) => `${operation.name}Document` === name)!;
      expect({ name, body: print(document) }).toEqual({ name, body: entry.body });
      expect(entry.id).toBe(createHash("sha256").update(entry.body).digest("hex"));
    }
  });
});
