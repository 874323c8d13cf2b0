/**
 * Open graphql-ws connections per user on this replica: one more than the limit is refused. Kept in
 * memory (a connection lives on one replica, and its count must drop when the process dies with it);
 * a user spread over N replicas may hold up to N times the limit.
 */
export class ConnectionLimits {
  private readonly open = new Map<string, number>();

  constructor(private readonly maxPerUser: number) {}

  /** Counts a new connection of the user's; false (nothing counted) when they already hold the limit. */
  tryOpen(userId: string): boolean {
    const count = this.open.get(userId) ?? 0;
    if (count >= this.maxPerUser) return false;
    this.open.set(userId, count + 1);
    return true;
  }

  close(userId: string): void {
    const count = (this.open.get(userId) ?? 0) - 1;
    if (count > 0) this.open.set(userId, count);
    else this.open.delete(userId);
  }

  openFor(userId: string): number {
    return this.open.get(userId) ?? 0;
  }
}
