import { DateTimeResolver } from "graphql-scalars";
import type { Resolvers } from "../generated/graphql";
import { Mutation } from "./Mutation";
import { Notification } from "./Notification";
import { User } from "./User";

export const resolvers: Resolvers = { DateTime: DateTimeResolver, Mutation, Notification, User };
