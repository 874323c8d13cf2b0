/** The guest cart's id: the only key to a guest's cart, kept in this browser until sign-in merges it. */
const KEY = "shop.guestCartId";

export const guestCartId = {
  read: (): string | null => localStorage.getItem(KEY),
  write: (id: string): void => localStorage.setItem(KEY, id),
  clear: (): void => localStorage.removeItem(KEY),
};
