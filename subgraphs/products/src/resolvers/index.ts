import { DateTimeResolver } from "graphql-scalars";
import type { Resolvers } from "../generated/graphql";
import { Category } from "./Category";
import { Mutation } from "./Mutation";
import { Product } from "./Product";
import { Query } from "./Query";

export const resolvers: Resolvers = { DateTime: DateTimeResolver, Query, Mutation, Product, Category };
