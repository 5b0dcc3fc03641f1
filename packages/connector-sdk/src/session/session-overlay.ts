/** A value the overlay knows to be absent (deleted, or under a cleared prefix). */
export const DELETED: unique symbol = Symbol("deleted");
export type OverlayValue = string | typeof DELETED;

/**
 * Session writes not yet in the layer below (values as JSON text), in an order-preserving form:
 * prefix clears first, then the values written after them. Reading through it answers a key it
 * knows and says "ask below" (undefined) for one it does not.
 */
export class SessionOverlay {
  readonly values = new Map<string, OverlayValue>();
  readonly clears: string[] = [];
  /** JSON bytes held (keys and values), to bound what waits in memory. */
  bytes = 0;

  get size(): number {
    return this.values.size + this.clears.length;
  }

  lookup(key: string): OverlayValue | undefined {
    const known = this.values.get(key);
    if (known !== undefined) return known;
    return this.clears.some((prefix) => key.startsWith(prefix)) ? DELETED : undefined;
  }

  write(key: string, value: OverlayValue): void {
    const before = this.values.get(key);
    if (before !== undefined) this.bytes -= key.length + (before === DELETED ? 0 : before.length);
    this.values.set(key, value);
    this.bytes += key.length + (value === DELETED ? 0 : value.length);
  }

  clear(prefix: string): void {
    for (const [key, value] of this.values) {
      if (!key.startsWith(prefix)) continue;
      this.values.delete(key);
      this.bytes -= key.length + (value === DELETED ? 0 : value.length);
    }
    // A clear covered by an earlier, wider one adds nothing.
    if (!this.clears.some((earlier) => prefix.startsWith(earlier))) this.clears.push(prefix);
  }

  /** Applies this overlay's writes on top of `target` (clears first: they came before the values). */
  applyTo(target: SessionOverlay): void {
    for (const prefix of this.clears) target.clear(prefix);
    for (const [key, value] of this.values) target.write(key, value);
  }

  reset(): void {
    this.values.clear();
    this.clears.length = 0;
    this.bytes = 0;
  }
}
