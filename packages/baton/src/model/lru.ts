/**
 * A bounded map that forgets the least recently used entry: lookups of resources and entitlements repeat
 * a lot while grants are listed, but the cache must not grow with the file. Hand-written because a Map's
 * insertion order already is the recency order; it is a dozen lines.
 */
export class Lru<K, V> {
  readonly #entries = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value as K);
  }
}
