import type { Role, User } from "../../../../prisma/users/generated/client";
import { Prisma } from "../../../../prisma/users/generated/client";
import { isUuid } from "../../../../packages/ids";
import { enqueue, type Message } from "../../../../packages/messaging";
import type { UsersPrisma } from "./prisma-client";

export type { User };

export class EmailTakenError extends Error {
  constructor() {
    super("email already registered");
    this.name = "EmailTakenError";
  }
}

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string;
  role?: Role;
}

export function createUserRepository(prisma: UsersPrisma) {
  return {
    /** Ids that are not UUIDs name no user and would fail the uuid cast of the whole batch: they are dropped. */
    async findByIds(ids: readonly string[]): Promise<User[]> {
      const valid = ids.filter(isUuid);
      return valid.length === 0 ? [] : prisma.user.findMany({ where: { id: { in: valid } } });
    },

    findByEmail: (email: string) => prisma.user.findUnique({ where: { email } }),

    /**
     * Creates an account and, in the same transaction, writes the messages that announce it to the
     * outbox: the account and its event exist together or not at all.
     */
    async create(user: NewUser, announce: (created: User) => readonly Message[] = () => []): Promise<User> {
      try {
        return await prisma.$transaction(async (tx) => {
          const created = await tx.user.create({ data: user });
          await enqueue(tx, announce(created));
          return created;
        });
      } catch (error) {
        // The unique index decides races between two sign-ups with one email.
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new EmailTakenError();
        throw error;
      }
    },

    /**
     * Creates the account unless the email exists and, only then, writes its announcement to the outbox in
     * the same transaction. Returns the new account, or null when the email was taken (nothing written).
     */
    createIfAbsent: (user: NewUser, announce: (created: User) => readonly Message[]): Promise<User | null> =>
      prisma.$transaction(async (tx) => {
        // INSERT ... ON CONFLICT DO NOTHING: a concurrent insert of the same email waits on the unique
        // index and then inserts nothing, so exactly one of two racing calls announces the account.
        const [created] = await tx.user.createManyAndReturn({ data: [user], skipDuplicates: true });
        if (!created) return null;
        await enqueue(tx, announce(created));
        return created;
      }),

    /** The user with the new name; null when no user has this id. */
    async updateName(userId: string, name: string): Promise<User | null> {
      const [updated] = await prisma.user.updateManyAndReturn({ where: { id: userId }, data: { name } });
      return updated ?? null;
    },

    /** Creates the account unless the email exists; never overwrites a password someone changed. */
    ensure: (user: NewUser) =>
      prisma.user.upsert({ where: { email: user.email }, create: user, update: {} }),
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
