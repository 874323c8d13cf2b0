import { checkServices } from "./preflight";

describe("the start-up preflight", () => {
  it("passes when PostgreSQL and Redis answer", async () => {
    expect(await checkServices({ POSTGRES_URL: "postgresql://postgres@127.0.0.1:5432", REDIS_URL: "redis://127.0.0.1:6379" })).toEqual([]);
  });

  it("names each server that cannot be reached and says how to start them", async () => {
    const problems = await checkServices({ POSTGRES_URL: "postgresql://postgres@127.0.0.1:1", REDIS_URL: "redis://127.0.0.1:1" });
    expect(problems).toEqual([
      expect.stringMatching(/^PostgreSQL at 127\.0\.0\.1:1 cannot be reached/),
      "Redis at 127.0.0.1:1 cannot be reached.",
      expect.stringContaining("docker compose up -d postgres redis"),
    ]);
  });
});
