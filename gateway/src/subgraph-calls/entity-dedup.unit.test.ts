import { parse } from "graphql";
import { dedupeRepresentations, isEntityFetch } from "./entity-dedup";

const product = (id: string) => ({ __typename: "Product", id });
const user = (id: string) => ({ __typename: "User", id });

describe("isEntityFetch", () => {
  it("knows the query plan's entity fetch by its $representations: [_Any!]!", () => {
    const entities = parse(`query Q__shipping__2($representations: [_Any!]!, $postalCode: String) {
      _entities(representations: $representations) { ... on Product { shippingEstimate(postalCode: $postalCode) { cents } } } }`);
    expect(isEntityFetch(entities)).toBe(true);
  });

  it("leaves root fetches, and a client variable that happens to be called representations, alone", () => {
    expect(isEntityFetch(parse(`query Q__products__0 { products(first: 2) { totalCount } }`))).toBe(false);
    expect(isEntityFetch(parse(`query ($representations: [String!]) { search(terms: $representations) { id } }`))).toBe(false);
    expect(isEntityFetch(parse(`mutation ($representations: [_Any!]!) { touch(all: $representations) }`))).toBe(false);
  });
});

describe("dedupeRepresentations", () => {
  it("sends each distinct representation once, in first-seen order, and keeps the other variables", () => {
    const representations = [product("p1"), user("u1"), product("p1"), product("p2"), user("u1"), product("p1")];
    const dedup = dedupeRepresentations({ representations, postalCode: "12345" })!;
    expect(dedup).toMatchObject({ planned: 6, sent: 3 });
    expect(dedup.variables).toEqual({ representations: [product("p1"), user("u1"), product("p2")], postalCode: "12345" });
  });

  it("takes representations that differ only in key order, @requires fields included, for one", () => {
    const dedup = dedupeRepresentations({
      representations: [
        { __typename: "Product", id: "p1", weightGrams: 500, dims: { w: 1, h: 2 } },
        { dims: { h: 2, w: 1 }, weightGrams: 500, id: "p1", __typename: "Product" },
        { __typename: "Product", id: "p1", weightGrams: 501, dims: { w: 1, h: 2 } },
        { __typename: "Category", id: "p1" },
      ],
    })!;
    expect(dedup.sent).toBe(3);
  });

  it("fans the entities back out to every position, each an object of its own, nulls included", () => {
    const dedup = dedupeRepresentations({ representations: [product("p1"), product("p2"), product("p1"), product("p3"), product("p2")] })!;
    const answer = { data: { _entities: [{ name: "Kettle", category: { id: "c1" } }, null, { name: "Skillet" }] } };
    const { data } = dedup.expand(answer);
    expect(data!._entities).toEqual([
      { name: "Kettle", category: { id: "c1" } },
      null,
      { name: "Kettle", category: { id: "c1" } },
      { name: "Skillet" },
      null,
    ]);
    const [first, , third] = data!._entities as Array<{ category: object }>;
    expect(third).not.toBe(first);
    expect(third!.category).not.toBe(first!.category);
    // The subgraph's answer itself is not changed.
    expect(answer.data._entities).toHaveLength(3);
  });

  it("repeats an error at every position of its representation, ordered by position, other errors first", () => {
    const dedup = dedupeRepresentations({ representations: [product("p1"), product("p2"), product("p1"), product("p2")] })!;
    const notFound = (index: number, field: string) => ({ message: "gone", path: ["_entities", index, field], extensions: { code: "NOT_FOUND" } });
    const { data, errors } = dedup.expand({
      data: { _entities: [null, { inventory: null }] },
      errors: [notFound(0, "name"), notFound(1, "inventory"), { message: "somewhere else" }, notFound(0, "price")],
    });
    expect(data!._entities).toEqual([null, { inventory: null }, null, { inventory: null }]);
    expect(errors).toEqual([
      { message: "somewhere else" },
      notFound(0, "name"),
      notFound(0, "price"),
      notFound(1, "inventory"),
      notFound(2, "name"),
      notFound(2, "price"),
      notFound(3, "inventory"),
    ]);
  });

  it("keeps a null data with its errors expanded, and leaves an answer of the wrong length to @apollo/gateway", () => {
    const dedup = dedupeRepresentations({ representations: [product("p1"), product("p1")] })!;
    const failed = { data: null, errors: [{ message: "boom", path: ["_entities", 0] }] };
    expect(dedup.expand(failed)).toEqual({
      data: null,
      errors: [
        { message: "boom", path: ["_entities", 0] },
        { message: "boom", path: ["_entities", 1] },
      ],
    });
    const tooLong = { data: { _entities: [{ id: "p1" }, { id: "p1" }] } };
    expect(dedup.expand(tooLong)).toBe(tooLong);
  });

  it("keeps fields of the answer other than data and errors", () => {
    const dedup = dedupeRepresentations({ representations: [product("p1"), product("p1")] })!;
    const answer = { data: { _entities: [{ name: "Kettle" }] }, extensions: { ftv1: "trace" } };
    expect(dedup.expand(answer)).toEqual({ data: { _entities: [{ name: "Kettle" }, { name: "Kettle" }] }, extensions: { ftv1: "trace" } });
  });

  it("passes variables and answers through untouched when nothing repeats", () => {
    const variables = { representations: [product("p1"), product("p2")] };
    const dedup = dedupeRepresentations(variables)!;
    expect(dedup).toMatchObject({ planned: 2, sent: 2 });
    expect(dedup.variables).toBe(variables);
    const answer = { data: { _entities: [null, null] }, errors: [{ message: "x", path: ["_entities", 1] }] };
    expect(dedup.expand(answer)).toBe(answer);
  });

  it("handles an empty list, and has nothing to do without representations", () => {
    expect(dedupeRepresentations({ representations: [] })).toMatchObject({ planned: 0, sent: 0 });
    expect(dedupeRepresentations({ first: 2 })).toBeUndefined();
    expect(dedupeRepresentations(undefined)).toBeUndefined();
  });
});
