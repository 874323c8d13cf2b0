import { DateTimeResolver } from "graphql-scalars";
import type { Resolvers } from "../generated/graphql";
import { Cart } from "./Cart";
import { CartLine } from "./CartLine";
import { Mutation } from "./Mutation";
import { Order } from "./Order";
import { OrderItem } from "./OrderItem";
import { Query } from "./Query";
import { User } from "./User";

export const resolvers: Resolvers = { DateTime: DateTimeResolver, Query, Mutation, User, Order, OrderItem, Cart, CartLine };
