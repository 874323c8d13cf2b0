import { randomUUID } from "node:crypto";
import { BadUserInputError, UnauthenticatedError } from "../../../../packages/errors";
import { messageHeaders, type MessageHeaders } from "../../../../packages/shop-messages";
import { validateLogIn, validateSignUp, type SignUpRequest } from "../domain/sign-up";
import { userSignedUp } from "../domain/user-events";
import { EmailTakenError, type UserRepository } from "../repositories/user-repository";
import type { PasswordHasher } from "../security/passwords";
import type { AuthResult, SessionService } from "./session-service";

export type { AuthResult };

/** Sign-up and log-in: validation, hashing, storage, then a new session, in that order. */
export function createAccountService(users: UserRepository, passwords: PasswordHasher, sessions: Pick<SessionService, "start">) {
  return {
    /** `headers` travel with the UserSignedUp event (the request id, so one sign-up can be followed). */
    async signUp(input: SignUpRequest, headers: MessageHeaders = messageHeaders({ requestId: `sign-up-${randomUUID()}` })): Promise<AuthResult> {
      const valid = validateSignUp(input);
      try {
        const account = { email: valid.email, name: valid.name, passwordHash: await passwords.hash(valid.password) };
        const user = await users.create(account, (created) => [userSignedUp(created, headers)]);
        return await sessions.start(user);
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
      return sessions.start(user);
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
