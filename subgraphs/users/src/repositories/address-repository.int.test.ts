import { createTestDatabase, type TestDatabase } from "../../../../packages/testing";
import { MAX_SAVED_ADDRESSES, validateSavedAddress } from "../domain/saved-addresses";
import { createAddressRepository, UnknownUserError } from "./address-repository";
import { createPrismaClient, type UsersPrisma } from "./prisma-client";
import { createUserRepository } from "./user-repository";

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

const request = (label: string) => validateSavedAddress({ line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" }, label);
const newUser = (email: string) => createUserRepository(prisma).create({ email, name: "Addresses", passwordHash: "x" });

describe("saved addresses", () => {
  it("never lets racing saves past the limit", async () => {
    const user = await newUser("racing-saves@example.com");
    const addresses = createAddressRepository(prisma);
    const saved = await Promise.all(Array.from({ length: MAX_SAVED_ADDRESSES + 5 }, (_, index) => addresses.saveWithin(user.id, MAX_SAVED_ADDRESSES, request(`#${index}`))));
    expect(saved.filter((address) => address !== null)).toHaveLength(MAX_SAVED_ADDRESSES);
    expect(await prisma.savedAddress.count({ where: { userId: user.id } })).toBe(MAX_SAVED_ADDRESSES);
  });

  it("lists each user's own, newest first, and deletes only the owner's", async () => {
    const [ann, ben] = [await newUser("ann-addresses@example.com"), await newUser("ben-addresses@example.com")];
    const addresses = createAddressRepository(prisma);
    const home = await addresses.saveWithin(ann.id, MAX_SAVED_ADDRESSES, request("Home"));
    const office = await addresses.saveWithin(ann.id, MAX_SAVED_ADDRESSES, request("Office"));
    // Two saves may share a millisecond: Home is made older, so "newest first" has one right answer.
    await prisma.savedAddress.update({ where: { id: home!.id }, data: { createdAt: new Date(Date.now() - 60_000) } });
    const listed = await addresses.listByUserIds([ann.id, ben.id, "not-a-uuid"]);
    expect(listed.map((address) => address.label)).toEqual(["Office", "Home"]);
    expect(await addresses.delete(ben.id, home!.id)).toBe(false);
    expect(await addresses.delete(ann.id, "not-a-uuid")).toBe(false);
    expect(await addresses.delete(ann.id, home!.id)).toBe(true);
    expect(await addresses.delete(ann.id, home!.id)).toBe(false);
    expect((await addresses.listByUserIds([ann.id])).map((address) => address.id)).toEqual([office!.id]);
  });

  it("refuses to save for a user who has no account, and saves nothing", async () => {
    const addresses = createAddressRepository(prisma);
    const nobody = "00000000-0000-4000-8000-0000000000ff";
    await expect(addresses.saveWithin(nobody, MAX_SAVED_ADDRESSES, request("Home"))).rejects.toBeInstanceOf(UnknownUserError);
    expect(await prisma.savedAddress.count({ where: { userId: nobody } })).toBe(0);
    expect(await createUserRepository(prisma).updateName(nobody, "Nobody")).toBeNull();
  });
});
