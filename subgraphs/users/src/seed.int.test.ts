import { type Message } from "../../../packages/messaging";
import { parseMessage, Streams } from "../../../packages/shop-messages";
import { createTestDatabase, type TestDatabase } from "../../../packages/testing";
import { createPrismaClient, type UsersPrisma } from "./repositories/prisma-client";
import { ADMIN_EMAIL, DEMO_CUSTOMERS, ensureAdmin, seedDemoCustomers } from "./seed";

// Demo customers join as real sign-ups do: each new account comes with one UserSignedUp in the users
// outbox (the relay and notifications are tested elsewhere), and seeding again announces nobody twice.
let database: TestDatabase;
let prisma: UsersPrisma;

beforeAll(async () => {
  database = await createTestDatabase("users");
  prisma = createPrismaClient(database.url);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await database?.drop();
});

const customerEmails = DEMO_CUSTOMERS.map((customer) => customer.email);

async function outboxMessages(): Promise<Message[]> {
  const rows = await prisma.outboxMessage.findMany({ orderBy: { seq: "asc" } });
  return rows.map((row) => ({ id: row.id, stream: row.stream, type: row.type, payload: row.payload, headers: row.headers as Record<string, string> }));
}

async function demoCustomers() {
  return prisma.user.findMany({ where: { email: { in: customerEmails } }, orderBy: { email: "asc" } });
}

async function forgetDemoCustomers(): Promise<void> {
  await prisma.user.deleteMany({ where: { email: { in: customerEmails } } });
  await prisma.outboxMessage.deleteMany();
}

describe("seedDemoCustomers", () => {
  it("writes one UserSignedUp per new customer, naming the account it created", async () => {
    await seedDemoCustomers(prisma);
    const customers = await demoCustomers();
    expect(customers.map((user) => user.email)).toEqual([...customerEmails].sort());
    const messages = (await outboxMessages()).map((message) => parseMessage(message, ["UserSignedUp"]));
    expect(messages.map((message) => ({ stream: message.stream, payload: message.payload }))).toEqual(
      customers.map((user) => ({ stream: Streams.userEvents, payload: { userId: user.id, name: user.name } })),
    );
    expect(await prisma.outboxMessage.count({ where: { publishedAt: null } })).toBe(customers.length);
  });

  it("sends no second welcome when seeded again, and keeps the accounts as they are", async () => {
    const [before, accountsBefore] = [await outboxMessages(), await demoCustomers()];
    await seedDemoCustomers(prisma);
    expect(await outboxMessages()).toEqual(before);
    expect(await demoCustomers()).toEqual(accountsBefore);
  });

  it("announces each customer once when two seeds race to create them", async () => {
    await forgetDemoCustomers();
    await Promise.all([seedDemoCustomers(prisma), seedDemoCustomers(prisma)]);
    const customers = await demoCustomers();
    const announced = (await outboxMessages()).map((message) => (message.payload as { userId: string }).userId);
    expect(announced.sort()).toEqual(customers.map((user) => user.id).sort());
    expect(customers).toHaveLength(DEMO_CUSTOMERS.length);
  });

  it("gives the admin account no welcome", async () => {
    const before = await prisma.outboxMessage.count();
    await ensureAdmin(prisma, "admin-test-password");
    expect(await prisma.user.count({ where: { email: ADMIN_EMAIL } })).toBe(1);
    expect(await prisma.outboxMessage.count()).toBe(before);
  });
});
