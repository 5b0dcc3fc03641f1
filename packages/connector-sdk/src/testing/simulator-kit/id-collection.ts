/**
 * Numeric order of decimal id strings without BigInt: the shorter string is the smaller number. For
 * other ids it is still a total, stable order (length, then text).
 */
export const compareIds = (a: string, b: string): number =>
  a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;

/**
 * A simulator's store of one kind of object, kept in id order, the order keyset paging needs: a cursor
 * says "after id X", so pages stay stable while tests add or remove objects between them.
 */
export class IdCollection<T extends { readonly id: string }> {
  private readonly byId = new Map<string, T>();
  private ordered: T[] | undefined;

  constructor(
    items: readonly T[] = [],
    private readonly compare: (a: string, b: string) => number = compareIds,
  ) {
    for (const item of items) this.byId.set(item.id, item);
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): T | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Adds or replaces an object. */
  put(item: T): void {
    this.byId.set(item.id, item);
    this.ordered = undefined;
  }

  delete(id: string): boolean {
    const removed = this.byId.delete(id);
    if (removed) this.ordered = undefined;
    return removed;
  }

  /** All objects in id order (cached until the next change). */
  all(): readonly T[] {
    this.ordered ??= [...this.byId.values()].sort((a, b) => this.compare(a.id, b.id));
    return this.ordered;
  }

  /** Index in `all()` of the first object whose id comes after `id` (binary search). */
  indexAfter(id: string): number {
    const items = this.all();
    let low = 0;
    let high = items.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.compare((items[mid] as T).id, id) <= 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** A state dump shows the objects in id order. */
  toJSON(): readonly T[] {
    return this.all();
  }
}
