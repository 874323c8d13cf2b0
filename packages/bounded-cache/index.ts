/**
 * Values worked out once per key for a process's lifetime, for keys that repeat (query texts, operation
 * hashes). Bounded so that keys a client makes up cannot grow it: past `maxEntries` it starts over empty,
 * which costs a recomputation per key, never a wrong value.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly maxEntries: number) {}

  getOrCompute(key: string, compute: () => V): V {
    if (this.entries.has(key)) return this.entries.get(key)!;
    const value = compute();
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, value);
    return value;
  }
}
