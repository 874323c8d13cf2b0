import jwt from "jsonwebtoken";
import { DOMAINS } from "../packages/config";
import { createLogger } from "../packages/logging";
import { SUPERGRAPH_SDL_PATH } from "../packages/schema-tools";
import {
  gatewayClient,
  runApp,
  startSupergraph,
  TEST_SIGNING_SECRET,
  TEST_TOKEN_SETTINGS,
  type GatewayRequest,
  type RunningSupergraph,
} from "../packages/testing";
import { createGatewayServer } from "../gateway/src/server";

// The users subgraph alone behind the gateway: authentication, identity forwarding and error shape
// do not depend on the other domains; the others' routing URLs point at a closed port.
let supergraph: RunningSupergraph;
let request: GatewayRequest;

beforeAll(async () => {
  supergraph = await startSupergraph(["users"]);
  request = gatewayClient(supergraph.gateway.graphqlUrl);
});

afterAll(async () => {
  await supergraph?.stop();
});

const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { token user { id email role } } }`;

async function signUp(email: string) {
  const { body } = await request<{ signUp: { token: string; user: { id: string; email: string; role: string } } }>(SIGN_UP, {
    input: { email, password: "a-long-password", name: "Gateway Tester" },
  });
  expect(body.errors).toBeUndefined();
  return body.data!.signUp;
}

function tokenWith(claims: Record<string, unknown>, options: jwt.SignOptions = {}, secret = TEST_TOKEN_SETTINGS.secret) {
  return jwt.sign({ role: "CUSTOMER", ...claims }, secret, {
    algorithm: "HS256",
    issuer: TEST_TOKEN_SETTINGS.issuer,
    audience: TEST_TOKEN_SETTINGS.audience,
    expiresIn: 60,
    subject: "00000000-0000-4000-8000-000000000000",
    ...options,
  });
}

describe("authentication at the gateway", () => {
  it("signs up, then answers me for the token's user", async () => {
    const { token, user } = await signUp("gateway-me@example.com");
    const { body } = await request<{ me: { id: string; email: string } }>("{ me { id email } }", {}, { token });
    expect(body.data?.me).toEqual({ id: user.id, email: "gateway-me@example.com" });
  });

  it("treats a request without a token as anonymous", async () => {
    const { status, body } = await request("{ me { id } }");
    expect(status).toBe(200);
    expect(body.data).toEqual({ me: null });
  });

  const unsignedToken = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${Buffer.from(
    JSON.stringify({ sub: "x", role: "ADMIN", iss: TEST_TOKEN_SETTINGS.issuer, aud: TEST_TOKEN_SETTINGS.audience }),
  ).toString("base64url")}.`;

  it.each([
    ["garbage", () => "not-a-token"],
    ["alg none", () => unsignedToken],
    ["another key", () => tokenWith({}, {}, "some-other-secret-0123456789")],
    ["expired", () => tokenWith({}, { expiresIn: -60 })],
    ["wrong issuer", () => tokenWith({}, { issuer: "someone-else" })],
    ["wrong audience", () => tokenWith({}, { audience: "another-api" })],
    ["HS512 instead of the pinned HS256", () => tokenWith({}, { algorithm: "HS512" })],
    ["tampered payload", () => {
      const [header, , signature] = tokenWith({}).split(".");
      const payload = Buffer.from(JSON.stringify({ sub: "x", role: "ADMIN", iss: TEST_TOKEN_SETTINGS.issuer, aud: TEST_TOKEN_SETTINGS.audience, exp: 9999999999 })).toString("base64url");
      return `${header}.${payload}.${signature}`;
    }],
  ])("refuses a token that is %s with HTTP 401 UNAUTHENTICATED", async (_case, makeToken) => {
    const { status, body } = await request("{ me { id } }", {}, { token: makeToken() });
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(body.data).toBeUndefined();
  });

  it("drops identity headers a client sends itself", async () => {
    const { user } = await signUp("gateway-forger@example.com");
    const { body } = await request("{ me { id } }", {}, {
      headers: { "x-shop-user-id": user.id, "x-shop-user-role": "ADMIN", "x-shop-gateway-timestamp": String(Date.now()), "x-shop-gateway-signature": "00" },
    });
    expect(body.data).toEqual({ me: null });
  });
});

describe("HTTP behaviour", () => {
  it("answers malformed JSON with HTTP 400 and a JSON GraphQL error", async () => {
    const response = await fetch(supergraph.gateway.graphqlUrl, { method: "POST", headers: { "content-type": "application/json" }, body: "{\"query\": " });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: [{ message: expect.any(String), extensions: { code: "BAD_REQUEST" } }] });
  });

  it("echoes a client's x-request-id and makes one up otherwise", async () => {
    const given = await request("{ me { id } }", {}, { headers: { "x-request-id": "trace-abc-123" } });
    expect(given.headers.get("x-request-id")).toBe("trace-abc-123");
    const generated = await request("{ me { id } }");
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("masks a failing subgraph call as INTERNAL_SERVER_ERROR with the correlation id and no host details", async () => {
    const { body, headers } = await request("{ categories { id } }");
    const text = JSON.stringify(body);
    expect(body.errors?.[0]).toMatchObject({
      message: "Internal server error",
      extensions: { code: "INTERNAL_SERVER_ERROR", requestId: headers.get("x-request-id") },
    });
    expect(text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|localhost|:9\/|stack/i);
  });

  it("hides schema suggestions from validation errors", async () => {
    const { body } = await request("{ mee { id } }");
    expect(body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(body.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it("serves /health, and /ready as degraded (still taking traffic) while some subgraphs are away, with every breaker's state", async () => {
    expect(await (await fetch(`${supergraph.gateway.url}/health`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${supergraph.gateway.url}/ready`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; breakers: Record<string, string> };
    // One failed call opens no breaker; which subgraphs do not answer is logged, not told.
    expect(body).toEqual({ status: "degraded", breakers: Object.fromEntries(DOMAINS.map((domain) => [domain, "closed"])) });
  });

  it("answers unknown routes with a JSON 404", async () => {
    const response = await fetch(`${supergraph.gateway.url}/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: "NOT_FOUND" } }] });
  });
});

describe("development and production modes", () => {
  const INTROSPECTION = "{ __schema { queryType { name } } }";

  it("serves Apollo Sandbox and answers introspection in development", async () => {
    const page = await fetch(supergraph.gateway.graphqlUrl, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/sandbox/i);
    const { body } = await request<{ __schema: { queryType: { name: string } } }>(INTROSPECTION);
    expect(body.data?.__schema.queryType.name).toBe("Query");
  });

  it("turns off introspection and the landing page in production", async () => {
    const { app, stop } = await createGatewayServer({
      config: {
        production: true,
        supergraphPath: SUPERGRAPH_SDL_PATH,
        subgraphUrlOverrides: { products: "http://127.0.0.1:9/graphql" },
        token: TEST_TOKEN_SETTINGS,
        gatewaySigningSecret: TEST_SIGNING_SECRET,
        edge: { rateLimits: { enabled: false } },
      },
      redis: supergraph.redis,
      logger: createLogger("gateway", "silent"),
    });
    const production = await runApp(app, stop);
    try {
      const page = await fetch(production.graphqlUrl, { headers: { accept: "text/html" } });
      expect(await page.text()).not.toMatch(/sandbox/i);
      const { body } = await gatewayClient(production.graphqlUrl)(INTROSPECTION);
      expect(body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(body.errors?.[0]?.message).toMatch(/introspection is not allowed/i);
      const failed = await gatewayClient(production.graphqlUrl)("{ categories { id } }");
      expect(failed.body.errors).toEqual([
        { message: "Internal server error", path: ["categories"], extensions: { code: "INTERNAL_SERVER_ERROR", requestId: failed.headers.get("x-request-id") } },
      ]);
    } finally {
      await production.close();
    }
  });
});
