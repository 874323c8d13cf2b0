import type { Resolvers } from "../generated/graphql";
import { Mutation } from "./Mutation";
import { Product } from "./Product";

export const resolvers: Resolvers = { Mutation, Product };
