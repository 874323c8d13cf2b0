import { DateTimeResolver } from "graphql-scalars";
import { Cart } from "./Cart";
import type { Resolvers } from "../generated/graphql";
import { Mutation } from "./Mutation";
import { Order } from "./Order";
import { Product } from "./Product";
import { Shipment } from "./Shipment";

export const resolvers: Resolvers = { DateTime: DateTimeResolver, Cart, Mutation, Order, Product, Shipment };
