import { decodeCursor, encodeCursor, MAX_CURSOR_LENGTH } from "./cursor";

const refusedField = (cursor: string) => {
  try {
    decodeCursor(cursor, 3);
  } catch (error) {
    expect(error).toMatchObject({ code: "BAD_USER_INPUT" });
    return (error as { field?: string }).field;
  }
  throw new Error("the cursor was accepted");
};

describe("decodeCursor", () => {
  it("reads back what encodeCursor wrote, line breaks and any script included", () => {
    const values = ["NAME_ASC", "Lampe \u202Eא\nzweite Zeile", 42];
    expect(decodeCursor(encodeCursor(values), 3)).toEqual(values);
  });

  // A cursor is client input: one forged to carry a NUL or a lone surrogate in a sort key would take it to SQL.
  it.each([
    ["a forged NUL in a sort key", encodeCursor(["NAME_ASC", "a\u0000b", "6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b"])],
    ["a forged lone surrogate in a sort key", Buffer.from('["NAME_ASC","\\ud800","x"]').toString("base64url")],
    ["a cursor longer than any we issue", "A".repeat(MAX_CURSOR_LENGTH + 1)],
    ["a NUL as the cursor", "\u0000"],
    ["a lone surrogate as the cursor", "\uD800"],
  ])("refuses %s as BAD_USER_INPUT on after", (_case, cursor) => {
    expect(refusedField(cursor)).toBe("after");
  });
});
