import type { GrantRow } from "@baton-ts/c1z/database";
import type { Entitlement, Grant } from "@baton-ts/protocol";
import { GrantEncoder } from "@baton-ts/protocol/wire";

/**
 * Grants waiting for the next write, kept compact: bytes, grant id and principal id in one reused
 * arena, the shared columns (entitlement, types) deduplicated against the previous row. Rows that wait
 * for a write outlive V8's young generation; as JS objects (a row, a Buffer, strings) they were the
 * bulk of the old-generation garbage of a big sync and of its peak RSS. The GrantRow objects are built
 * only at write time and die right after.
 */
export class GrantRowBuffer {
  // The one grant encoder (in @baton-ts/protocol/wire); a page's shared sub-messages are encoded once per `add`.
  private readonly encoder = new GrantEncoder({ reuseSubMessages: true });
  private arena = Buffer.allocUnsafe(1 << 22);
  private used = 0;
  private count = 0;
  /** Per row: [id end, principal id end, data end] offsets into the arena (outside the JS heap). */
  private offsets = new Uint32Array(3 * 4096);
  // Never shrunk, only overwritten: re-growing them per batch was garbage of its own.
  private readonly entitlementIds: string[] = [];
  private readonly resourceTypeIds: string[] = [];
  private readonly resourceIds: string[] = [];
  private readonly principalTypes: string[] = [];

  get length(): number {
    return this.count;
  }

  add(grants: readonly Grant[]): void {
    for (const grant of grants) {
      const entitlement = grant.entitlement as Entitlement;
      const owner = entitlement.resource?.id;
      const principal = grant.principal?.id;
      if (3 * this.count + 3 > this.offsets.length) {
        const grown = new Uint32Array(this.offsets.length * 2);
        grown.set(this.offsets);
        this.offsets = grown;
      }
      const at = 3 * this.count;
      this.offsets[at] = this.text(grant.id);
      this.offsets[at + 1] = this.text(principal?.resource ?? "");
      const fallback = this.encoder.encode(grant);
      this.reserve(this.encoder.encodedLength(fallback));
      this.used += this.encoder.copyEncoded(fallback, this.arena, this.used);
      this.offsets[at + 2] = this.used;
      const i = this.count;
      this.entitlementIds[i] = shared(this.entitlementIds, i, entitlement.id);
      this.resourceTypeIds[i] = shared(this.resourceTypeIds, i, owner?.resourceType ?? "");
      this.resourceIds[i] = shared(this.resourceIds, i, owner?.resource ?? "");
      this.principalTypes[i] = shared(this.principalTypes, i, principal?.resourceType ?? "");
      this.count += 1;
    }
    this.encoder.clear();
  }

  /**
   * Hands the rows to `write` in chunks (each valid only during its call), then empties the buffer.
   * Chunks keep the row objects few at any moment, so they die young even while SQLite works.
   */
  drain(write: (rows: GrantRow[]) => void, chunk = 1000): void {
    let start = 0;
    for (let first = 0; first < this.count; first += chunk) {
      const rows: GrantRow[] = [];
      const last = Math.min(first + chunk, this.count);
      for (let i = first; i < last; i += 1) {
        const idEnd = this.offsets[3 * i] as number;
        const principalEnd = this.offsets[3 * i + 1] as number;
        const dataEnd = this.offsets[3 * i + 2] as number;
        rows.push({
          externalId: this.arena.toString("utf8", start, idEnd),
          resourceTypeId: this.resourceTypeIds[i] as string,
          resourceId: this.resourceIds[i] as string,
          entitlementId: this.entitlementIds[i] as string,
          principalResourceTypeId: this.principalTypes[i] as string,
          principalResourceId: this.arena.toString("utf8", idEnd, principalEnd),
          data: this.arena.subarray(principalEnd, dataEnd),
        });
        start = dataEnd;
      }
      write(rows);
    }
    this.used = 0;
    this.count = 0;
  }

  private text(value: string): number {
    this.reserve(value.length * 3);
    this.used += this.arena.write(value, this.used, "utf8");
    return this.used;
  }

  private reserve(bytes: number): void {
    if (this.used + bytes <= this.arena.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.used + bytes));
    this.arena.copy(grown, 0, 0, this.used);
    this.arena = grown;
  }
}

/** `value`, or the previous row's string when equal (one string object per run of rows). */
const shared = (list: readonly string[], index: number, value: string): string => {
  const previous = index > 0 ? list[index - 1] : undefined;
  return previous === value ? previous : value;
};
