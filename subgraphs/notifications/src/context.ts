import type { Caller } from "../../../packages/identity";
import { readerOf } from "./domain/access";
import { createLoaders, type Loaders } from "./loaders";
import type { NotificationRepository } from "./repositories/notification-repository";

export interface Context {
  caller: Caller | null;
  requestId: string;
  loaders: Loaders;
  notifications: NotificationRepository;
}

export interface ContextDeps {
  notifications: NotificationRepository;
}

export function contextFactory(deps: ContextDeps) {
  return (request: { caller: Caller | null; requestId: string }): Context => ({
    caller: request.caller,
    requestId: request.requestId,
    loaders: createLoaders(deps.notifications, request.caller && readerOf(request.caller)),
    notifications: deps.notifications,
  });
}
