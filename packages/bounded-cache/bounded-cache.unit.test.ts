import { BoundedCache } from ".";

describe("BoundedCache", () => {
  it("computes each key once, null and false included", () => {
    const cache = new BoundedCache<string | null>(10);
    let computed = 0;
    const get = (key: string) => cache.getOrCompute(key, () => (computed += 1, key === "none" ? null : key.toUpperCase()));
    expect([get("a"), get("a"), get("none"), get("none")]).toEqual(["A", "A", null, null]);
    expect(computed).toBe(2);
  });

  it("starts over once full, and still answers right", () => {
    const cache = new BoundedCache<number>(2);
    let computed = 0;
    const get = (key: string) => cache.getOrCompute(key, () => (computed += 1, key.length));
    get("a");
    get("bb");
    expect(get("ccc")).toBe(3);
    expect(computed).toBe(3);
    expect(get("a")).toBe(1);
    expect(computed).toBe(4);
  });
});
