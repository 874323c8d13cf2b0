import { DateTimeResolver } from "graphql-scalars";
import type { Resolvers } from "../generated/graphql";
import { Notification } from "./Notification";
import { User } from "./User";

export const resolvers: Resolvers = { DateTime: DateTimeResolver, Notification, User };
