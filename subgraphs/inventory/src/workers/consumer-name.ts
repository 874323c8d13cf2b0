/** This service's name in processed_messages (and its consumer group on every stream it reads). */
export const INVENTORY_CONSUMER = "inventory";
