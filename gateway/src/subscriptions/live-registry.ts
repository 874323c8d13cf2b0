import type { LiveSubscription } from "./live-subscription";

/**
 * The subscriptions open on this replica, by what they watch: an order's id, or a user's id (their
 * notifications). The event reader tells it what changed; each subscription coalesces on its own.
 */
export class LiveRegistry {
  private readonly byOrder = new Map<string, Set<LiveSubscription>>();
  private readonly byUser = new Map<string, Set<LiveSubscription>>();
  private readonly keys = new Map<LiveSubscription, { index: Map<string, Set<LiveSubscription>>; key: string }>();

  watchOrder(subscription: LiveSubscription, orderId: string): void {
    this.add(this.byOrder, orderId.toLowerCase(), subscription);
  }

  watchNotifications(subscription: LiveSubscription, userId: string): void {
    this.add(this.byUser, userId.toLowerCase(), subscription);
  }

  remove(subscription: LiveSubscription): void {
    const entry = this.keys.get(subscription);
    if (!entry) return;
    this.keys.delete(subscription);
    const watchers = entry.index.get(entry.key);
    watchers?.delete(subscription);
    if (watchers?.size === 0) entry.index.delete(entry.key);
  }

  ordersChanged(orderIds: Iterable<string>): void {
    for (const orderId of orderIds) this.byOrder.get(orderId.toLowerCase())?.forEach((subscription) => subscription.changed());
  }

  notificationsCreated(userIds: Iterable<string>): void {
    for (const userId of userIds) this.byUser.get(userId.toLowerCase())?.forEach((subscription) => subscription.changed());
  }

  /** Every subscription reads its state again: events may have been missed (the reader reconnected). */
  refreshAll(): void {
    for (const subscription of this.keys.keys()) subscription.changed();
  }

  get size(): number {
    return this.keys.size;
  }

  private add(index: Map<string, Set<LiveSubscription>>, key: string, subscription: LiveSubscription): void {
    let watchers = index.get(key);
    if (!watchers) index.set(key, (watchers = new Set()));
    watchers.add(subscription);
    this.keys.set(subscription, { index, key });
  }
}
