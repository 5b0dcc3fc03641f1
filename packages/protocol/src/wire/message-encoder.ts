import {
  type Any,
  AnySchema,
  type DescMessage,
  type Entitlement,
  EntitlementSchema,
  ExternalIdSchema,
  GrantSchema,
  type Resource,
  type ResourceId,
  ResourceIdSchema,
  ResourceSchema,
  type ResourceType,
  ResourceTypeSchema,
  toBinary,
} from "../index.js";
import { WireWriter } from "./wire-writer.js";

/**
 * Resources and entitlements encoded for the store without `toBinary`: the one hand-written encoder of
 * these messages in the repository (grants: grant-encoder.ts; trait profiles: struct-wire.ts; all on
 * WireWriter). `toBinary` starts every message in a fresh 128-byte buffer and doubles it as it grows,
 * then copies the result out: for a few hundred bytes that is four typed arrays per message, which
 * measured as a large share of a sync's CPU and of its garbage collection. Here one reused buffer is
 * written, and each message costs one copy out (`resource`) or nothing (`resourceView`, for callers
 * that bind the bytes before encoding again, as RowMaker does).
 *
 * Why this design (merged from c1z's FastEncoder and the sdk's MessageEncoder, which coexisted): the
 * sdk's is kept, as it is the more capable (grantable-to types are written, each distinct type once per
 * batch, instead of sending the whole entitlement to toBinary) and checks eligibility up front rather than
 * through a closure per nested message; c1z's view hand-out (no allocation per row) and string path
 * live on in WireWriter. The output is byte-for-byte `toBinary`'s (tested), and anything this encoder
 * does not know (a field added to the protocol, unknown fields, a resource with profile, icon, status or
 * creation time, a negative enum) goes through `toBinary`.
 */
export class MessageEncoder {
  private readonly out = new WireWriter();
  /** Sub-messages seen in this batch (grantable-to types repeat across entitlements); see `clear`. */
  private readonly cache = new Map<object, Uint8Array>();
  private readonly grantableTo = (type: ResourceType): Uint8Array => this.cached(type);

  /** The resource's bytes, as a copy the caller may keep. */
  resource(resource: Resource): Uint8Array {
    return this.owned(this.resourceView(resource));
  }

  /** The resource's bytes: a view valid until this encoder's next call (SQLite copies it when binding). */
  resourceView(resource: Resource): Uint8Array {
    if (!FAST_PATH || !isPlainResource(resource)) return toBinary(ResourceSchema, resource);
    this.out.reset();
    writeResource(this.out, resource);
    return this.out.view();
  }

  /** The entitlement's bytes, as a copy the caller may keep. */
  entitlement(entitlement: Entitlement): Uint8Array {
    return this.owned(this.entitlementView(entitlement));
  }

  /** The entitlement's bytes: a view valid until this encoder's next call. */
  entitlementView(entitlement: Entitlement): Uint8Array {
    if (!FAST_PATH || !isPlainEntitlement(entitlement)) return toBinary(EntitlementSchema, entitlement);
    this.out.reset();
    writeEntitlement(this.out, entitlement, this.grantableTo);
    return this.out.view();
  }

  /** Forgets the sub-messages encoded so far (call once per batch: messages may change between them). */
  clear(): void {
    this.cache.clear();
  }

  /** `bytes` as the caller's own: a copy when they are a view on the reused buffer. */
  private owned(bytes: Uint8Array): Uint8Array {
    return bytes === this.out.lastView ? bytes.slice() : bytes;
  }

  private cached(type: ResourceType): Uint8Array {
    let bytes = this.cache.get(type);
    if (bytes === undefined) {
      bytes = toBinary(ResourceTypeSchema, type);
      this.cache.set(type, bytes);
    }
    return bytes;
  }
}

/** The fast path knows exactly these fields (name = number); a protocol change turns it off. */
const fieldsAre = (schema: DescMessage, expected: readonly string[]): boolean =>
  schema.fields.length === expected.length &&
  schema.fields.every((field, index) => `${field.localName}=${field.number}` === expected[index]);

/** False if a schema changed since these writers were written; then everything goes through toBinary. */
export const FAST_PATH =
  fieldsAre(GrantSchema, ["entitlement=1", "principal=2", "id=3", "annotations=4", "sources=5"]) &&
  fieldsAre(ResourceSchema, [
    "id=1",
    "parentResourceId=2",
    "displayName=3",
    "annotations=4",
    "description=5",
    "batonResource=6",
    "externalId=7",
    "creationSource=8",
    "profile=9",
    "icon=10",
    "status=11",
    "createdAt=12",
  ]) &&
  fieldsAre(ResourceIdSchema, ["resourceType=1", "resource=2", "batonResource=3"]) &&
  fieldsAre(AnySchema, ["typeUrl=1", "value=2"]) &&
  fieldsAre(ExternalIdSchema, ["id=1", "link=2", "description=3"]) &&
  fieldsAre(EntitlementSchema, [
    "resource=1",
    "id=2",
    "displayName=3",
    "description=4",
    "grantableTo=5",
    "annotations=6",
    "purpose=7",
    "slug=8",
  ]);

/** Whether the fast path is active (tests assert it, so a schema change cannot silently disable it). */
export const fastEncoderEnabled = (): boolean => FAST_PATH;

export const hasUnknown = (message: object): boolean => {
  const unknown = (message as { $unknown?: readonly unknown[] }).$unknown;
  return unknown !== undefined && unknown.length > 0;
};

export const isPlainAny = (annotation: Any): boolean => !hasUnknown(annotation);

/** A resource of the fields this encoder writes, without unknown fields anywhere. */
export const isPlainResource = (r: Resource): boolean =>
  r.profile === undefined &&
  r.icon === undefined &&
  r.status === undefined &&
  r.createdAt === undefined &&
  r.creationSource >= 0 &&
  !hasUnknown(r) &&
  (r.id === undefined || !hasUnknown(r.id)) &&
  (r.parentResourceId === undefined || !hasUnknown(r.parentResourceId)) &&
  (r.externalId === undefined || !hasUnknown(r.externalId)) &&
  r.annotations.every(isPlainAny);

/** An entitlement this encoder writes (its grantable-to types go through toBinary, once per batch). */
export const isPlainEntitlement = (e: Entitlement): boolean =>
  !hasUnknown(e) &&
  (e.resource === undefined || isPlainResource(e.resource)) &&
  e.purpose >= 0 &&
  e.annotations.every(isPlainAny);

export const writeResourceIdFields = (out: WireWriter, id: ResourceId): void => {
  out.string(0x0a, id.resourceType);
  out.string(0x12, id.resource);
  if (id.batonResource) out.varintField(0x18, 1);
};

const writeResourceId = (out: WireWriter, tag: number, id: ResourceId): void => {
  const mark = out.begin(tag);
  writeResourceIdFields(out, id);
  out.end(mark);
};

export const writeAny = (out: WireWriter, tag: number, annotation: Any): void => {
  const mark = out.begin(tag);
  out.string(0x0a, annotation.typeUrl);
  if (annotation.value.length > 0) out.bytes(0x12, annotation.value);
  out.end(mark);
};

/** The fields of a plain resource, in field-number order (as toBinary writes them). */
export const writeResource = (out: WireWriter, r: Resource): void => {
  if (r.id !== undefined) writeResourceId(out, 0x0a, r.id);
  if (r.parentResourceId !== undefined) writeResourceId(out, 0x12, r.parentResourceId);
  out.string(0x1a, r.displayName);
  for (const annotation of r.annotations) writeAny(out, 0x22, annotation);
  out.string(0x2a, r.description);
  if (r.batonResource) out.varintField(0x30, 1);
  const external = r.externalId;
  if (external !== undefined) {
    const mark = out.begin(0x3a);
    out.string(0x0a, external.id);
    out.string(0x12, external.link);
    out.string(0x1a, external.description);
    out.end(mark);
  }
  if (r.creationSource !== 0) out.varintField(0x40, r.creationSource);
};

/** The fields of a plain entitlement, in field-number order; `grantableTo` gives a type's bytes. */
export const writeEntitlement = (
  out: WireWriter,
  e: Entitlement,
  grantableTo: (type: ResourceType) => Uint8Array,
): void => {
  const owner = e.resource;
  if (owner !== undefined) {
    const mark = out.begin(0x0a);
    writeResource(out, owner);
    out.end(mark);
  }
  out.string(0x12, e.id);
  out.string(0x1a, e.displayName);
  out.string(0x22, e.description);
  for (const type of e.grantableTo) out.bytes(0x2a, grantableTo(type));
  for (const annotation of e.annotations) writeAny(out, 0x32, annotation);
  if (e.purpose !== 0) out.varintField(0x38, e.purpose);
  out.string(0x42, e.slug);
};
