import { missingPrerequisites, type MachineFacts } from "./test-prerequisites";

const READY: MachineFacts = {
  nodeVersion: "v20.20.2",
  postgresVersionNum: 150019,
  redisServerVersion: "7.0.15",
  procFilesystem: true,
  serviceProblems: [],
};

describe("npm test's prerequisites", () => {
  it("finds nothing missing on a machine that has everything", () => {
    expect(missingPrerequisites(READY)).toEqual([]);
  });

  it.each<[string, Partial<MachineFacts>, RegExp]>([
    ["an old Node.js", { nodeVersion: "v20.18.1" }, /Node\.js 20\.19 or newer.*v20\.18\.1/],
    ["an old PostgreSQL", { postgresVersionNum: 120017 }, /PostgreSQL 13 or newer.*server is 12/],
    ["no redis-server binary", { redisServerVersion: undefined }, /redis-server.*apt-get install redis-server/],
    ["an old redis-server", { redisServerVersion: "6.0.16" }, /redis-server 6\.2 or newer.*6\.0\.16/],
    ["no /proc", { procFilesystem: false }, /\/proc.*Linux/],
    ["an unreachable service", { serviceProblems: ["Redis at 127.0.0.1:6379 cannot be reached."] }, /Redis at 127\.0\.0\.1:6379/],
  ])("says in one line what to do about %s", (_, facts, expected) => {
    const missing = missingPrerequisites({ ...READY, ...facts });
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatch(expected);
    expect(missing[0]).not.toContain("\n");
  });

  it("accepts newer Node.js majors", () => {
    expect(missingPrerequisites({ ...READY, nodeVersion: "v22.1.0" })).toEqual([]);
  });
});
