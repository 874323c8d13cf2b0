import { gatewayClient, postSigned, startSupergraph, type GatewayRequest, type RunningSupergraph } from "../packages/testing";

// Sessions through the gateway, as a frontend lives them: the users subgraph behind the real gateway
// sharing one Redis, where the subgraph writes what the gateway must refuse before it expires.
let supergraph: RunningSupergraph;
let request: GatewayRequest;

beforeAll(async () => {
  supergraph = await startSupergraph(["users"]);
  request = gatewayClient(supergraph.gateway.graphqlUrl);
});

afterAll(async () => {
  await supergraph?.stop();
});

interface Session {
  token: string;
  expiresAt: string;
  refreshToken: string;
  user: { id: string; email: string };
}

const SESSION = `token expiresAt refreshToken user { id email }`;
const PASSWORD = "first-password";

async function mutate<T>(query: string, variables: Record<string, unknown>, token?: string) {
  const { status, body } = await request<T>(query, variables, { token });
  return { status, data: body.data, errors: body.errors };
}

async function signUp(email: string): Promise<Session> {
  const { data, errors } = await mutate<{ signUp: Session }>(`mutation ($input: SignUpInput!) { signUp(input: $input) { ${SESSION} } }`, {
    input: { email, password: PASSWORD, name: "Session Tester" },
  });
  expect(errors).toBeUndefined();
  return data!.signUp;
}

async function logIn(email: string, password = PASSWORD) {
  return mutate<{ logIn: Session }>(`mutation ($email: String!, $password: String!) { logIn(email: $email, password: $password) { ${SESSION} } }`, { email, password });
}

const refresh = (refreshToken: string) =>
  mutate<{ refreshToken: Session }>(`mutation ($refreshToken: String!) { refreshToken(refreshToken: $refreshToken) { ${SESSION} } }`, { refreshToken });

const logOut = (refreshToken: string, token?: string) =>
  mutate<{ logOut: boolean }>(`mutation ($refreshToken: String!) { logOut(refreshToken: $refreshToken) }`, { refreshToken }, token);

/** What the gateway answers a signed-in `me`: the user's id, or the refusal's status and code. */
async function meWith(token: string): Promise<string> {
  const { status, data, errors } = await mutate<{ me: { id: string } | null }>("{ me { id } }", {}, token);
  if (data?.me) return data.me.id;
  return `${status} ${String(errors?.[0]?.extensions?.code)}`;
}

const REFUSED_TOKEN = "401 UNAUTHENTICATED";
const codeOf = (errors: Array<{ extensions?: Record<string, unknown> }> | undefined) => errors?.[0]?.extensions?.code;

describe("staying signed in through refresh", () => {
  it("issues a short-lived access token with its expiry and a refresh token, and rotates them", async () => {
    const first = await signUp("rotate@example.com");
    const lifetimeMs = new Date(first.expiresAt).getTime() - Date.now();
    expect(lifetimeMs).toBeGreaterThan(500 * 1000);
    expect(lifetimeMs).toBeLessThanOrEqual(600 * 1000);
    const second = await refresh(first.refreshToken);
    expect(second.errors).toBeUndefined();
    expect(second.data!.refreshToken).toMatchObject({ user: { id: first.user.id, email: "rotate@example.com" } });
    expect(second.data!.refreshToken.refreshToken).not.toBe(first.refreshToken);
    expect(await meWith(second.data!.refreshToken.token)).toBe(first.user.id);
  });

  it("refuses a used refresh token and ends the whole session: newer refresh token and every access token refused at once", async () => {
    const first = await signUp("reuse@example.com");
    const second = (await refresh(first.refreshToken)).data!.refreshToken;
    const reused = await refresh(first.refreshToken);
    expect(reused.data).toBeNull();
    expect(codeOf(reused.errors)).toBe("UNAUTHENTICATED");
    expect(codeOf((await refresh(second.refreshToken)).errors)).toBe("UNAUTHENTICATED");
    expect(await meWith(second.token)).toBe(REFUSED_TOKEN);
    expect(await meWith(first.token)).toBe(REFUSED_TOKEN);
  });

  it("refuses an unknown, malformed or hostile refresh token with the same UNAUTHENTICATED", async () => {
    for (const token of ["A".repeat(43), "garbage", "\u0000", "\uD800", "x".repeat(100_000)]) {
      const { errors } = await refresh(token);
      expect({ token: token.slice(0, 10), code: codeOf(errors), message: errors?.[0]?.message }).toEqual({ token: token.slice(0, 10), code: "UNAUTHENTICATED", message: "The refresh token is not valid" });
    }
  });
});

describe("logOut", () => {
  it("ends the session: its access token is refused at once, its refresh token afterwards; other sessions go on", async () => {
    await signUp("log-out@example.com");
    const here = (await logIn("log-out@example.com")).data!.logIn;
    const elsewhere = (await logIn("log-out@example.com")).data!.logIn;
    const { data } = await logOut(here.refreshToken, here.token);
    expect(data).toEqual({ logOut: true });
    expect(await meWith(here.token)).toBe(REFUSED_TOKEN);
    expect(codeOf((await refresh(here.refreshToken)).errors)).toBe("UNAUTHENTICATED");
    expect(await meWith(elsewhere.token)).toBe(elsewhere.user.id);
  });
});

describe("changePassword", () => {
  it("refuses every token issued before it and returns new ones that work", async () => {
    const signedUp = await signUp("change@example.com");
    const other = (await logIn("change@example.com")).data!.logIn;
    const { data, errors } = await mutate<{ changePassword: Session }>(
      `mutation ($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) { ${SESSION} } }`,
      { current: PASSWORD, next: "second-password" },
      signedUp.token,
    );
    expect(errors).toBeUndefined();
    const fresh = data!.changePassword;
    for (const old of [signedUp, other]) {
      expect(await meWith(old.token)).toBe(REFUSED_TOKEN);
      expect(codeOf((await refresh(old.refreshToken)).errors)).toBe("UNAUTHENTICATED");
    }
    expect(await meWith(fresh.token)).toBe(signedUp.user.id);
    const rotated = (await refresh(fresh.refreshToken)).data!.refreshToken;
    expect(await meWith(rotated.token)).toBe(signedUp.user.id);
    expect(codeOf((await logIn("change@example.com")).errors)).toBe("UNAUTHENTICATED");
    expect((await logIn("change@example.com", "second-password")).errors).toBeUndefined();
  });

  it("refuses a wrong current password and an anonymous caller", async () => {
    const session = await signUp("change-refused@example.com");
    const change = `mutation { changePassword(currentPassword: "not-the-password", newPassword: "second-password") { token } }`;
    expect(codeOf((await mutate(change, {}, session.token)).errors)).toBe("UNAUTHENTICATED");
    expect(codeOf((await mutate(change, {})).errors)).toBe("UNAUTHENTICATED");
    expect(await meWith(session.token)).toBe(session.user.id);
  });
});

describe("profile and saved addresses", () => {
  const ADDRESS = { line1: " 1 Main St ", city: "Berlin", postalCode: "10115", country: "de" };
  const SAVE = `mutation ($input: AddressInput!, $label: String) { saveAddress(input: $input, label: $label) { id label address { line1 line2 city postalCode country } } }`;
  const ADDRESSES = `{ me { addresses { id label address { line1 country } } } }`;

  it("updates the caller's name, refusing a hostile one by field", async () => {
    const { token, user } = await signUp("profile@example.com");
    const update = `mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { id name } }`;
    expect((await mutate(update, { input: { name: "  New Name " } }, token)).data).toEqual({ updateProfile: { id: user.id, name: "New Name" } });
    const refused = await mutate(update, { input: { name: "Bad\u0000Name" } }, token);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "name" });
    expect(codeOf((await mutate(update, { input: { name: "Anonymous" } })).errors)).toBe("UNAUTHENTICATED");
  });

  it("saves, lists (newest first) and deletes the caller's own addresses; another's id is NOT_FOUND", async () => {
    const ann = await signUp("addresses-ann@example.com");
    const ben = await signUp("addresses-ben@example.com");
    const home = await mutate<{ saveAddress: { id: string } }>(SAVE, { input: ADDRESS, label: "Home" }, ann.token);
    expect(home.data?.saveAddress).toMatchObject({ label: "Home", address: { line1: "1 Main St", line2: null, city: "Berlin", postalCode: "10115", country: "DE" } });
    const bad = await mutate(SAVE, { input: { ...ADDRESS, country: "Germany" } }, ann.token);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "country" });
    const listed = await mutate<{ me: { addresses: Array<{ id: string }> } }>(ADDRESSES, {}, ann.token);
    expect(listed.data?.me.addresses.map((address) => address.id)).toEqual([home.data!.saveAddress.id]);
    expect((await mutate<{ me: { addresses: unknown[] } }>(ADDRESSES, {}, ben.token)).data?.me.addresses).toEqual([]);

    const deleteAddress = `mutation ($id: ID!) { deleteAddress(id: $id) }`;
    for (const id of [home.data!.saveAddress.id, "00000000-0000-4000-8000-000000000000", "not-an-id"]) {
      expect(codeOf((await mutate(deleteAddress, { id }, ben.token)).errors)).toBe("NOT_FOUND");
    }
    expect((await mutate(deleteAddress, { id: home.data!.saveAddress.id }, ann.token)).data).toEqual({ deleteAddress: true });
    expect((await mutate<{ me: { addresses: unknown[] } }>(ADDRESSES, {}, ann.token)).data?.me.addresses).toEqual([]);
  });

  it("shows a user's addresses to nobody else, not even an admin (FORBIDDEN)", async () => {
    const ann = await signUp("addresses-private@example.com");
    await mutate(SAVE, { input: ADDRESS, label: "Home" }, ann.token);
    const entities = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { addresses { id } } } }`;
    const representations = [{ __typename: "User", id: ann.user.id }];
    const url = supergraph.subgraphs.users!.app.graphqlUrl;
    const asAdmin = await postSigned(url, entities, { representations }, { userId: "00000000-0000-4000-8000-000000000001", role: "ADMIN" });
    expect(asAdmin.body.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN" });
    const asAnn = await postSigned<{ _entities: Array<{ addresses: unknown[] }> }>(url, entities, { representations }, { userId: ann.user.id, role: "CUSTOMER" });
    expect(asAnn.body.data?._entities[0]?.addresses).toHaveLength(1);
  });
});
