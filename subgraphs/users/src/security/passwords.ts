import { hash, verify } from "@node-rs/argon2";

/**
 * Argon2id with the library's defaults (19 MiB, 2 passes), OWASP's recommended minimum.
 * Verifying against a fixed dummy hash when no user matches keeps log-in timing the same
 * whether or not an email is registered.
 */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hashed: string | null, password: string): Promise<boolean>;
}

export function createPasswordHasher(): PasswordHasher {
  const dummyHash = hash("not-a-real-password-0000");
  return {
    hash: (password) => hash(password),
    verify: async (hashed, password) => {
      const matches = await verify(hashed ?? (await dummyHash), password);
      return hashed !== null && matches;
    },
  };
}
