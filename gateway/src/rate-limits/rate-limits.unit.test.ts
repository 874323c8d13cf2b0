import { composeSupergraph } from "../../../packages/schema-tools";
import { DEFAULT_EDGE_CONFIG } from "../edge-config";
import { builtInFieldRules, RateLimitReport, schemaFieldRules, windowSeconds } from ".";

const header = `extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@composeDirective"])
  @link(url: "https://shop.local/rate-limit/v1.0", import: ["@rateLimit"])
  @composeDirective(name: "@rateLimit")
directive @rateLimit(max: Int, window: String, message: String, identityArgs: [String], arrayLengthField: String) on FIELD_DEFINITION
`;

function supergraphOf(...sdls: string[]): string {
  const outcome = composeSupergraph(sdls.map((sdl, index) => ({ name: `s${index}`, routingUrl: `http://s${index}/graphql`, sdl })));
  if (!outcome.ok) throw new Error(outcome.errors.join("\n"));
  return outcome.supergraphSdl;
}

describe("@rateLimit windows", () => {
  it("reads graphql-rate-limit's short forms in whole seconds", () => {
    expect(windowSeconds("30s")).toBe(30);
    expect(windowSeconds("1m")).toBe(60);
    expect(windowSeconds("15m")).toBe(900);
    expect(windowSeconds("2h")).toBe(7200);
    expect(windowSeconds("1d")).toBe(86_400);
    expect(windowSeconds(undefined)).toBe(60);
  });

  it("refuses what it cannot read, rather than guessing", () => {
    expect(() => windowSeconds("soon")).toThrow(/window "soon"/);
    expect(() => windowSeconds("0s")).toThrow(/shorter than a second/);
  });
});

describe("@rateLimit declarations carried into the supergraph", () => {
  const supergraph = supergraphOf(
    `${header} type Query { search(text: String!): [String!] @rateLimit(max: 3, window: "1m") }
     type Mutation { invite(email: String!, input: [String!]): Boolean @rateLimit(max: 2, window: "10s", identityArgs: ["email"], arrayLengthField: "input", message: "Slow down") }`,
    `${header} type Query { other: String }`,
  );

  it("are read from the supergraph, mutations failing closed", () => {
    expect(schemaFieldRules(supergraph)).toEqual([
      { coordinate: "Mutation.invite", max: 2, windowSeconds: 10, identityArgs: ["email"], arrayLengthField: "input", per: "caller", failClosed: true, message: "Slow down" },
      { coordinate: "Query.search", max: 3, windowSeconds: 60, identityArgs: [], per: "caller", failClosed: false },
    ]);
  });

  it("are none when no subgraph declares any", () => {
    expect(schemaFieldRules(supergraphOf(`${header} type Query { a: String }`))).toEqual([]);
  });

  it("stop the gateway from starting when malformed", () => {
    expect(() => schemaFieldRules(supergraphOf(`${header} type Query { a: String @rateLimit(max: 0) }`))).toThrow(/Query.a: max/);
    expect(() => schemaFieldRules(supergraphOf(`${header} type Query { a: String @rateLimit(window: "often") }`))).toThrow(/window "often"/);
  });
});

describe("the gateway's own sign-in limits", () => {
  it("limit logIn per address and email, signUp and refreshToken per address, changePassword per user, failing closed", () => {
    expect(builtInFieldRules(DEFAULT_EDGE_CONFIG.rateLimits)).toEqual([
      { coordinate: "Mutation.logIn", max: 10, windowSeconds: 60, identityArgs: ["email"], per: "address", failClosed: true },
      { coordinate: "Mutation.signUp", max: 10, windowSeconds: 60, identityArgs: [], per: "address", failClosed: true },
      { coordinate: "Mutation.refreshToken", max: 30, windowSeconds: 60, identityArgs: [], per: "address", failClosed: true },
      { coordinate: "Mutation.changePassword", max: 5, windowSeconds: 60, identityArgs: [], per: "caller", failClosed: true },
    ]);
  });
});

describe("the X-RateLimit-* headers of an answer", () => {
  function reportOf(...readings: Array<[limit: number, remaining: number, resetMs: number]>): RateLimitReport {
    const report = new RateLimitReport();
    for (const [limit, remaining, resetMs] of readings) report.record({ limit, remaining, resetMs });
    return report;
  }

  it("are none when no limit counted", () => {
    expect(reportOf().headers()).toEqual([]);
  });

  it("give the limit, what is left and the seconds until the window resets, rounded up", () => {
    expect(reportOf([60, 59, 59_001]).headers()).toEqual([
      ["x-ratelimit-limit", "60"],
      ["x-ratelimit-remaining", "59"],
      ["x-ratelimit-reset", "60"],
    ]);
  });

  it("report the limit with the fewest points left when several counted", () => {
    expect(reportOf([100, 90, 50_000], [10, 3, 20_000], [5, 4, 60_000]).headers()).toEqual([
      ["x-ratelimit-limit", "10"],
      ["x-ratelimit-remaining", "3"],
      ["x-ratelimit-reset", "20"],
    ]);
  });

  it("of limits equally spent, report the one that resets last", () => {
    expect(reportOf([10, 0, 5_000], [3, 0, 40_000]).mostRestrictive()).toEqual({ limit: 3, remaining: 0, resetMs: 40_000 });
  });
});
