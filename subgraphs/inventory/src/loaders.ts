import { rowByKeyLoader } from "../../../packages/batching";
import type { StockRepository } from "./repositories/stock-repository";

/** Per-request loaders: the stock of every product in one request costs one SQL query in all. */
export function createLoaders(stock: StockRepository) {
  return {
    stockByProductId: rowByKeyLoader(stock.findByProductIds, (row) => row.productId),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
