import type { GrantRow } from "@baton-ts/c1z";
import {
  AnySchema,
  type Entitlement,
  EntitlementSchema,
  type Grant,
  GrantSchema,
  GrantSourcesSchema,
  type Resource,
  type ResourceId,
  ResourceSchema,
  toBinary,
} from "@baton-ts/protocol";
import { Scratch } from "../model/wire-writer.js";
import { MessageEncoder } from "./message-encoder.js";

/**
 * Grant rows for the c1z, encoded fast. A page of grants repeats the same sub-messages: every grant of
 * a group carries the group's full Resource inside its entitlement stub (Baton's NewGrant), and every
 * principal is a bare `Resource{id}`. The generic `toBinary` re-encodes all of it per grant, which
 * measured as the largest cost of a big sync (reflection plus a fresh writer per message). Here each
 * distinct sub-message object is encoded once per batch, the stub shapes are written directly into
 * one reused buffer, and each grant costs one copy out.
 *
 * The output is byte-for-byte `toBinary`'s (fields in number order, defaults omitted; tested). Anything
 * else (unknown fields, a fuller message, a protocol with fields this encoder does not know) falls back
 * to `toBinary`. Hand-written on purpose (see the benchmark); it relies on messages not changing after
 * a connector returned them, which the engine guarantees by never mutating them and caching per batch.
 */
export class GrantEncoder {
  private readonly cache = new Map<object, Uint8Array>();
  private readonly messages = new MessageEncoder();
  private readonly out = new Scratch();

  /** Rows with Baton's denormalised columns; the caller checked that the ids are present. */
  rows(grants: readonly Grant[]): GrantRow[] {
    const rows: GrantRow[] = [];
    for (const grant of grants) {
      const entitlement = grant.entitlement as Entitlement;
      const owner = entitlement.resource?.id;
      const principal = grant.principal?.id;
      rows.push({
        externalId: grant.id,
        resourceTypeId: owner?.resourceType ?? "",
        resourceId: owner?.resource ?? "",
        entitlementId: entitlement.id,
        principalResourceTypeId: principal?.resourceType ?? "",
        principalResourceId: principal?.resource ?? "",
        data: this.grant(grant),
      });
    }
    this.clear();
    return rows;
  }

  /** The grant's bytes, as a copy. */
  grant(grant: Grant): Uint8Array {
    const bytes = this.view(grant);
    return bytes === this.out.lastView ? Uint8Array.from(bytes) : bytes;
  }

  /** Forgets the sub-messages encoded so far (call once per batch). */
  clear(): void {
    this.cache.clear();
    this.messages.clear();
  }

  /** The grant's bytes; when they live in the reused buffer they are valid until the next call. */
  view(grant: Grant): Uint8Array {
    const fallback = this.encode(grant);
    return fallback ?? this.out.view();
  }

  /**
   * Appends the grant's bytes to `target` at `at` (which must have room for `encodedLength` after a
   * call to `encode`); used by GrantRowBuffer to copy without a view object per grant.
   */
  copyEncoded(fallback: Uint8Array | undefined, target: Buffer, at: number): number {
    if (fallback !== undefined) {
      target.set(fallback, at);
      return fallback.length;
    }
    return this.out.copyTo(target, at);
  }

  /** Length of what `encode` produced (`fallback` is its return value). */
  encodedLength(fallback: Uint8Array | undefined): number {
    return fallback === undefined ? this.out.length : fallback.length;
  }

  /**
   * Encodes the grant into the reused buffer and returns undefined, or returns `toBinary`'s bytes for
   * a grant outside the fast path. Nested messages are written with begin/end rather than callbacks:
   * a closure per nested message was a measurable share of a big sync's garbage.
   */
  encode(grant: Grant): Uint8Array | undefined {
    if (!FAST_PATH || hasUnknown(grant)) return toBinary(GrantSchema, grant);
    const out = this.out;
    out.reset();
    const { entitlement, principal } = grant;
    if (entitlement !== undefined) {
      if (isEntitlementStub(entitlement)) {
        const mark = out.begin(0x0a);
        const owner = entitlement.resource;
        if (owner !== undefined) {
          // A bare `Resource{id}` owner (a connector's reference to a stored resource, often built per
          // grant) is written directly: caching by object would encode it once per grant.
          const ownerId = owner.id;
          if (ownerId !== undefined && isBareResource(owner)) writeBareResource(out, 0x0a, ownerId);
          else out.bytes(0x0a, this.cached(owner));
        }
        out.string(0x12, entitlement.id);
        out.end(mark);
      } else {
        out.bytes(0x0a, this.cached(entitlement));
      }
    }
    if (principal !== undefined) {
      const id = principal.id;
      if (id !== undefined && isBareResource(principal)) writeBareResource(out, 0x12, id);
      else out.bytes(0x12, this.cached(principal));
    }
    out.string(0x1a, grant.id);
    for (const annotation of grant.annotations) {
      if (hasUnknown(annotation)) out.bytes(0x22, toBinary(AnySchema, annotation));
      else {
        const mark = out.begin(0x22);
        out.string(0x0a, annotation.typeUrl);
        if (annotation.value.length > 0) out.bytes(0x12, annotation.value);
        out.end(mark);
      }
    }
    if (grant.sources !== undefined) out.bytes(0x2a, toBinary(GrantSourcesSchema, grant.sources));
    return undefined;
  }

  /** A sub-message's bytes, encoded once per batch (a page repeats the same resource objects). */
  private cached(message: Resource | Entitlement): Uint8Array {
    let bytes = this.cache.get(message);
    if (bytes === undefined) {
      bytes =
        message.$typeName === "c1.connector.v2.Resource"
          ? this.messages.resource(message)
          : this.messages.entitlement(message);
      this.cache.set(message, bytes);
    }
    return bytes;
  }
}

/** The fast path knows exactly these fields; a protocol change turns it off rather than drop a field. */
const FAST_PATH =
  GrantSchema.fields.length === 5 &&
  EntitlementSchema.fields.length === 8 &&
  ResourceSchema.fields.length === 12;

const hasUnknown = (message: object): boolean => {
  const unknown = (message as { $unknown?: readonly unknown[] }).$unknown;
  return unknown !== undefined && unknown.length > 0;
};

/** Baton's NewGrant stub: only `resource` and `id`. */
const isEntitlementStub = (e: Entitlement): boolean =>
  e.displayName === "" &&
  e.description === "" &&
  e.grantableTo.length === 0 &&
  e.annotations.length === 0 &&
  e.purpose === 0 &&
  e.slug === "" &&
  !hasUnknown(e);

/** A principal given as a ResourceId: `Resource{id}` and nothing else. */
const isBareResource = (r: Resource): boolean =>
  r.parentResourceId === undefined &&
  r.displayName === "" &&
  r.annotations.length === 0 &&
  r.description === "" &&
  !r.batonResource &&
  r.externalId === undefined &&
  r.creationSource === 0 &&
  r.profile === undefined &&
  r.icon === undefined &&
  r.status === undefined &&
  r.createdAt === undefined &&
  !hasUnknown(r) &&
  r.id !== undefined &&
  !hasUnknown(r.id);

const resourceIdFields = (out: Scratch, id: ResourceId): void => {
  out.string(0x0a, id.resourceType);
  out.string(0x12, id.resource);
  if (id.batonResource) out.varintField(0x18, 1);
};

/** `Resource{id}` as field `tag`: the nested resource holds only its nested id. */
const writeBareResource = (out: Scratch, tag: number, id: ResourceId): void => {
  const resourceMark = out.begin(tag);
  const idMark = out.begin(0x0a);
  resourceIdFields(out, id);
  out.end(idMark);
  out.end(resourceMark);
};

/**
 * Grants waiting for the next write, kept compact: bytes, grant id and principal id in one reused
 * arena, the shared columns (entitlement, types) deduplicated against the previous row. Rows that wait
 * for a write outlive V8's young generation; as JS objects (a row, a Buffer, strings) they were the
 * bulk of the old-generation garbage of a big sync and of its peak RSS. The GrantRow objects are built
 * only at write time and die right after.
 */
export class GrantRowBuffer {
  private readonly encoder = new GrantEncoder();
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
