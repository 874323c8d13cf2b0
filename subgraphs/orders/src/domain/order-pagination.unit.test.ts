import { randomUUID } from "node:crypto";
import { encodeCursor } from "../../../../packages/pagination";
import { decodeOrderCursor, orderCursorValues, orderPageRequest, toOrderConnection } from "./order-pagination";

describe("order cursors", () => {
  it("round-trip an order's creation time (to the millisecond) and id", () => {
    const order = { createdAt: new Date("2026-11-23T10:11:12.345Z"), id: randomUUID() };
    expect(decodeOrderCursor(encodeCursor(orderCursorValues(order)))).toEqual(order);
  });

  it("mean the first page when absent", () => {
    expect(decodeOrderCursor(undefined)).toBeNull();
    expect(decodeOrderCursor(null)).toBeNull();
  });

  it.each([
    ["garbage", "%%%not-a-cursor"],
    ["the wrong number of values", encodeCursor([new Date().toISOString()])],
    ["a time that is not a time", encodeCursor(["yesterday", randomUUID()])],
    ["an id that is not a uuid", encodeCursor([new Date().toISOString(), "42"])],
    ["a number for the time", encodeCursor([42, randomUUID()])],
  ])("refuses %s with BAD_USER_INPUT on `after`", (_case, cursor) => {
    expect(() => decodeOrderCursor(cursor)).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT", field: "after" }));
  });
});

describe("order pages", () => {
  const orders = [0, 1, 2].map((n) => ({ createdAt: new Date(Date.UTC(2026, 10, 23, 12, 0, 0) - n * 1000), id: randomUUID() }));

  it.each([-1, 101, 2.5])("refuse first = %p with BAD_USER_INPUT", (first) => {
    expect(() => orderPageRequest(first, null)).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT", field: "first" }));
  });

  it("end with the cursor of their last order and tell whether more follow", () => {
    const page = toOrderConnection(orders, 2, 3);
    expect(page.edges.map((edge) => edge.node)).toEqual(orders.slice(0, 2));
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: page.edges[1]?.cursor });
    expect(orderPageRequest(2, page.pageInfo.endCursor)).toEqual({ first: 2, after: orders[1] });
    expect(toOrderConnection(orders.slice(2), 2, 3).pageInfo.hasNextPage).toBe(false);
  });
});
