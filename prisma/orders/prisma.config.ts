import { prismaConfigFor } from "../prisma-config-for";

export default prismaConfigFor("orders");
