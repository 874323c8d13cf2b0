import { escapeLikePattern } from "./product-query";

describe("escapeLikePattern", () => {
  it("escapes LIKE's wildcards and its escape character so a search matches them literally", () => {
    expect(escapeLikePattern("50% off_now\\")).toBe("50\\% off\\_now\\\\");
  });

  it("leaves ordinary text alone", () => {
    expect(escapeLikePattern("Cast-Iron Skillet 26 cm")).toBe("Cast-Iron Skillet 26 cm");
  });
});
