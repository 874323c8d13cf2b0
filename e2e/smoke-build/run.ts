/**
 * `npm run smoke:build`: the production build as the image runs it, without a Docker engine.
 * After `npm run build` it checks that every path the Dockerfile copies or runs exists and that no test
 * code is in dist/, then runs docker-compose.yml's own commands from dist/ with NODE_ENV=production and
 * fresh random secrets: the migrate step on throwaway databases, the seven subgraphs and the gateway on
 * free ports with a Redis of its own. It waits for the gateway's /ready to say "ready", signs in as the
 * seeded admin and runs a query across three subgraphs through the gateway, checks that introspection
 * and Apollo Sandbox are off, and stops every process by pid (each must stop by itself on SIGTERM).
 * Databases and Redis are removed whatever happens.
 *
 * Usage: tsx e2e/smoke-build/run.ts [image-root]
 *   image-root: where the image's files are (package.json, node_modules, dist/); the project by default.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { buildLayoutProblems, composeCommands, parseDockerfile, runtimeLayout } from "../../docker/build-layout";
import { DEFAULT_POSTGRES_URL, DOMAINS } from "../../packages/config";
import { dropDatabase } from "../../packages/database";
import { DEMO_PRODUCTS } from "../../packages/demo-catalogue";
import { freePort, startRedisServer, waitFor, type RedisServerProcess } from "../../packages/testing";
import { ADMIN_EMAIL } from "../../subgraphs/users/src/seed";
import { runImageCommand, type ImageProcess } from "./image-process";

const PROJECT_ROOT = path.resolve(__dirname, "../..");
const MIGRATE_TIMEOUT_MS = 300_000;
// Generous: eight Node processes start at once, and CI machines are small and shared.
const READY_TIMEOUT_MS = 300_000;

const secret = (bytes: number) => randomBytes(bytes).toString("hex");

interface Deployment {
  env: NodeJS.ProcessEnv;
  gatewayUrl: string;
  databaseUrls: string[];
  adminPassword: string;
}

/** Production settings as docker-compose.yml gives them, with local addresses and throwaway databases. */
async function deployment(redisUrl: string): Promise<Deployment> {
  const base = (process.env.TEST_POSTGRES_URL ?? DEFAULT_POSTGRES_URL).replace(/\/+$/, "");
  const run = `shop_smoke_${secret(4)}`;
  const adminPassword = secret(16);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: "production",
    // The image's own (the Dockerfile's runtime ENV).
    NODE_OPTIONS: imageLayout().env.NODE_OPTIONS,
    LOG_LEVEL: "info",
    JWT_SECRET: secret(32),
    GATEWAY_SIGNING_SECRET: secret(32),
    ADMIN_PASSWORD: adminPassword,
    REDIS_URL: redisUrl,
  };
  const databaseUrls: string[] = [];
  for (const domain of DOMAINS) {
    const name = domain.toUpperCase();
    const port = await freePort();
    databaseUrls.push((env[`${name}_DATABASE_URL`] = `${base}/${run}_${domain}`));
    env[`${name}_PORT`] = String(port);
    // The gateway's route to the subgraph (and, for PRODUCTS_URL, orders' price lookup).
    env[`${name}_URL`] = `http://127.0.0.1:${port}/graphql`;
  }
  const gatewayPort = await freePort();
  env.GATEWAY_PORT = String(gatewayPort);
  env.METRICS_PORT = String(await freePort());
  return { env, gatewayUrl: `http://127.0.0.1:${gatewayPort}`, databaseUrls, adminPassword };
}

function imageLayout() {
  return runtimeLayout(parseDockerfile(readFileSync(path.join(PROJECT_ROOT, "Dockerfile"), "utf8")));
}

function imageCommands(): Record<string, string[]> {
  return composeCommands(readFileSync(path.join(PROJECT_ROOT, "docker-compose.yml"), "utf8"), imageLayout().command);
}

function fail(message: string, processes: ImageProcess[] = []): never {
  const logs = processes.map((process) => `--- ${process.name} (pid ${process.pid}) ---\n${process.output()}`).join("\n");
  throw new Error(logs ? `${message}\n${logs}` : message);
}

async function graphql(gatewayUrl: string, query: string, variables: object = {}, token?: string) {
  const response = await fetch(`${gatewayUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: Array<{ message: string }> } };
}

/** A value inside a GraphQL answer, e.g. at(body.data, "logIn", "token"); undefined when absent. */
function at(value: unknown, ...keys: Array<string | number>): unknown {
  return keys.reduce<unknown>((inner, key) => (inner !== null && typeof inner === "object" ? (inner as Record<string, unknown>)[key] : undefined), value);
}

async function waitUntilReady(gatewayUrl: string, services: ImageProcess[]): Promise<void> {
  let last = "no answer yet";
  await waitFor(
    "the gateway's /ready to say ready",
    async () => {
      const crashed = services.find((service) => service.exitCode() !== undefined);
      if (crashed) fail(`${crashed.name} exited with ${crashed.exitCode()} before the gateway was ready`, [crashed]);
      try {
        const response = await fetch(`${gatewayUrl}/ready`, { signal: AbortSignal.timeout(3_000) });
        last = `${response.status} ${await response.text()}`;
        return response.ok && (JSON.parse(last.slice(4)) as { status?: string }).status === "ready";
      } catch (error) {
        last = error instanceof Error ? `${error.message} (${String(error.cause ?? "")})` : String(error);
        return false;
      }
    },
    READY_TIMEOUT_MS,
  ).catch((error: Error) => fail(`${error.message}; /ready last answered: ${last}`, services));
}

async function checkQueries(deploy: Deployment, services: ImageProcess[]): Promise<void> {
  const check = (ok: boolean, what: string, got: unknown) => ok || fail(`${what}; got ${JSON.stringify(got)}`, services);

  const logIn = await graphql(deploy.gatewayUrl, "mutation ($email: String!, $password: String!) { logIn(email: $email, password: $password) { token user { role } } }", {
    email: ADMIN_EMAIL,
    password: deploy.adminPassword,
  });
  const token = at(logIn.body.data, "logIn", "token");
  check(typeof token === "string" && at(logIn.body.data, "logIn", "user", "role") === "ADMIN", "the seeded admin signs in with ADMIN_PASSWORD", logIn.body);
  console.log("• the admin signs in with the ADMIN_PASSWORD from the environment (token issued by users, verified by the gateway)");

  const browse = await graphql(
    deploy.gatewayUrl,
    "{ me { email role } products(first: 3, sort: PRICE_ASC) { totalCount edges { node { name inStock inventory { available } shippingEstimate { cents currency } } } } }",
    {},
    token as string,
  );
  const data = browse.body.data;
  const nodes = [0, 1, 2].map((index) => at(data, "products", "edges", index, "node"));
  check(!browse.body.errors && at(data, "me", "email") === ADMIN_EMAIL, "me is the admin, with no errors", browse.body);
  check(at(data, "products", "totalCount") === DEMO_PRODUCTS.length, `the seeded catalogue has ${DEMO_PRODUCTS.length} products`, browse.body);
  check(
    nodes.every((node) => typeof at(node, "name") === "string" && typeof at(node, "inventory", "available") === "number" && typeof at(node, "shippingEstimate", "currency") === "string"),
    "each product has its stock (inventory) and a shipping estimate (shipping)",
    browse.body,
  );
  console.log(`• one query through the gateway: users (me), products (${DEMO_PRODUCTS.length} products), inventory and shipping`);

  const introspection = await graphql(deploy.gatewayUrl, "{ __schema { queryType { name } } }");
  check(at(introspection.body, "data") == null && /introspection/i.test(introspection.body.errors?.[0]?.message ?? ""), "introspection is refused in production", introspection.body);
  const landing = await fetch(`${deploy.gatewayUrl}/graphql`, { headers: { accept: "text/html" }, signal: AbortSignal.timeout(10_000) });
  const html = await landing.text();
  check(!/sandbox|apollo-server-landing-page/i.test(html), "no Apollo Sandbox landing page in production", `${landing.status} ${html.slice(0, 200)}`);
  console.log(`• introspection refused ("${introspection.body.errors?.[0]?.message}"), no landing page (GET /graphql: ${landing.status})`);
}

async function stopAll(processes: ImageProcess[]): Promise<string[]> {
  const unclean: string[] = [];
  // The gateway first, then the subgraphs, as a container runtime would stop them (reverse start order).
  for (const service of [...processes].reverse()) {
    if (!(await service.stop())) unclean.push(`${service.name} (pid ${service.pid}) did not stop on SIGTERM within 10 s and was killed`);
  }
  return unclean;
}

async function main(): Promise<void> {
  const imageRoot = path.resolve(process.argv[2] ?? PROJECT_ROOT);
  const problems = buildLayoutProblems(PROJECT_ROOT);
  if (problems.length > 0) fail(`The build does not fit the image:\n  - ${problems.join("\n  - ")}`);
  console.log("• every path the Dockerfile copies and every script the image and docker-compose.yml run exist; no test code in dist/");

  const { migrate, gateway, ...subgraphs } = imageCommands();
  if (!migrate || !gateway) fail("docker-compose.yml has no migrate or gateway service");
  let redis: RedisServerProcess | undefined;
  let deploy: Deployment | undefined;
  const running: ImageProcess[] = [];
  try {
    redis = await startRedisServer();
    deploy = await deployment(redis.url);

    const migration = runImageCommand("migrate", migrate, imageRoot, deploy.env);
    const code = await migration.exited(MIGRATE_TIMEOUT_MS);
    if (code !== 0) {
      await migration.stop();
      fail(`migrate (${migrate.join(" ")}) ended with ${code === undefined ? "a timeout" : `exit code ${code}`}`, [migration]);
    }
    console.log(`• migrate: ${migrate.join(" ")} (7 databases created, migrated and seeded)`);

    for (const [name, command] of Object.entries(subgraphs)) running.push(runImageCommand(name, command, imageRoot, deploy.env));
    running.push(runImageCommand("gateway", gateway, imageRoot, deploy.env));
    console.log(`• started ${running.map((service) => `${service.name} (pid ${service.pid})`).join(", ")}`);
    await waitUntilReady(deploy.gatewayUrl, running);
    console.log("• the gateway's /ready says ready: every subgraph and Redis answer");

    await checkQueries(deploy, running);
    const unclean = await stopAll(running.splice(0));
    if (unclean.length > 0) fail(unclean.join("\n"));
    console.log("• every service stopped by itself on SIGTERM");
  } finally {
    await stopAll(running);
    await redis?.stop();
    for (const url of deploy?.databaseUrls ?? []) await dropDatabase(url);
  }
  console.log("Smoke test of the production build passed.");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
