import express, { type RequestHandler } from "express";
import { HEALTH_CHECK_QUERY } from "@apollo/gateway";
import type Redis from "ioredis";
import { createLogger, type Logger } from "../../packages/logging";
import type { VerifiedRequestLocals } from "../../packages/subgraph-host";
import {
  serveSchemaSubgraph,
  startGateway,
  writeComposedSupergraph,
  type ComposedSupergraph,
  type RunningApp,
  type RunningGateway,
  type TestGatewayOptions,
} from "../../packages/testing";
import type { EdgeOverrides } from "../../gateway/src/edge-config";

/**
 * A supergraph of two small subgraphs without databases, shaped for the gateway's edge tests: sign-in
 * mutations, a paged list, fields carrying `@rateLimit` through `@composeDirective`, and subgraphs whose
 * calls a test can count, fail, hang or cut off.
 */
const RATE_LIMIT_SPEC = `extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@composeDirective"])
  @link(url: "https://shop.local/rate-limit/v1.0", import: ["@rateLimit"])
  @composeDirective(name: "@rateLimit")

directive @rateLimit(max: Int, window: String, message: String, identityArgs: [String], arrayLengthField: String) on FIELD_DEFINITION
`;

const ACCOUNTS_SDL = `${RATE_LIMIT_SPEC}
type User @key(fields: "id") { id: ID! name: String! }
input SignUpInput { email: String! password: String! name: String! }
type Query { me: User }
type Mutation {
  logIn(email: String!, password: String!): String!
  signUp(input: SignUpInput!): String!
  sendInvite(email: String!): Boolean! @rateLimit(max: 2, window: "60s", identityArgs: ["email"], message: "Too many invitations")
}
`;

const CATALOG_SDL = `${RATE_LIMIT_SPEC}
type Product @key(fields: "id") { id: ID! name: String! }
type ProductEdge { node: Product! }
type ProductConnection { edges: [ProductEdge!]! totalCount: Int! }
type Query {
  products(first: Int = 20): ProductConnection
  search(text: String!): [Product!] @rateLimit(max: 3, window: "1m")
}
type Mutation { addToWishlist(productId: ID!): Boolean! }
`;

const CATALOG_SIZE = 5;

/** What a test can make one fixture subgraph do, and what it saw. */
export class SubgraphControl {
  /** GraphQL calls for client operations that reached the subgraph. */
  calls = 0;
  /** Health checks (`{ __typename }`) that reached the subgraph: an open breaker asking whether it is back. */
  healthChecks = 0;
  /** Answer the next this many calls with `failStatus` instead of serving them. */
  failNext = 0;
  failStatus = 503;
  /** Accept calls and never answer them. */
  hang = false;
  /** The last headers the subgraph was called with. */
  lastHeaders: Record<string, string | string[] | undefined> = {};

  private readonly control: RequestHandler = (req, res, next) => {
    if (req.method !== "POST" || req.path !== "/graphql") return next();
    if ((req.body as { query?: unknown } | undefined)?.query === HEALTH_CHECK_QUERY) {
      this.healthChecks += 1;
    } else {
      this.calls += 1;
      this.lastHeaders = req.headers;
    }
    if (this.hang) return;
    if (this.failNext > 0) {
      this.failNext -= 1;
      res.status(this.failStatus).json({ errors: [{ message: "subgraph unavailable" }] });
      return;
    }
    next();
  };

  /** In front of the subgraph: the body is read first (the subgraph's own parser then leaves it be) to tell health checks apart. */
  readonly middleware: RequestHandler[] = [express.json(), this.control];
}

export interface FixtureSubgraph {
  name: string;
  app: RunningApp;
  control: SubgraphControl;
  /** The subgraph's JSON log lines. */
  logs: Array<Record<string, unknown>>;
}

/** A logger whose JSON lines are kept for the test to read. */
export function logCapture(service: string) {
  const logs: Array<Record<string, unknown>> = [];
  const logger = createLogger(service, "info", { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  return { logs, logger };
}

async function serveAccounts(): Promise<FixtureSubgraph> {
  const control = new SubgraphControl();
  const { logs, logger } = logCapture("accounts");
  const app = await serveSchemaSubgraph({
    service: "accounts",
    sdl: ACCOUNTS_SDL,
    logger,
    before: control.middleware,
    resolvers: {
      Query: {
        me: (_parent: unknown, _args: unknown, context: VerifiedRequestLocals) => {
          logger.info("resolving me");
          return context.caller ? { id: context.caller.userId, name: "Signed in" } : { id: "anonymous", name: "Anonymous" };
        },
      },
      Mutation: {
        logIn: (_parent: unknown, args: { email: string }) => `token-for-${args.email}`,
        signUp: (_parent: unknown, args: { input: { email: string } }) => `token-for-${args.input.email}`,
        sendInvite: () => true,
      },
      User: { __resolveReference: (reference: { id: string }) => ({ id: reference.id, name: "Signed in" }) },
    },
  });
  return { name: "accounts", app, control, logs };
}

async function serveCatalog(): Promise<FixtureSubgraph> {
  const control = new SubgraphControl();
  const { logs, logger } = logCapture("catalog");
  const product = (index: number) => ({ id: `p${index}`, name: `Product ${index}` });
  const app = await serveSchemaSubgraph({
    service: "catalog",
    sdl: CATALOG_SDL,
    logger,
    before: control.middleware,
    resolvers: {
      Query: {
        products: (_parent: unknown, args: { first: number }) => ({
          edges: Array.from({ length: Math.min(args.first, CATALOG_SIZE) }, (_, index) => ({ node: product(index) })),
          totalCount: CATALOG_SIZE,
        }),
        search: () => [product(0)],
      },
      Mutation: { addToWishlist: () => true },
      Product: { __resolveReference: (reference: { id: string }) => product(Number(reference.id.slice(1))) },
    },
  });
  return { name: "catalog", app, control, logs };
}

/** Production or development, and the CORS origins configured. */
export type GatewayMode = Pick<TestGatewayOptions, "production" | "corsOrigins">;

export interface EdgeFixture {
  accounts: FixtureSubgraph;
  catalog: FixtureSubgraph;
  supergraph: ComposedSupergraph;
  /** A gateway in front of both subgraphs (more than one may run, e.g. sharing Redis). */
  startGateway(redis: Redis, edge?: EdgeOverrides, logger?: Logger, mode?: GatewayMode): Promise<RunningGateway>;
  stop(): Promise<void>;
}

export async function startEdgeFixture(): Promise<EdgeFixture> {
  const accounts = await serveAccounts();
  const catalog = await serveCatalog().catch(async (error: unknown) => {
    await accounts.app.close();
    throw error;
  });
  const supergraph = writeComposedSupergraph([
    { name: "accounts", routingUrl: accounts.app.graphqlUrl, sdl: ACCOUNTS_SDL },
    { name: "catalog", routingUrl: catalog.app.graphqlUrl, sdl: CATALOG_SDL },
  ]);
  const gateways: RunningGateway[] = [];
  return {
    accounts,
    catalog,
    supergraph,
    startGateway: async (redis, edge, logger, mode = {}) => {
      const running = await startGateway({
        supergraphPath: supergraph.path,
        subgraphUrlOverrides: {},
        redis,
        ...mode,
        ...(edge ? { edge } : {}),
        ...(logger ? { logger } : {}),
      });
      gateways.push(running);
      return running;
    },
    stop: async () => {
      await Promise.allSettled(gateways.map((gateway) => gateway.stop()));
      await Promise.allSettled([accounts.app.close(), catalog.app.close()]);
      supergraph.remove();
    },
  };
}
