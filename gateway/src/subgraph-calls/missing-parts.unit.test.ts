import { missingPartErrors } from "./missing-parts";

const MESSAGE = "subgraph inventory call failed (unreachable)";
const masked = (path: (string | number)[]) => ({ message: MESSAGE, path, extensions: { code: "INTERNAL_SERVER_ERROR" } });

describe("missingPartErrors", () => {
  it("names each root field of a failed root fetch, by its alias, without __typename", () => {
    const query = `query Q__products__0 { __typename list: products(first: 2) { totalCount } categories { id } }`;
    expect(missingPartErrors(query, undefined, {}, { message: MESSAGE })).toEqual([masked(["list"]), masked(["categories"])]);
  });

  it("names each field of each entity of a failed _entities fetch, by the entity's type", () => {
    const query = `query ($representations: [_Any!]!) { _entities(representations: $representations) {
      ... on Product { inventory { available } inStock }
      ... on Category { __typename name }
    } }`;
    const representations = [
      { __typename: "Product", id: "p1" },
      { __typename: "Category", id: "c1" },
      { __typename: "Product", id: "p2" },
    ];
    expect(missingPartErrors(query, undefined, { representations }, { message: MESSAGE })).toEqual([
      masked(["_entities", 0, "inventory"]),
      masked(["_entities", 0, "inStock"]),
      masked(["_entities", 1, "name"]),
      masked(["_entities", 2, "inventory"]),
      masked(["_entities", 2, "inStock"]),
    ]);
  });

  it("leaves out fields that @skip or @include drop for these variables", () => {
    const query = `query ($withStock: Boolean!, $noName: Boolean!) { me { id } stock @include(if: $withStock) { n } name @skip(if: $noName) }`;
    expect(missingPartErrors(query, undefined, { withStock: false, noName: true }, { message: MESSAGE })).toEqual([masked(["me"])]);
    expect(missingPartErrors(query, undefined, { withStock: true, noName: false }, { message: MESSAGE })).toEqual([masked(["me"]), masked(["stock"]), masked(["name"])]);
  });

  it("still gives one error, without a path, for a document with no operation", () => {
    expect(missingPartErrors(`fragment F on Product { id }`, undefined, {}, { message: MESSAGE })).toEqual([{ message: MESSAGE, extensions: { code: "INTERNAL_SERVER_ERROR" } }]);
  });

  it("keeps a failure's own code and extensions, such as an open breaker's SERVICE_UNAVAILABLE", () => {
    const failure = { message: "temporarily unavailable", extensions: { code: "SERVICE_UNAVAILABLE", requestId: "r-1" } };
    expect(missingPartErrors(`{ list { id } }`, undefined, {}, failure)).toEqual([{ message: failure.message, path: ["list"], extensions: failure.extensions }]);
  });
});
