/** A product as inventory sees it: only the key, since the products subgraph owns the rest. */
export interface ProductReference {
  id: string;
}

/** The stored quantities of one product. */
export interface StockQuantities {
  onHand: number;
  reserved: number;
}

export interface InventoryLevel extends StockQuantities {
  available: number;
}

const NO_STOCK: StockQuantities = { onHand: 0, reserved: 0 };

/** A product without a stock record has zero stock, not an error: it was simply never stocked. */
export function inventoryLevelOf(stock: StockQuantities | null): InventoryLevel {
  const { onHand, reserved } = stock ?? NO_STOCK;
  // The database's CHECK keeps reserved <= onHand; the floor only guards the contract's "never negative".
  return { onHand, reserved, available: Math.max(0, onHand - reserved) };
}

export function isInStock(level: InventoryLevel): boolean {
  return level.available > 0;
}
