/**
 * `npm run dead-letters -- <command>`: what the saga gave up on, for people.
 *
 *   list [--stream <stream>] [--limit <n>] [--json]   dead-lettered messages of every saga stream, oldest first
 *   show <id>                                         one of them in full (JSON; secrets redacted)
 *   replay <id> [--keep]                              publish it again on its stream (and drop the dead letter)
 *   delete <id>                                       drop it (resolved by hand)
 *   flagged [--limit <n>] [--json]                    sagas flagged for a person (orders database)
 *
 * Reads REDIS_URL and the orders database (ORDERS_DATABASE_URL or POSTGRES_URL) like the services do.
 */
import { parseArgs } from "node:util";
import Redis from "ioredis";
import { z } from "zod";
import { databaseUrl, DEFAULT_REDIS_URL, parseEnv } from "../packages/config";
import { deleteDeadLetter, listDeadLetters, replayDeadLetter, showDeadLetter } from "../packages/messaging";
import { Streams } from "../packages/shop-messages";
import { listFlaggedSagas } from "../subgraphs/orders/src/repositories/flagged-sagas";
import { createPrismaClient, type OrdersPrisma } from "../subgraphs/orders/src/repositories/prisma-client";

const USAGE = `usage: npm run dead-letters -- <command>
  list [--stream <stream>] [--limit <n>] [--json]
  show <id>
  replay <id> [--keep]
  delete <id>
  flagged [--limit <n>] [--json]
ids are <stream>/<entry id>, as list prints them; streams: ${Object.values(Streams).join(", ")}`;

const limit = z.coerce.number().int().min(1).max(10_000).default(100);
const id = z.string({ error: "an id is needed (as list prints it)" }).min(1, "an id is needed (as list prints it)");

const commandSchema = z.discriminatedUnion("command", [
  z.object({ command: z.literal("list"), stream: z.enum(Object.values(Streams) as [string, ...string[]]).optional(), limit, json: z.boolean().default(false) }),
  z.object({ command: z.literal("show"), id }),
  z.object({ command: z.literal("replay"), id, keep: z.boolean().default(false) }),
  z.object({ command: z.literal("delete"), id }),
  z.object({ command: z.literal("flagged"), limit, json: z.boolean().default(false) }),
]);

export type DeadLetterCommand = z.infer<typeof commandSchema>;

export class UsageError extends Error {}

export function parseCommand(argv: readonly string[]): DeadLetterCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { stream: { type: "string" }, limit: { type: "string" }, json: { type: "boolean" }, keep: { type: "boolean" } },
    });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const [command, target, ...extra] = parsed.positionals;
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(" ")}\n${USAGE}`);
  const result = commandSchema.safeParse({ command, id: target, ...parsed.values });
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `${issue.path.join(".") || "command"}: ${issue.message}`);
    throw new UsageError(`${issues.join("\n")}\n${USAGE}`);
  }
  return result.data;
}

const configSchema = z.object({ REDIS_URL: z.string().url().default(DEFAULT_REDIS_URL) });

export function loadToolConfig(env: NodeJS.ProcessEnv): { redisUrl: string; ordersDatabaseUrl: string } {
  const parsed = parseEnv("dead-letters", configSchema, env);
  return { redisUrl: parsed.REDIS_URL, ordersDatabaseUrl: databaseUrl(env, "orders") };
}

/** Fixed-width columns, for a terminal. */
function table(rows: Array<Record<string, unknown>>, columns: readonly string[]): string {
  if (rows.length === 0) return "(none)";
  const text = (value: unknown) => (value instanceof Date ? value.toISOString() : value === null || value === undefined ? "-" : String(value));
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => text(row[column]).length)));
  const line = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index]!)).join("  ").trimEnd();
  return [line([...columns]), ...rows.map((row) => line(columns.map((column) => text(row[column]))))].join("\n");
}

export interface ToolDeps {
  redis: Redis;
  /** Opened only by `flagged`. */
  orders: () => OrdersPrisma;
  print: (text: string) => void;
}

/** Runs one command; resolves with the exit status. */
export async function runDeadLetterTool(command: DeadLetterCommand, deps: ToolDeps): Promise<number> {
  const { redis, print } = deps;
  switch (command.command) {
    case "list": {
      const letters = await listDeadLetters(redis, { streams: command.stream ? [command.stream] : Object.values(Streams), limit: command.limit });
      print(command.json ? JSON.stringify(letters, null, 2) : table(letters as never, ["id", "deadLetteredAt", "group", "type", "orderId", "reason"]));
      return 0;
    }
    case "show": {
      const letter = await showDeadLetter(redis, command.id);
      if (!letter) {
        print(`no dead letter ${command.id}`);
        return 1;
      }
      print(JSON.stringify(letter, null, 2));
      return 0;
    }
    case "replay": {
      const { stream, newEntry } = await replayDeadLetter(redis, command.id, { keep: command.keep });
      print(`published again on ${stream} as ${newEntry}${command.keep ? " (dead letter kept)" : ""}`);
      return 0;
    }
    case "delete": {
      const deleted = await deleteDeadLetter(redis, command.id);
      print(deleted ? `deleted ${command.id}` : `no dead letter ${command.id}`);
      return deleted ? 0 : 1;
    }
    case "flagged": {
      const sagas = await listFlaggedSagas(deps.orders(), command.limit);
      const rows = sagas.map((saga) => ({ ...saga, steps: saga.steps.map((step) => `${step.name}:${step.status}`).join(" ") }));
      print(command.json ? JSON.stringify(sagas, null, 2) : table(rows, ["orderId", "updatedAt", "sagaStatus", "orderStatus", "flagReason", "steps"]));
      return 0;
    }
  }
}

async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const command = parseCommand(argv);
  const config = loadToolConfig(env);
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  let orders: OrdersPrisma | undefined;
  try {
    await redis.connect();
    return await runDeadLetterTool(command, { redis, orders: () => (orders ??= createPrismaClient(config.ordersDatabaseUrl)), print: (text) => console.log(text) });
  } finally {
    redis.disconnect();
    await orders?.$disconnect();
  }
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).then(
    (status) => process.exit(status),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(error instanceof UsageError ? 2 : 1);
    },
  );
}
