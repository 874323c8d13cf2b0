import { startRedisServer, type RedisServerProcess } from "../packages/testing";
import { checkServices } from "./preflight";

// The servers every test machine runs (README "Run it"), and ports nothing listens on.
const POSTGRES = "postgresql://postgres@127.0.0.1:5432";
const REDIS = "redis://127.0.0.1:6379";
const NO_POSTGRES = "postgresql://postgres@127.0.0.1:1";
const NO_REDIS = "redis://127.0.0.1:1";

describe("the start-up preflight", () => {
  it("passes with the default URLs, which carry the password of docker-compose.yml's PostgreSQL", async () => {
    // A trust-auth server (as here) never asks for the password, so the default suits both.
    expect(await checkServices({})).toEqual([]);
    expect(await checkServices({ POSTGRES_URL: POSTGRES, REDIS_URL: REDIS })).toEqual([]);
  });

  it("names each server that does not answer and says how to start both", async () => {
    const problems = await checkServices({ POSTGRES_URL: NO_POSTGRES, REDIS_URL: NO_REDIS });
    expect(problems).toEqual([
      "PostgreSQL at 127.0.0.1:1 is not answering (connect ECONNREFUSED 127.0.0.1:1).",
      "Redis at 127.0.0.1:1 is not answering (connect ECONNREFUSED 127.0.0.1:1).",
      "Start PostgreSQL and Redis with `docker compose up -d postgres redis`, or point POSTGRES_URL / REDIS_URL at running servers (see .env.example).",
    ]);
  });

  it("suggests starting only PostgreSQL when Redis answers", async () => {
    const problems = await checkServices({ POSTGRES_URL: NO_POSTGRES, REDIS_URL: REDIS });
    expect(problems).toEqual([
      "PostgreSQL at 127.0.0.1:1 is not answering (connect ECONNREFUSED 127.0.0.1:1).",
      "Start PostgreSQL with `docker compose up -d postgres`, or point POSTGRES_URL at running servers (see .env.example).",
    ]);
  });

  it("suggests starting only Redis when PostgreSQL answers", async () => {
    const problems = await checkServices({ POSTGRES_URL: POSTGRES, REDIS_URL: NO_REDIS });
    expect(problems).toEqual([
      "Redis at 127.0.0.1:1 is not answering (connect ECONNREFUSED 127.0.0.1:1).",
      "Start Redis with `docker compose up -d redis`, or point REDIS_URL at running servers (see .env.example).",
    ]);
  });

  it("tells a PostgreSQL that refuses the credentials apart from one that is down, and does not suggest starting it", async () => {
    const problems = await checkServices({ POSTGRES_URL: "postgresql://no_such_role:secret@127.0.0.1:5432", REDIS_URL: REDIS });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^PostgreSQL at 127\.0\.0\.1:5432 is running but refuses the credentials in POSTGRES_URL \(role "no_such_role" does not exist\)\./);
    expect(problems[0]).toContain("postgresql://<user>:<password>@127.0.0.1:5432");
    expect(problems[0]).toContain("POSTGRES_PASSWORD");
    expect(problems[0]).not.toContain("secret");
    expect(problems.join("\n")).not.toContain("docker compose up");
  });

  it("names the domain's own URL variable when that is what PostgreSQL refuses", async () => {
    const problems = await checkServices({ USERS_DATABASE_URL: "postgresql://no_such_role@127.0.0.1:5432/shop_users", REDIS_URL: REDIS });
    expect(problems).toEqual([expect.stringContaining("refuses the credentials in USERS_DATABASE_URL")]);
  });

  it("points at the address, not at docker compose, when a remote server does not answer", async () => {
    const problems = await checkServices({ POSTGRES_URL: "postgresql://postgres@db.invalid:5432", REDIS_URL: REDIS });
    expect(problems).toEqual([
      expect.stringMatching(/^PostgreSQL at db\.invalid:5432 is not answering \(.*ENOTFOUND.*\)\.$/),
      "Check that PostgreSQL runs at db.invalid:5432 and is reachable from here, or fix POSTGRES_URL.",
    ]);
  });

  describe("with a Redis that requires a password", () => {
    let redis: RedisServerProcess;
    beforeAll(async () => {
      redis = await startRedisServer({ password: "redis-test-password" });
    });
    afterAll(() => redis.stop());

    it("passes with the password in REDIS_URL", async () => {
      const url = redis.url.replace("redis://", "redis://:redis-test-password@");
      expect(await checkServices({ POSTGRES_URL: POSTGRES, REDIS_URL: url })).toEqual([]);
    });

    it.each([
      ["without a password", (url: string) => url, /NOAUTH/],
      ["with a wrong one", (url: string) => url.replace("redis://", "redis://:wrong-password@"), /WRONGPASS/],
    ])("says it refuses the credentials %s, and does not suggest starting it", async (_, urlFor, reason) => {
      const problems = await checkServices({ POSTGRES_URL: POSTGRES, REDIS_URL: urlFor(redis.url) });
      const host = new URL(redis.url).host;
      expect(problems).toEqual([expect.stringContaining(`Redis at ${host} is running but refuses the credentials in REDIS_URL (`)]);
      expect(problems[0]).toMatch(reason);
      expect(problems[0]).toContain(`redis://:<password>@${host}`);
      expect(problems[0]).not.toContain("wrong-password");
    });
  });
});
