import jwt from "jsonwebtoken";
import { postSigned, serveSubgraph, TEST_TOKEN_SETTINGS, type RunningApp, type ServedSubgraph } from "../../../packages/testing";
import { createPrismaClient, type UsersPrisma } from "./repositories/prisma-client";
import { createServer } from "./server";
import { ensureAdmin } from "./seed";

const token = TEST_TOKEN_SETTINGS;

let prisma: UsersPrisma;
let app: RunningApp;
let subgraph: ServedSubgraph<UsersPrisma>;

beforeAll(async () => {
  subgraph = await serveSubgraph("users", { createPrismaClient, createServer });
  ({ prisma, app } = subgraph);
  await ensureAdmin(prisma, "admin-test-password");
});

afterAll(async () => {
  await subgraph?.close();
});

const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { token user { id email name role createdAt } } }`;
const LOG_IN = `mutation ($email: String!, $password: String!) { logIn(email: $email, password: $password) { token user { id role } } }`;

async function signUp(email: string, password = "long-enough-password", name = "Test User") {
  return postSigned<{ signUp: { token: string; user: { id: string; email: string; role: string; createdAt: string } } }>(
    app.graphqlUrl,
    SIGN_UP,
    { input: { email, password, name } },
  );
}

describe("sign-up and log-in", () => {
  it("creates a customer, normalizes the email and issues a token for it", async () => {
    const { body } = await signUp("  Carol@Example.COM ");
    expect(body.errors).toBeUndefined();
    const { token: issued, user } = body.data!.signUp;
    expect(user).toMatchObject({ email: "carol@example.com", role: "CUSTOMER" });
    expect(new Date(user.createdAt).toISOString()).toBe(user.createdAt);
    const claims = jwt.verify(issued, token.secret, { algorithms: ["HS256"], issuer: token.issuer, audience: token.audience });
    expect(claims).toMatchObject({ sub: user.id, role: "CUSTOMER" });
    const stored = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it.each([
    ["a duplicate email, whatever its case", "CAROL@example.com", "long-enough-password", "email"],
    ["a malformed email", "not-an-email", "long-enough-password", "email"],
    ["a password under 8 characters", "dave@example.com", "short", "password"],
  ])("refuses %s with BAD_USER_INPUT and stores nothing", async (_case, email, password, field) => {
    const before = await prisma.user.count();
    const { body } = await signUp(email, password);
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    expect(await prisma.user.count()).toBe(before);
  });

  it("logs in with the right password and refuses a wrong one or an unknown email alike", async () => {
    await signUp("erin@example.com", "erins-password");
    const ok = await postSigned<{ logIn: { token: string } }>(app.graphqlUrl, LOG_IN, { email: "Erin@example.com", password: "erins-password" });
    expect(ok.body.data?.logIn.token).toEqual(expect.any(String));
    const wrong = await postSigned(app.graphqlUrl, LOG_IN, { email: "erin@example.com", password: "not-erins-password" });
    const unknown = await postSigned(app.graphqlUrl, LOG_IN, { email: "nobody@example.com", password: "whatever-it-is" });
    for (const refused of [wrong, unknown]) {
      expect(refused.body.errors?.[0]).toMatchObject({
        message: "The email or password is not correct",
        extensions: { code: "UNAUTHENTICATED" },
      });
    }
  });

  it("seeds the admin from ADMIN_PASSWORD and keeps it on a second start", async () => {
    await ensureAdmin(prisma, "another-password");
    const { body } = await postSigned<{ logIn: { user: { role: string } } }>(app.graphqlUrl, LOG_IN, {
      email: "admin@shop.local",
      password: "admin-test-password",
    });
    expect(body.data?.logIn.user.role).toBe("ADMIN");
  });
});

describe("me and email privacy", () => {
  it("answers me for the caller and null for anonymous callers", async () => {
    const { body } = await signUp("frank@example.com");
    const id = body.data!.signUp.user.id;
    const me = await postSigned<{ me: { id: string; email: string } | null }>(app.graphqlUrl, "{ me { id email } }", {}, { userId: id, role: "CUSTOMER" });
    expect(me.body.data?.me).toEqual({ id, email: "frank@example.com" });
    const anonymous = await postSigned<{ me: null }>(app.graphqlUrl, "{ me { id } }");
    expect(anonymous.body.data?.me).toBeNull();
  });

  it("shows an email to its owner and admins, FORBIDDEN to anyone else", async () => {
    const { body } = await signUp("grace@example.com");
    const id = body.data!.signUp.user.id;
    const entities = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id email } } }`;
    const reps = { reps: [{ __typename: "User", id }] };
    const asAdmin = await postSigned(app.graphqlUrl, entities, reps, { userId: "someone", role: "ADMIN" });
    expect(asAdmin.body.errors).toBeUndefined();
    const asStranger = await postSigned(app.graphqlUrl, entities, reps, { userId: "someone-else", role: "CUSTOMER" });
    expect(asStranger.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("resolves many user references with one SQL query", async () => {
    const ids: string[] = [];
    for (const n of [1, 2, 3, 4, 5]) ids.push((await signUp(`batch${n}@example.com`)).body.data!.signUp.user.id);
    const entities = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id name } } }`;
    subgraph.queries.count = 0;
    const { body } = await postSigned<{ _entities: Array<{ id: string }> }>(app.graphqlUrl, entities, {
      reps: ids.map((id) => ({ __typename: "User", id })),
    });
    expect(body.data?._entities.map((user) => user.id)).toEqual(ids);
    expect(subgraph.queries.count).toBe(1);
  });
});

describe("the HTTP shell", () => {
  it("rejects calls without a valid gateway signature, _service and _entities included", async () => {
    for (const query of ["{ me { id } }", "{ _service { sdl } }", `{ _entities(representations: []) { __typename } }`]) {
      const unsigned = await fetch(app.graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query }),
      });
      expect(unsigned.status).toBe(401);
      expect(await unsigned.json()).toEqual({ errors: [{ message: expect.any(String), extensions: { code: "UNAUTHENTICATED" } }] });
      const forged = await postSigned(app.graphqlUrl, query, {}, { userId: "x", role: "ADMIN" }, "not-the-secret");
      expect(forged.status).toBe(401);
    }
  });

  it("answers malformed JSON with a JSON error, not an HTML page", async () => {
    const response = await fetch(app.graphqlUrl, { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: "BAD_REQUEST" } }] });
  });

  it("serves /health and /ready", async () => {
    expect(await (await fetch(`${app.url}/health`)).json()).toEqual({ status: "ok" });
    expect(await (await fetch(`${app.url}/ready`)).json()).toEqual({ status: "ready" });
  });
});
