import { DateTimeResolver } from "graphql-scalars";
import type { Resolvers } from "../generated/graphql";
import { Mutation } from "./Mutation";
import { Query } from "./Query";
import { SavedAddress } from "./SavedAddress";
import { User } from "./User";

export const resolvers: Resolvers = { DateTime: DateTimeResolver, Query, Mutation, User, SavedAddress };
