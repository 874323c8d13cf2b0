import type { CombinedError } from "urql";
import { shopperMessage } from "../errors";

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

/** A request's error in shopper words; with partial data the page shows what came back above it. */
export function ErrorNote({ error }: { error: CombinedError | undefined }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {shopperMessage(error)}
    </p>
  );
}
