import { Prisma } from "../../../../prisma/orders/generated/client";
import type { StoredCartLine } from "../domain/cart-rules";
import type { OrdersPrisma } from "./prisma-client";

/** A cart as stored: who owns it (null: a guest's), its postal code, and its lines in the order they were added. */
export interface CartRecord {
  id: string;
  userId: string | null;
  postalCode: string | null;
  /** Bumped by every change: checkout claims the cart only at the version it priced. */
  version: number;
  updatedAt: Date;
  lines: StoredCartLine[];
}

type Db = OrdersPrisma | Prisma.TransactionClient;

const WITH_LINES = { lines: { orderBy: [{ addedAt: "asc" }, { productId: "asc" }] } } satisfies Prisma.CartInclude;

function recordOf(cart: Prisma.CartGetPayload<{ include: typeof WITH_LINES }>): CartRecord {
  return {
    id: cart.id,
    userId: cart.userId,
    postalCode: cart.postalCode,
    version: cart.version,
    updatedAt: cart.updatedAt,
    lines: cart.lines.map((line) => ({ productId: line.productId, quantity: line.quantity })),
  };
}

export async function findCartById(db: Db, id: string): Promise<CartRecord | null> {
  const cart = await db.cart.findUnique({ where: { id }, include: WITH_LINES });
  return cart && recordOf(cart);
}

/** Several carts in one statement (query-plan steps hand over a list of cart references). */
export async function findCartsByIds(db: Db, ids: readonly string[]): Promise<CartRecord[]> {
  const carts = await db.cart.findMany({ where: { id: { in: [...ids] } }, include: WITH_LINES });
  return carts.map(recordOf);
}

export async function findCartOfUser(db: Db, userId: string): Promise<CartRecord | null> {
  const cart = await db.cart.findUnique({ where: { userId }, include: WITH_LINES });
  return cart && recordOf(cart);
}

/** Takes the cart's row lock for the rest of the transaction (changes to one cart run one at a time). */
export async function lockCart(tx: Prisma.TransactionClient, id: string): Promise<CartRecord | null> {
  const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT id::text FROM carts WHERE id = ${id}::uuid FOR UPDATE`;
  return locked.length === 0 ? null : findCartById(tx, id);
}

/** The user's cart, created when they have none (one per user: a unique index), locked. */
export async function lockOrCreateUserCart(tx: Prisma.TransactionClient, userId: string): Promise<CartRecord> {
  await tx.$executeRaw`INSERT INTO carts (id, user_id) VALUES (gen_random_uuid(), ${userId}::uuid) ON CONFLICT (user_id) DO NOTHING`;
  const [row] = await tx.$queryRaw<Array<{ id: string }>>`SELECT id::text FROM carts WHERE user_id = ${userId}::uuid FOR UPDATE`;
  return (await findCartById(tx, row!.id))!;
}

export async function createGuestCart(tx: Prisma.TransactionClient): Promise<CartRecord> {
  const cart = await tx.cart.create({ data: {}, include: WITH_LINES });
  return recordOf(cart);
}

/** Records a change: a new version, and a fresh updatedAt (a guest cart's expiry starts again). */
/** What every change to a cart sets: a new version (checkout claims the one it priced) and the time (guest expiry). */
const touched = () => ({ version: { increment: 1 }, updatedAt: new Date() });

async function touch(tx: Prisma.TransactionClient, cartId: string): Promise<void> {
  await tx.cart.update({ where: { id: cartId }, data: touched() });
}

/** Sets one line's quantity (0 removes it); a new line goes last. */
export async function setLine(tx: Prisma.TransactionClient, cartId: string, productId: string, quantity: number): Promise<void> {
  if (quantity === 0) await tx.cartLine.deleteMany({ where: { cartId, productId } });
  else await tx.cartLine.upsert({ where: { cartId_productId: { cartId, productId } }, create: { cartId, productId, quantity }, update: { quantity } });
  await touch(tx, cartId);
}

/** Writes merged lines: existing ones get their new quantity, new ones go last in the given order. */
export async function writeLines(tx: Prisma.TransactionClient, cartId: string, lines: readonly StoredCartLine[]): Promise<void> {
  const start = Date.now();
  for (const [index, line] of lines.entries()) {
    await tx.cartLine.upsert({
      where: { cartId_productId: { cartId, productId: line.productId } },
      create: { cartId, productId: line.productId, quantity: line.quantity, addedAt: new Date(start + index) },
      update: { quantity: line.quantity },
    });
  }
  await touch(tx, cartId);
}

export async function setPostalCode(tx: Prisma.TransactionClient, cartId: string, postalCode: string | null): Promise<void> {
  await tx.cart.update({ where: { id: cartId }, data: { postalCode, ...touched() } });
}

export async function deleteCart(tx: Prisma.TransactionClient, cartId: string): Promise<void> {
  await tx.cart.delete({ where: { id: cartId } });
}

/**
 * Empties the cart if it is still at `version` (the one checkout priced) and returns true; false when it
 * changed meanwhile (a line, or another checkout that emptied it first). The conditional update takes the
 * row's lock: a concurrent checkout of the same cart waits for this transaction, then finds a new version.
 */
export async function claimCartAtVersion(tx: Prisma.TransactionClient, cartId: string, version: number): Promise<boolean> {
  const claimed = await tx.cart.updateMany({ where: { id: cartId, version }, data: { version: { increment: 1 }, updatedAt: new Date() } });
  if (claimed.count === 0) return false;
  await tx.cartLine.deleteMany({ where: { cartId } });
  return true;
}

/** Deletes up to `limit` guest carts last changed before `expiredBefore` (their lines go by cascade); returns how many. */
export async function deleteExpiredGuestCarts(db: OrdersPrisma, expiredBefore: Date, limit: number): Promise<number> {
  return db.$executeRaw`
    DELETE FROM carts WHERE id IN (
      SELECT id FROM carts WHERE user_id IS NULL AND updated_at <= ${expiredBefore} ORDER BY updated_at LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)`;
}
