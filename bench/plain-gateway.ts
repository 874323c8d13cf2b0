/**
 * The baseline `npm run bench` compares our gateway with: plain @apollo/gateway in @apollo/server on
 * express, over the same committed supergraph.graphql, with none of our edge policies (no rate limits,
 * operation limits, timeouts, retries, breakers, representation de-duplication, persisted operations,
 * error masking, metrics or logging) and @apollo/gateway's own HTTP client. Only what the subgraphs
 * require of any caller: each subgraph request carries the signed identity headers, and a bearer
 * token's caller is forwarded (for `me`). It counts the requests and entity representations it sends
 * to each subgraph, served as JSON at GET /bench-counts.
 *
 * Run as its own process by bench/supergraph-processes.ts: PORT, SUPERGRAPH_PATH, <SUBGRAPH>_URL,
 * GATEWAY_SIGNING_SECRET, JWT_SECRET (JWT_ISSUER, JWT_AUDIENCE as the gateway's defaults).
 */
import { readFileSync } from "node:fs";
import type http from "node:http";
import type { Socket } from "node:net";
import path from "node:path";
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import { verifyAccessToken } from "../packages/auth-token";
import { signIdentity, type Caller } from "../packages/identity";

interface PlainContext {
  caller: Caller | null;
}

export interface PlainGatewayCounts {
  /** Requests sent to each subgraph. */
  subgraphRequests: Record<string, number>;
  /** Entity representations sent to each subgraph (all of them: no de-duplication here). */
  representations: Record<string, number>;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`plain gateway: ${name} is not set`);
  return value;
}

const counts: PlainGatewayCounts = { subgraphRequests: {}, representations: {} };

/** How long a pooled socket to a subgraph may stay idle: less than the subgraphs' (Node's) 5 s keep-alive. */
const IDLE_SOCKET_MS = 4_000;

/**
 * @apollo/gateway's own client (make-fetch-happen over its agent, @npmcli/agent), with idle pooled sockets
 * closed after IDLE_SOCKET_MS. By default they stay open forever while the subgraphs close theirs after 5 s,
 * so a socket reused just as its server closes it failed requests with "socket hang up" (2 of 5 bench runs
 * failed so, a third likely). The agent's own idle timeout cannot do it: Node's agent clears it as a socket
 * goes back to the pool, which is where this sets it again. Ours closes idle sockets by the servers' Keep-Alive hint.
 */
function idleClosingFetcher(): RemoteGraphQLDataSource["fetcher"] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- make-fetch-happen's own agent (untyped, installed with it)
  const { Agent } = require("@npmcli/agent") as { Agent: new (options: object) => http.Agent };
  const agent = new Agent({ maxSockets: Infinity });
  const pool = agent as unknown as { keepSocketAlive(socket: Socket): boolean };
  const keepSocketAlive = pool.keepSocketAlive.bind(agent);
  pool.keepSocketAlive = (socket) => {
    const kept = keepSocketAlive(socket);
    socket.setTimeout(IDLE_SOCKET_MS);
    return kept;
  };
  type ConfigurableFetcher = RemoteGraphQLDataSource["fetcher"] & { defaults(options: object): RemoteGraphQLDataSource["fetcher"] };
  return (new RemoteGraphQLDataSource().fetcher as ConfigurableFetcher).defaults({ agent });
}

const fetcher = idleClosingFetcher();

class SignedDataSource extends RemoteGraphQLDataSource<PlainContext> {
  constructor(
    private readonly name: string,
    url: string,
    private readonly signingSecret: string,
  ) {
    super({ url, fetcher });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<PlainContext>): void {
    counts.subgraphRequests[this.name] = (counts.subgraphRequests[this.name] ?? 0) + 1;
    const representations = request.variables?.representations;
    if (Array.isArray(representations)) counts.representations[this.name] = (counts.representations[this.name] ?? 0) + representations.length;
    const caller = (context as Partial<PlainContext>).caller ?? null;
    for (const [header, value] of Object.entries(signIdentity(this.signingSecret, caller, request.query ?? ""))) request.http?.headers.set(header, value);
  }
}

async function main(): Promise<void> {
  process.env.APOLLO_TELEMETRY_DISABLED ??= "true";
  const signingSecret = required("GATEWAY_SIGNING_SECRET");
  const token = {
    secret: required("JWT_SECRET"),
    issuer: process.env.JWT_ISSUER ?? "shop-users",
    audience: process.env.JWT_AUDIENCE ?? "shop-gateway",
  };
  const supergraphPath = process.env.SUPERGRAPH_PATH ?? path.resolve(__dirname, "../supergraph.graphql");
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(supergraphPath, "utf8"),
    buildService: ({ name, url }) => new SignedDataSource(name, process.env[`${name.toUpperCase()}_URL`] ?? url!, signingSecret),
  });
  const server = new ApolloServer<PlainContext>({ gateway });
  await server.start();

  const app = express();
  app.get("/health", (_req, res) => void res.json({ status: "ok" }));
  app.get("/bench-counts", (_req, res) => void res.json(counts));
  app.use(
    "/graphql",
    express.json(),
    expressMiddleware(server, {
      context: async ({ req }) => {
        const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "");
        return { caller: bearer?.[1] ? verifyAccessToken(token, bearer[1]).caller : null };
      },
    }),
  );
  const listener = app.listen(Number(required("PORT")));
  const stop = () => {
    listener.close();
    void server.stop().then(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
