import type { Message } from "./message";

/**
 * What the transport must know about the streams it carries and cannot know itself: the application
 * that owns the streams (packages/shop-messages for the shop) gives it to `startParticipant`.
 */
export interface StreamTopology {
  /** The consumer groups that read a stream: it is not trimmed until every one of them exists. */
  groupsOf(stream: string): readonly string[];
  /**
   * Whether a stream's messages carry secrets: it must have a single group, an entry it acknowledged is
   * deleted at once (see `acknowledge` in secrets.ts), and it is trimmed exactly rather than approximately.
   */
  carriesSecrets(stream: string): boolean;
  /** Messages with the same key are handled in stream order; those with different keys side by side. */
  orderingKey(message: Message): string;
  /**
   * A fan-out stream (read without consumer groups, e.g. by every gateway replica) has no pending
   * entries to trim below: the relay caps it at this length (XADD MAXLEN ~) instead. Undefined: no cap.
   */
  maxLengthOf?(stream: string): number | undefined;
}
