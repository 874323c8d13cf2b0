import { canonicalUuid, isUuid } from "./uuid";

describe("isUuid", () => {
  it("accepts uuids in either case", () => {
    expect(isUuid("6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b")).toBe(true);
    expect(isUuid("6F1C2A8E-3B4D-4E5F-8A9B-0C1D2E3F4A5B")).toBe(true);
  });

  it.each(["", "42", "6f1c2a8e3b4d4e5f8a9b0c1d2e3f4a5b", "6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5", "zf1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b", " 6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b"])(
    "refuses %p",
    (value) => expect(isUuid(value)).toBe(false),
  );
});

describe("canonicalUuid", () => {
  it("gives the lower-case form, and null for anything that is not a UUID", () => {
    expect(canonicalUuid("6F1C2A8E-3B4D-4E5F-8A9B-0C1D2E3F4A5B")).toBe("6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b");
    expect(canonicalUuid("not-a-uuid")).toBeNull();
  });
});
