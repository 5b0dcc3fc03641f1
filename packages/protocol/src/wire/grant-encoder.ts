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
  type ResourceType,
  ResourceTypeSchema,
  toBinary,
} from "../index.js";
import {
  FAST_PATH,
  hasUnknown,
  isPlainEntitlement,
  isPlainResource,
  MessageEncoder,
  writeAny,
  writeEntitlement,
  writeResource,
  writeResourceIdFields,
} from "./message-encoder.js";
import { WireWriter } from "./wire-writer.js";

export interface GrantEncoderOptions {
  /**
   * Encode each distinct sub-message object (entitlement, resource) once and reuse its bytes until
   * `clear`: right for a page of grants that share them, when nothing mutates the messages in between
   * (the sdk's engine). Off (the default), every sub-message is written in place, for callers that
   * encode one grant at a time and promise nothing about the objects (C1zFile.put*).
   */
  readonly reuseSubMessages?: boolean;
}

/**
 * Grants encoded fast: the one hand-written grant encoder of the repository (merged
 * from c1z's FastEncoder and the sdk's GrantEncoder; see message-encoder.ts for the shared design). A
 * page of grants repeats the same sub-messages: every grant of a group carries the group's full
 * Resource inside its entitlement stub (Baton's NewGrant), and every principal is a bare
 * `Resource{id}`. The generic `toBinary` re-encodes all of it per grant, which measured as the largest
 * cost of a big sync (reflection plus a fresh writer per message). Here the stub shapes are written
 * directly into one reused buffer, and with `reuseSubMessages` each distinct sub-message object is
 * encoded once per batch (the sdk's page-level reuse); the grant's bytes are handed out as a view
 * (nothing allocated: the c1z store's row path) or copied into the caller's arena.
 *
 * Why this design: the sdk's was kept, as the more capable one (grants with sources, grantable-to
 * types or a sub-message it cannot write still take the fast path, with only that part through
 * `toBinary`, where c1z's sent the whole grant there) and the one that knows page-level reuse; nested
 * messages are written with begin/end rather than callbacks (a closure per nested message was a
 * measurable share of a big sync's garbage). The output is byte-for-byte `toBinary`'s (tested).
 */
export class GrantEncoder {
  private readonly cache = new Map<object, Uint8Array>();
  private readonly messages = new MessageEncoder();
  private readonly out = new WireWriter();
  private readonly reuse: boolean;
  private readonly grantableTo = (type: ResourceType): Uint8Array => toBinary(ResourceTypeSchema, type);

  constructor(options: GrantEncoderOptions = {}) {
    this.reuse = options.reuseSubMessages ?? false;
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
   * call to `encode`); used by the sdk's GrantRowBuffer to copy without a view object per grant.
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
   * a grant outside the fast path (unknown fields on the grant itself, or a protocol it does not know).
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
        if (owner !== undefined) this.resource(0x0a, owner);
        out.string(0x12, entitlement.id);
        out.end(mark);
      } else if (this.reuse) {
        out.bytes(0x0a, this.cached(entitlement));
      } else if (isPlainEntitlement(entitlement)) {
        const mark = out.begin(0x0a);
        writeEntitlement(out, entitlement, this.grantableTo);
        out.end(mark);
      } else {
        out.bytes(0x0a, toBinary(EntitlementSchema, entitlement));
      }
    }
    if (principal !== undefined) this.resource(0x12, principal);
    out.string(0x1a, grant.id);
    for (const annotation of grant.annotations) {
      if (hasUnknown(annotation)) out.bytes(0x22, toBinary(AnySchema, annotation));
      else writeAny(out, 0x22, annotation);
    }
    if (grant.sources !== undefined) out.bytes(0x2a, toBinary(GrantSourcesSchema, grant.sources));
    return undefined;
  }

  /** A resource as field `tag`. */
  private resource(tag: number, resource: Resource): void {
    const out = this.out;
    const id = resource.id;
    // A bare `Resource{id}` (a principal, or a connector's reference to a stored resource, often built
    // per grant) is written directly: caching by object would encode it once per grant.
    if (id !== undefined && isBareResource(resource)) writeBareResource(out, tag, id);
    else if (this.reuse) out.bytes(tag, this.cached(resource));
    else if (isPlainResource(resource)) {
      const mark = out.begin(tag);
      writeResource(out, resource);
      out.end(mark);
    } else out.bytes(tag, toBinary(ResourceSchema, resource));
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

/** `Resource{id}` as field `tag`: the nested resource holds only its nested id. */
const writeBareResource = (out: WireWriter, tag: number, id: ResourceId): void => {
  const resourceMark = out.begin(tag);
  const idMark = out.begin(0x0a);
  writeResourceIdFields(out, id);
  out.end(idMark);
  out.end(resourceMark);
};
