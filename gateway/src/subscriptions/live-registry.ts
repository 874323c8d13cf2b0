import type { LiveSubscription } from "./live-subscription";

type Index = Map<string, Set<LiveSubscription>>;

/**
 * The subscriptions open on this replica, by what they watch: an order's id, or a user's id and role
 * (their own notifications and their audience's, e.g. every admin's low-stock alerts). The event reader
 * tells it what changed; each subscription coalesces on its own.
 */
export class LiveRegistry {
  private readonly byOrder: Index = new Map();
  private readonly byUser: Index = new Map();
  private readonly byAudience: Index = new Map();
  private readonly keys = new Map<LiveSubscription, Array<{ index: Index; key: string }>>();

  watchOrder(subscription: LiveSubscription, orderId: string): void {
    this.add(this.byOrder, orderId.toLowerCase(), subscription);
  }

  watchNotifications(subscription: LiveSubscription, userId: string, audience: string): void {
    this.add(this.byUser, userId.toLowerCase(), subscription);
    this.add(this.byAudience, audience, subscription);
  }

  remove(subscription: LiveSubscription): void {
    for (const { index, key } of this.keys.get(subscription) ?? []) {
      const watchers = index.get(key);
      watchers?.delete(subscription);
      if (watchers?.size === 0) index.delete(key);
    }
    this.keys.delete(subscription);
  }

  ordersChanged(orderIds: Iterable<string>): void {
    for (const orderId of orderIds) this.byOrder.get(orderId.toLowerCase())?.forEach((subscription) => subscription.changed());
  }

  notificationsCreated(userIds: Iterable<string>, audiences: Iterable<string> = []): void {
    const told = new Set<LiveSubscription>();
    for (const userId of userIds) this.byUser.get(userId.toLowerCase())?.forEach((subscription) => told.add(subscription));
    for (const audience of audiences) this.byAudience.get(audience)?.forEach((subscription) => told.add(subscription));
    for (const subscription of told) subscription.changed();
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
    this.keys.set(subscription, [...(this.keys.get(subscription) ?? []), { index, key }]);
  }
}
