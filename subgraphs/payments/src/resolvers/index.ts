import { DateTimeResolver } from "graphql-scalars";
import type { Resolvers } from "../generated/graphql";
import { Order } from "./Order";
import { Payment } from "./Payment";

export const resolvers: Resolvers = { DateTime: DateTimeResolver, Order, Payment };
