import { BadUserInputError } from "../errors";

export const MAX_PAGE_SIZE = 100;

/** Checks a connection's `first` argument against the contract's bounds (0..100). */
export function checkPageSize(first: number): number {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`first must be between 0 and ${MAX_PAGE_SIZE}`, "first");
  }
  return first;
}
