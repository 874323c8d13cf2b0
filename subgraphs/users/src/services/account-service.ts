import { randomUUID } from "node:crypto";
import { issueAccessToken, type TokenSettings } from "../../../../packages/auth-token";
import { BadUserInputError, UnauthenticatedError } from "../../../../packages/errors";
import { messageHeaders, type MessageHeaders } from "../../../../packages/shop-messages";
import { validateLogIn, validateSignUp, type SignUpRequest } from "../domain/sign-up";
import { userSignedUp } from "../domain/user-events";
import { EmailTakenError, type User, type UserRepository } from "../repositories/user-repository";
import type { PasswordHasher } from "../security/passwords";

export interface AuthResult {
  token: string;
  user: User;
}

/** Sign-up and log-in: validation, hashing, storage and token issuing, in that order. */
export function createAccountService(users: UserRepository, passwords: PasswordHasher, token: TokenSettings) {
  const authResult = (user: User): AuthResult => ({
    token: issueAccessToken(token, { userId: user.id, role: user.role }),
    user,
  });

  return {
    /** `headers` travel with the UserSignedUp event (the request id, so one sign-up can be followed). */
    async signUp(input: SignUpRequest, headers: MessageHeaders = messageHeaders({ requestId: `sign-up-${randomUUID()}` })): Promise<AuthResult> {
      const valid = validateSignUp(input);
      try {
        const account = { email: valid.email, name: valid.name, passwordHash: await passwords.hash(valid.password) };
        const user = await users.create(account, (created) => [userSignedUp(created, headers)]);
        return authResult(user);
      } catch (error) {
        if (error instanceof EmailTakenError) throw new BadUserInputError("An account with this email already exists", "email");
        throw error;
      }
    },

    async logIn(rawEmail: string, rawPassword: string): Promise<AuthResult> {
      const { email, password } = validateLogIn({ email: rawEmail, password: rawPassword });
      const user = await users.findByEmail(email);
      const matches = await passwords.verify(user?.passwordHash ?? null, password);
      // One message for both cases, so log-in does not reveal which emails are registered.
      if (!user || !matches) throw new UnauthenticatedError("The email or password is not correct");
      return authResult(user);
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
