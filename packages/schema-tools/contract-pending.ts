/**
 * Contract items that are not built yet: the contract check skips them, and the schema check says when
 * one of them exists and can leave this list. A type is named alone; a field as Type.field.
 */
export const CONTRACT_ITEMS_NOT_YET_BUILT: ReadonlySet<string> = new Set<string>([
]);
