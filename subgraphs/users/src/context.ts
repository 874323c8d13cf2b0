import type { Caller } from "../../../packages/identity";
import { messageHeaders, type MessageHeaders } from "../../../packages/shop-messages";
import { createLoaders, type Loaders } from "./loaders";
import type { AddressRepository } from "./repositories/address-repository";
import type { UserRepository } from "./repositories/user-repository";
import type { AccountService } from "./services/account-service";
import type { ProfileService } from "./services/profile-service";
import type { SessionService } from "./services/session-service";

export interface Context {
  caller: Caller | null;
  requestId: string;
  loaders: Loaders;
  accounts: AccountService;
  sessions: SessionService;
  profiles: ProfileService;
  /** Users who signed up or logged in during this request: they may read their own private fields. */
  authenticatedInRequest: Set<string>;
  /** Carried by the messages a request causes, so they can be followed back to it. */
  messageHeaders: MessageHeaders;
}

export interface ContextDeps {
  users: UserRepository;
  addresses: AddressRepository;
  accounts: AccountService;
  sessions: SessionService;
  profiles: ProfileService;
}

export function contextFactory(deps: ContextDeps) {
  return (request: { caller: Caller | null; requestId: string }): Context => ({
    caller: request.caller,
    requestId: request.requestId,
    loaders: createLoaders(deps.users, deps.addresses),
    accounts: deps.accounts,
    sessions: deps.sessions,
    profiles: deps.profiles,
    authenticatedInRequest: new Set(),
    // Built inside the request, so the request's trace context travels with its messages.
    messageHeaders: messageHeaders({ requestId: request.requestId }),
  });
}
